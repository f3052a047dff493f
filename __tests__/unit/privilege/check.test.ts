// The pre-write check of the pipeline identity's own rights (src/privilege): permissions, conditions, advice.
import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { fakeCore } from '../../fixtures/core.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { ACCOUNT_ID, SELF_OID, USER_OID } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { checkPrivilege, readAllRights } = await import('../../../src/privilege/check.js')
const { delegationCondition, DELETE_ACTION, PIM_ACTION, WRITE_ACTION } =
  await import('../../../src/privilege/setup.js')
const { whichCause } = await import('../../../src/privilege/refusals.js')

const CSU = 'a97b65f3-24c7-4388-baec-2e87135dc908'
const AI_USER = '53ca6127-db72-4b80-b1b0-d745d6d5456d'
const OPENAI_USER = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
const RBAC_ADMIN = 'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
const UAA = '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9'
const RG = ACCOUNT_ID.replace(/\/providers\/.*$/, '')
const SUB = RG.replace(/\/resourceGroups\/.*$/, '')
const roleId = (guid: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`

function armHolding(role: string, condition?: string, scope: string = RG): InMemoryArm {
  return new InMemoryArm().addAssignment({
    name: 'eeeeeeee-0000-4000-8000-000000000051',
    scope,
    roleDefinitionId: roleId(role),
    principalId: SELF_OID,
    principalType: 'ServicePrincipal',
    condition
  })
}

const write = (role: string, principalType = 'ServicePrincipal', principalId = SELF_OID) => ({
  action: WRITE_ACTION,
  scope: ACCOUNT_ID,
  roleDefinitionId: roleId(role),
  principalId,
  principalType
})

async function check(arm: InMemoryArm, changes: ReturnType<typeof write>[], pim = false): Promise<unknown> {
  const rights = await readAllRights(arm, [ACCOUNT_ID], SELF_OID)
  try {
    checkPrivilege(rights, { selfId: SELF_OID, changes, pim })
    return undefined
  } catch (error) {
    return error
  }
}

beforeEach(() => core.reset())

describe('checkPrivilege', () => {
  it('fails without the write permission, naming it and printing the least-privilege setup for the run', async () => {
    const arm = armHolding('b24988ac-6180-42a0-ab88-20f7382dd24c')
    arm.permissions = [
      { actions: ['*'], notActions: ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete'] }
    ]
    const error = String(await check(arm, [write(CSU)]))
    expect(error).toContain(`lacks '${WRITE_ACTION}' at ${ACCOUNT_ID}`)
    expect(error).toContain(
      `az role assignment create --assignee-object-id ${SELF_OID} --assignee-principal-type ServicePrincipal --role "Role Based Access Control Administrator" --scope ${ACCOUNT_ID} --condition "${delegationCondition([CSU])}" --condition-version 2.0`
    )
  })

  it('fails a delete without the delete permission, and PIM without its schedule-request permission', async () => {
    const arm = armHolding(RBAC_ADMIN)
    arm.permissions = [{ actions: [WRITE_ACTION, '*/read'], notActions: [] }]
    expect(String(await check(arm, [{ ...write(CSU), action: DELETE_ACTION }]))).toContain(
      `lacks '${DELETE_ACTION}'`
    )
    arm.permissions = [{ actions: [WRITE_ACTION, DELETE_ACTION, '*/read'], notActions: [] }]
    const pim = String(await check(arm, [{ ...write(CSU), action: PIM_ACTION }], true))
    expect(pim).toContain(`time-bound: pim needs '${PIM_ACTION}'`)
    expect(pim).toContain('Role Based Access Control Administrator does not')
  })

  it('passes under the documented condition for the listed roles, with no notice', async () => {
    const arm = armHolding(RBAC_ADMIN, delegationCondition([CSU, AI_USER]))
    expect(await check(arm, [write(CSU), write(AI_USER, 'Group', USER_OID)])).toBeUndefined()
    expect(core.messages('notice')).toEqual([])
  })

  it('refuses, before any write, a role the condition does not list, naming what it allows and the clause', async () => {
    const arm = armHolding(RBAC_ADMIN, delegationCondition([CSU, AI_USER]))
    const error = String(await check(arm, [write(CSU), write(OPENAI_USER)]))
    expect(error).toContain('does not allow 1 of the 2 role-assignment changes')
    expect(error).toContain(`assigning Cognitive Services OpenAI User (${OPENAI_USER})`)
    expect(error).toContain('allows only the roles Cognitive Services User, Azure AI User')
    expect(error).toContain(
      `Add ${OPENAI_USER} to its clause @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]`
    )
  })

  it('refuses the whole plan when one principal type is outside the condition (no half plan)', async () => {
    const arm = armHolding(RBAC_ADMIN, delegationCondition([CSU], ['ServicePrincipal']))
    const error = String(await check(arm, [write(CSU), write(CSU, 'Group', USER_OID)]))
    expect(error).toContain('allows only the principal types ServicePrincipal')
    expect(error).toContain(
      "Add 'Group' to its clause @Request[Microsoft.Authorization/roleAssignments:PrincipalType]"
    )
  })

  it('gives no verdict on a condition it cannot read (Resource Manager decides), with a debug line', async () => {
    const arm = armHolding(
      RBAC_ADMIN,
      "@Principal[Microsoft.Directory/CustomSecurityAttributes/Attributes:x] StringEquals 'y'"
    )
    expect(await check(arm, [write(OPENAI_USER)])).toBeUndefined()
    expect(core.messages('debug').join('\n')).toContain('does not read; Resource Manager decides')
  })

  it('gives one notice, with the narrower setup, when the writes go through an unconditioned UAA at the subscription', async () => {
    const arm = armHolding(UAA, undefined, SUB)
    expect(await check(arm, [write(CSU), write(CSU, 'User', USER_OID)])).toBeUndefined()
    const notices = core.messages('notice')
    expect(notices).toHaveLength(1)
    expect(notices[0]).toContain(`unconditioned User Access Administrator at ${SUB}`)
    expect(notices[0]).toContain(`--scope ${ACCOUNT_ID} --condition "${delegationCondition([CSU])}"`)
  })

  it('says which of the two causes a 403 was, from the assignments it holds', async () => {
    const conditioned = await readAllRights(
      armHolding(RBAC_ADMIN, delegationCondition([CSU])),
      [ACCOUNT_ID],
      SELF_OID
    )
    expect(whichCause(conditioned, ACCOUNT_ID, WRITE_ACTION)).toContain('it is the ABAC condition')
    const none = await readAllRights(new InMemoryArm(), [ACCOUNT_ID], SELF_OID)
    expect(whichCause(none, ACCOUNT_ID, WRITE_ACTION)).toContain('it is the permission')
    const open = await readAllRights(armHolding(RBAC_ADMIN), [ACCOUNT_ID], SELF_OID)
    expect(whichCause(open, ACCOUNT_ID, WRITE_ACTION)).toContain('without a condition')
  })
})

describe('readAllRights when Resource Manager does not give the rights', () => {
  it('gives no verdict at a scope whose permissions answer with an error status: Resource Manager decides', async () => {
    const arm = armHolding('b24988ac-6180-42a0-ab88-20f7382dd24c', undefined)
    arm.permissions = [{ actions: ['*'], notActions: ['Microsoft.Authorization/*/Write'] }]
    arm.failNext(
      'listPermissions',
      armError(404, 'InvalidResourceType', 'The resource type could not be found.')
    )
    expect(await check(arm, [write(CSU)])).toBeUndefined()
    expect(core.messages('debug').join('\n')).toContain('Resource Manager decides')
  })

  it('still fails on a failure without an answer (the network)', async () => {
    const arm = armHolding(RBAC_ADMIN)
    arm.failNext('listAssignmentsAssignedTo', new Error('socket hang up'))
    await expect(readAllRights(arm, [ACCOUNT_ID], SELF_OID)).rejects.toThrow('socket hang up')
  })
})
