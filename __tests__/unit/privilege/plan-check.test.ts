// Which changes a plan asks the identity's rights about, mode by mode: the writes, and the deletes that follow.
import { describe, expect, it } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { readInputs } from '../../../src/inputs/inputs.js'
import { changesOf } from '../../../src/privilege/plan-check.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  SELF_OID,
  USER_OID,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'
import { readerOf, stepInputs } from '../../fixtures/inputs.js'
import type { ResolvedPrincipal, ScopePlan } from '../../../src/types.js'

const SCOPES: ScopePlan[] = [
  {
    target: { kind: 'account', id: ACCOUNT_ID, name: 'ai-prod' },
    role: {
      id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      guid: COGNITIVE_SERVICES_USER,
      name: 'Cognitive Services User'
    }
  }
]
const PRINCIPALS: ResolvedPrincipal[] = [
  { spec: { raw: 'self', kind: 'self' }, objectId: SELF_OID, type: 'ServicePrincipal' },
  { spec: { raw: USER_OID, kind: 'object-id', objectId: USER_OID }, objectId: USER_OID, type: 'User' },
  { spec: { raw: 'self', kind: 'self' }, objectId: SELF_OID, type: 'ServicePrincipal' }
]
const actions = (inputs: Record<string, string>): string[] =>
  changesOf(readInputs(readerOf(stepInputs(inputs))), SCOPES, PRINCIPALS).map(
    (change) => `${change.action.split('/').pop() ?? ''} ${change.principalId} ${change.principalType ?? ''}`
  )

describe('changesOf', () => {
  it('asks about each principal once: a write to assign, a delete to revoke', () => {
    expect(actions({})).toEqual([`write ${SELF_OID} ServicePrincipal`, `write ${USER_OID} User`])
    expect(actions({ [Inputs.Mode]: 'revoke' })).toEqual([
      `delete ${SELF_OID} ServicePrincipal`,
      `delete ${USER_OID} User`
    ])
  })

  it("with revoke-after-job, about the post step's delete too; with PIM, about its schedule requests only", () => {
    expect(actions({ [Inputs.RevokeAfterJob]: 'true' })).toEqual([
      `write ${SELF_OID} ServicePrincipal`,
      `delete ${SELF_OID} ServicePrincipal`,
      `write ${USER_OID} User`,
      `delete ${USER_OID} User`
    ])
    expect(actions({ [Inputs.RevokeAfterJob]: 'true', [Inputs.TimeBound]: 'pim' })).toEqual([
      `write ${SELF_OID} ServicePrincipal`,
      `write ${USER_OID} User`
    ])
    const pim = changesOf(
      readInputs(readerOf(stepInputs({ [Inputs.RevokeAfterJob]: 'true', [Inputs.TimeBound]: 'pim' }))),
      SCOPES,
      PRINCIPALS
    )
    expect(
      pim.every((change) => change.action === 'Microsoft.Authorization/roleAssignmentScheduleRequests/write')
    ).toBe(true)
  })
})
