import { describe, expect, it } from '@jest/globals'
import { renderAccessSummary } from '../../../src/access/summary.js'
import type { AccessReport } from '../../../src/access/types.js'
import { ACCOUNT_ID, GROUP_OID, SP_OID, SUBSCRIPTION, USER_OID } from '../../fixtures/ids.js'

const ROLE = { name: 'Cognitive Services User', id: 'a97b65f3-24c7-4388-baec-2e87135dc908' }

const report = (over: Partial<AccessReport['scopes'][number]> = {}): AccessReport => ({
  changed: false,
  scopes: [
    {
      scope: ACCOUNT_ID,
      kind: 'account',
      name: 'ai-prod',
      callers: [
        {
          objectId: GROUP_OID,
          type: 'Group',
          displayName: 'ml|team',
          role: ROLE,
          assignedAt: `/subscriptions/${SUBSCRIPTION}`,
          inherited: true,
          assignmentId: 'a1'
        },
        {
          objectId: SP_OID,
          type: 'ServicePrincipal',
          role: ROLE,
          assignedAt: ACCOUNT_ID,
          inherited: false,
          temporaryUntil: '2020-01-01T00:00:00Z',
          expired: true,
          conditional: true,
          assignmentId: 'a2'
        }
      ],
      principals: [
        {
          principal: 'user:ada@contoso.com',
          objectId: USER_OID,
          type: 'User',
          result: 'can call',
          through: [
            {
              assignmentId: 'a1',
              role: ROLE.name,
              assignedAt: `/subscriptions/${SUBSCRIPTION}`,
              group: { objectId: GROUP_OID, displayName: 'ml|team' }
            }
          ]
        }
      ],
      posture: { localAuth: 'enabled', publicNetworkAccess: 'Enabled', customSubDomain: 'ai-prod' },
      denyAssignmentsRead: true,
      ...over
    }
  ]
})

describe('the access report summary', () => {
  it('shows each caller with where it is assigned, inheritance, expiry and conditions, cells escaped', () => {
    const text = renderAccessSummary(report())
    expect(text).toContain(
      '| ml\\|team `' + GROUP_OID + '` | Group | Cognitive Services User | subscription (inherited) |  |'
    )
    expect(text).toContain(
      '| `' +
        SP_OID +
        '` | ServicePrincipal | Cognitive Services User | this scope | until 2020-01-01T00:00:00Z (expired); ABAC condition (not evaluated) |'
    )
    expect(text).toContain(
      '| user:ada@contoso.com | `' +
        USER_OID +
        '` | **can call** | Cognitive Services User at subscription through group ml\\|team |'
    )
    expect(text).toContain('**API keys enabled**: callers can bypass Entra ID')
  })

  it('says when no one can call, when keys are off, and when deny assignments could not be read', () => {
    const text = renderAccessSummary(
      report({ callers: [], principals: [], posture: { localAuth: 'disabled' }, denyAssignmentsRead: false })
    )
    expect(text).toContain('No role assignment at or above this scope can call models.')
    expect(text).toContain('API keys disabled (Entra ID only)')
    expect(text).toContain('custom subdomain none')
    expect(text).toContain('Deny assignments could not be read (403)')
    expect(text).not.toContain('| Principal |')
  })
})
