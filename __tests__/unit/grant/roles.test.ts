import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import {
  BUILT_IN_ROLES,
  actionMatches,
  isPrivileged,
  resolveRole,
  roleDefinitionId
} from '../../../src/grant/roles.js'
import type { RoleSpec } from '../../../src/types.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  NAMES,
  OWNER,
  SUBSCRIPTION,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

const CUSTOM = 'c0ffee00-0000-4000-8000-000000000001'
const resolve = (arm: InMemoryArm, spec: RoleSpec) => resolveRole(arm, spec, ACCOUNT_ID, NAMES)

describe('built-in roles need no request', () => {
  it.each(Object.entries(BUILT_IN_ROLES))('%s by name', async (name, guid) => {
    const arm = new InMemoryArm()
    const { role } = await resolve(arm, { kind: 'name', name: name.toUpperCase() })
    expect(role).toEqual({ id: roleDefinitionIdOf(guid), guid, name })
    expect(arm.calls).toEqual([])
  })

  it.each(Object.entries(BUILT_IN_ROLES))('%s by GUID', async (name, guid) => {
    const arm = new InMemoryArm()
    const { role } = await resolve(arm, { kind: 'guid', guid })
    expect(role.name).toBe(name)
    expect(arm.calls).toEqual([])
  })

  it('the default role is Cognitive Services User, with the GUID from the documentation', async () => {
    const { role, privileged } = await resolve(new InMemoryArm(), {
      kind: 'name',
      name: 'Cognitive Services User'
    })
    expect(role.guid).toBe(COGNITIVE_SERVICES_USER)
    expect(role.id).toBe(
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`
    )
    expect(privileged).toBe(false)
  })
})

describe('custom roles', () => {
  it('by name: one exact match through findRoleDefinitions, at the account scope', async () => {
    const arm = new InMemoryArm().addRoleDefinition({
      name: CUSTOM,
      roleName: 'Inference Only',
      actions: ['Microsoft.CognitiveServices/accounts/read']
    })
    const { role, privileged } = await resolve(arm, { kind: 'name', name: 'inference only' })
    expect(role).toEqual({ id: roleDefinitionIdOf(CUSTOM), guid: CUSTOM, name: 'Inference Only' })
    expect(privileged).toBe(false)
    expect(arm.calls).toEqual([{ method: 'findRoleDefinitions', args: [ACCOUNT_ID, 'inference only'] }])
  })

  it('by name: no match says so and suggests the fix', async () => {
    const error = await resolve(new InMemoryArm(), { kind: 'name', name: 'Cognitive Service User' }).catch(
      (e) => e
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain("Input 'role': no role named 'Cognitive Service User'")
    expect(error.message).toContain('role definition GUID')
  })

  it('by name: several matches are an error that lists them, never a guess', async () => {
    const arm = new InMemoryArm()
      .addRoleDefinition({ name: CUSTOM, roleName: 'Inference' })
      .addRoleDefinition({ name: 'c0ffee00-0000-4000-8000-000000000002', roleName: 'INFERENCE' })
    const error = await resolve(arm, { kind: 'name', name: 'Inference' }).catch((e) => e)
    expect(error.message).toContain("2 roles are named 'Inference'")
    expect(error.message).toContain(CUSTOM)
    expect(error.message).toContain('c0ffee00-0000-4000-8000-000000000002')
  })

  it('by name: a partial match from the service does not count', async () => {
    const arm = new InMemoryArm()
    arm.findRoleDefinitions = async () => [
      { id: '', name: CUSTOM, roleName: 'Inference Reader', actions: [], notActions: [] }
    ]
    await expect(resolve(arm, { kind: 'name', name: 'Inference' })).rejects.toThrow(
      "no role named 'Inference'"
    )
  })

  it('by GUID: read with getRoleDefinition', async () => {
    const arm = new InMemoryArm().addRoleDefinition({ name: CUSTOM, roleName: 'Inference Only' })
    const { role } = await resolve(arm, { kind: 'guid', guid: CUSTOM })
    expect(role.name).toBe('Inference Only')
    expect(arm.callsOf('getRoleDefinition')).toHaveLength(1)
  })

  it('by GUID: an unknown GUID says so', async () => {
    await expect(resolve(new InMemoryArm(), { kind: 'guid', guid: CUSTOM })).rejects.toThrow(
      `Input 'role': no role definition has the GUID ${CUSTOM}`
    )
  })

  it('a refused lookup names the missing subscription', async () => {
    const arm = new InMemoryArm().failNext('findRoleDefinitions', armError(404, 'SubscriptionNotFound'))
    await expect(resolve(arm, { kind: 'name', name: 'Mine' })).rejects.toThrow(
      `subscription '${SUBSCRIPTION}' was not found`
    )
  })
})

describe('the privileged guard', () => {
  it.each(['Owner', 'Contributor', 'User Access Administrator', 'Role Based Access Control Administrator'])(
    '%s is privileged',
    async (name) => {
      expect((await resolve(new InMemoryArm(), { kind: 'name', name })).privileged).toBe(true)
    }
  )

  it('Owner given by GUID or full ID is privileged too', async () => {
    expect((await resolve(new InMemoryArm(), { kind: 'guid', guid: OWNER })).privileged).toBe(true)
  })

  it.each([
    'Cognitive Services User',
    'Azure AI User',
    'Cognitive Services OpenAI User',
    'Cognitive Services OpenAI Contributor',
    'Azure AI Developer',
    'Cognitive Services Contributor'
  ])('%s is not privileged', async (name) => {
    expect((await resolve(new InMemoryArm(), { kind: 'name', name })).privileged).toBe(false)
  })

  it.each([
    [['*'], []],
    [['*'], ['Microsoft.Authorization/*/Write']],
    [['Microsoft.Authorization/*'], []],
    [['microsoft.authorization/roleassignments/write'], []],
    [['Microsoft.Authorization/roleAssignments/*'], []],
    [['Microsoft.Authorization/*/write'], []],
    [['Microsoft.Authorization/roleDefinitions/write'], []],
    [['*/write'], []]
  ])('a custom role with actions %j (not %j) is privileged', async (actions, notActions) => {
    const arm = new InMemoryArm().addRoleDefinition({
      name: CUSTOM,
      roleName: 'Deployer',
      actions,
      notActions
    })
    expect((await resolve(arm, { kind: 'name', name: 'Deployer' })).privileged).toBe(true)
  })

  it.each([
    [['Microsoft.CognitiveServices/*'], []],
    [['Microsoft.Authorization/*/read'], []],
    [['Microsoft.Authorization/roleAssignments/read'], []],
    [['Microsoft.Authorization/*'], ['Microsoft.Authorization/*/write']],
    [['Microsoft.Authorization/roleAssignments/write'], ['Microsoft.Authorization/roleAssignments/*']],
    [[], []]
  ])('a custom role with actions %j (not %j) is not privileged', async (actions, notActions) => {
    const arm = new InMemoryArm().addRoleDefinition({
      name: CUSTOM,
      roleName: 'Reader+',
      actions,
      notActions
    })
    expect((await resolve(arm, { kind: 'name', name: 'Reader+' })).privileged).toBe(false)
  })

  it('isPrivileged without a definition only knows the built-ins', () => {
    expect(isPrivileged({ name: 'x', guid: CUSTOM })).toBe(false)
    expect(isPrivileged({ name: 'Owner', guid: OWNER })).toBe(true)
  })
})

describe('actionMatches', () => {
  it.each([
    ['*', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/*', 'Microsoft.Authorization/roleAssignments/write', true],
    ['microsoft.authorization/ROLEASSIGNMENTS/write', 'Microsoft.Authorization/roleAssignments/write', true],
    ['Microsoft.Authorization/roleAssignments/read', 'Microsoft.Authorization/roleAssignments/write', false],
    ['Microsoft.Authorizatio?/*', 'Microsoft.Authorization/x', false],
    ['Microsoft.Authorization.*', 'MicrosoftXAuthorization/x', false],
    ['Microsoft.(Authorization)/*', 'Microsoft.Authorization/x', false]
  ])('%j covers %j: %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected)
  })
})

it('roleDefinitionId is subscription-scoped', () => {
  expect(roleDefinitionId(SUBSCRIPTION, CUSTOM)).toBe(roleDefinitionIdOf(CUSTOM))
})
