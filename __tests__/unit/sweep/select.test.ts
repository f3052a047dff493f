import { describe, expect, it } from '@jest/globals'
import { expiredTemporaryGrants } from '../../../src/sweep/select.js'
import type { RoleAssignmentResource } from '../../../src/azure/arm.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  OTHER_OID,
  OWNER,
  SELF_OID,
  USER_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

const NOW = new Date('2026-06-01T12:00:00Z')
let n = 0
const grant = (over: Partial<RoleAssignmentResource> = {}): RoleAssignmentResource => {
  const name = `a1b2c3d4-0000-4000-8000-${String(++n).padStart(12, '0')}`
  return {
    id: assignmentIdOf(name, over.scope ?? ACCOUNT_ID),
    name,
    scope: ACCOUNT_ID,
    roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
    principalId: USER_OID,
    description: 'Granted by GitHub Actions. temporary until 2026-06-01T11:59:59Z',
    createdBy: SELF_OID,
    ...over
  }
}

describe('expiredTemporaryGrants', () => {
  it('takes an expired temporary grant this identity made at the scope, whatever the role', () => {
    const mine = grant()
    const owner = grant({ roleDefinitionId: roleDefinitionIdOf(OWNER) })
    expect(expiredTemporaryGrants([mine, owner], ACCOUNT_ID, SELF_OID, NOW)).toEqual([mine, owner])
  })

  it("leaves another identity's grant, one without createdBy, one still in its time and one without the marker", () => {
    const others = grant({ createdBy: OTHER_OID })
    const unknownMaker = grant({ createdBy: undefined })
    const notYet = grant({ description: 'x temporary until 2026-06-01T12:00:01Z' })
    const exactlyNow = grant({ description: 'x temporary until 2026-06-01T12:00:00Z' })
    const permanent = grant({ description: 'Granted by GitHub Actions.' })
    const none = grant({ description: undefined })
    const markerInTheMiddle = grant({ description: 'temporary until 2020-01-01T00:00:00Z, then kept' })
    expect(
      expiredTemporaryGrants(
        [others, unknownMaker, notYet, exactlyNow, permanent, none, markerInTheMiddle],
        ACCOUNT_ID,
        SELF_OID,
        NOW
      )
    ).toEqual([])
  })

  it('leaves grants inherited from above the scope, and compares IDs without regard to case', () => {
    const rg = ACCOUNT_ID.replace(/\/providers\/.*$/, '')
    const above = grant({ scope: rg })
    const shouted = grant({ scope: ACCOUNT_ID.toUpperCase(), createdBy: SELF_OID.toUpperCase() })
    expect(expiredTemporaryGrants([above, shouted], ACCOUNT_ID, SELF_OID, NOW)).toEqual([shouted])
  })
})
