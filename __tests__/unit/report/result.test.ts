import { describe, expect, it } from '@jest/globals'
import { resultDocument } from '../../../src/report/result.js'
import { failedResult, principalOf, resultOf, TARGET, targetNamed } from '../../fixtures/grants.js'
import { SELF_OID, USER_OID } from '../../fixtures/ids.js'

const SELF = principalOf('self', SELF_OID, 'ServicePrincipal')
const USER = principalOf('user:ada@contoso.com', USER_OID, 'User')
const OTHER = targetNamed('ai-dev')

describe('the result output', () => {
  it('groups the principals by scope, in order, with each scope wait', () => {
    const document = resultDocument(
      [
        resultOf(SELF, 'created', 'a'),
        failedResult(USER, 'refused'),
        resultOf(SELF, 'already assigned', 'b', OTHER)
      ],
      {
        line: '…',
        scopes: [
          { targetId: TARGET.id, outcome: 'failed', error: 'timed out' },
          { targetId: OTHER.id, outcome: 'access works', seconds: 4.2, probes: 3 }
        ]
      }
    )
    expect(document.changed).toBe(true)
    expect(document.propagationSeconds).toBeUndefined()
    expect(document.scopes.map((scope) => [scope.scope, scope.kind, scope.principals.length])).toEqual([
      [TARGET.id, 'account', 2],
      [OTHER.id, 'account', 1]
    ])
    expect(document.scopes[0]?.principals[1]).toEqual({
      principal: 'user:ada@contoso.com',
      objectId: USER_OID,
      type: 'User',
      result: 'failed',
      assignmentId: undefined,
      error: 'refused'
    })
    expect(document.scopes[0]?.wait).toEqual({ outcome: 'failed', error: 'timed out' })
    expect(document.scopes[1]?.wait).toEqual({ outcome: 'access works', seconds: 4.2, probes: 3 })
  })

  it('without a wait has no wait, and nothing created or removed is no change', () => {
    const document = resultDocument([resultOf(SELF, 'already assigned', 'a')], undefined)
    expect(document.changed).toBe(false)
    expect(document.scopes[0]).not.toHaveProperty('wait')
    expect(JSON.parse(JSON.stringify(document)).scopes[0].principals[0].assignmentId).toBeDefined()
  })
})
