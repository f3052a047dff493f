import { describe, expect, it } from '@jest/globals'
import { selectOwn } from '../../../src/post/select-own.js'
import { temporaryName } from '../../../src/grant/temporary-name.js'
import type { RoleAssignmentResource } from '../../../src/azure/arm.js'
import { ACCOUNT_ID, COGNITIVE_SERVICES_USER, OTHER_OID, SELF_OID, USER_OID } from '../../fixtures/ids.js'

const SEED = 'c'.repeat(32)
const state = {
  seed: SEED,
  principals: [USER_OID],
  scopes: [[ACCOUNT_ID, COGNITIVE_SERVICES_USER, [0]]] as [string, string, number[]][],
  adopted: []
}
const listed = (over: Partial<RoleAssignmentResource> = {}): RoleAssignmentResource => {
  const name = temporaryName(SEED, ACCOUNT_ID, over.principalId ?? USER_OID, COGNITIVE_SERVICES_USER)
  return {
    id: `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    scope: ACCOUNT_ID,
    roleDefinitionId: `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`,
    principalId: USER_OID,
    createdBy: SELF_OID,
    ...over
  }
}
const select = (items: RoleAssignmentResource[]) =>
  selectOwn(items, state, ACCOUNT_ID, COGNITIVE_SERVICES_USER, SELF_OID)

describe("the post step's choice", () => {
  it('takes an assignment under its seed-derived name with the right scope, role and creator', () => {
    const own = listed()
    expect(select([own])).toEqual({ remove: [own], leave: [] })
  })

  it('ignores every assignment under another name, whoever made it', () => {
    expect(select([listed({ name: 'someone-elses' })])).toEqual({ remove: [], leave: [] })
  })

  it.each([
    ['another creator', { createdBy: OTHER_OID }, 'created by'],
    ['no creator', { createdBy: undefined }, 'unknown identity'],
    [
      'another role',
      { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/other' },
      'its role'
    ],
    ['another scope', { scope: `${ACCOUNT_ID}/projects/p` }, 'its scope']
  ])('leaves one of its names with %s, saying why', (_, over, why) => {
    const result = select([listed(over)])
    expect(result.remove).toEqual([])
    expect(result.leave[0]?.why).toContain(why)
  })
})
