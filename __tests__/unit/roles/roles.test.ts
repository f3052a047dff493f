import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import {
  BUILT_IN_ROLES,
  DEFAULT_ROLES,
  actionMatches,
  isPrivileged,
  resolveRole,
  roleDefinitionId
} from '../../../src/roles/roles.js'
import type { RoleSpec } from '../../../src/types.js'
import { withArmErrors } from '../../../src/azure/arm-errors.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  OWNER,
  SUBSCRIPTION,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

const CUSTOM = 'c0ffee00-0000-4000-8000-000000000001'
// The client as the session gives it: the double's raw answers explained by the real decorator.
const resolve = (arm: InMemoryArm, spec: RoleSpec, scope = ACCOUNT_ID) =>
  resolveRole(withArmErrors(arm), spec, scope)
const OTHER_SUBSCRIPTION = '99999999-0000-4000-8000-000000000001'

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
    // A renamed role keeps its GUID: by GUID it is shown by its first name (Foundry User as Azure AI User).
    expect(role.name).toBe(
      name.replace(/^Foundry (User|Owner|Account Owner|Project Manager)$/, 'Azure AI $1')
    )
    expect(arm.calls).toEqual([])
  })

  it.each([
    ['Foundry User', 'Azure AI User', '53ca6127-db72-4b80-b1b0-d745d6d5456d'],
    ['Foundry Owner', 'Azure AI Owner', 'c883944f-8b7b-4483-af10-35834be79c4a'],
    ['Foundry Account Owner', 'Azure AI Account Owner', 'e47c6f54-e4a2-4754-9501-8e0985b135e1'],
    ['Foundry Project Manager', 'Azure AI Project Manager', 'eadc314b-1a2d-4efa-be10-5d325db5065e']
  ])('%s and %s are the same role, %s, both with no request', async (renamed, classic, guid) => {
    const arm = new InMemoryArm()
    expect((await resolve(arm, { kind: 'name', name: renamed })).role.guid).toBe(guid)
    expect((await resolve(arm, { kind: 'name', name: classic })).role.guid).toBe(guid)
    expect(arm.calls).toEqual([])
  })

  it('the defaults: Cognitive Services User at an account, Azure AI User at a project', () => {
    expect(DEFAULT_ROLES).toEqual({
      account: { kind: 'name', name: 'Cognitive Services User' },
      project: { kind: 'name', name: 'Azure AI User' }
    })
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
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toContain("Input 'role': no role named 'Cognitive Service User'")
    expect((error as Error).message).toContain('role definition GUID')
  })

  it('by name: several matches are an error that lists them, never a guess', async () => {
    const arm = new InMemoryArm()
      .addRoleDefinition({ name: CUSTOM, roleName: 'Inference' })
      .addRoleDefinition({ name: 'c0ffee00-0000-4000-8000-000000000002', roleName: 'INFERENCE' })
    const error = await resolve(arm, { kind: 'name', name: 'Inference' }).catch((e: unknown) => e)
    expect((error as Error).message).toContain("2 roles are named 'Inference'")
    expect((error as Error).message).toContain(CUSTOM)
    expect((error as Error).message).toContain('c0ffee00-0000-4000-8000-000000000002')
  })

  it('by name: a partial match from the service does not count', async () => {
    const arm = new InMemoryArm()
    arm.findRoleDefinitions = async () => [
      {
        id: '',
        name: CUSTOM,
        roleName: 'Inference Reader',
        actions: [],
        notActions: [],
        dataActions: [],
        notDataActions: []
      }
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

  it('by GUID: a 404 explained by the client is still an unknown GUID', async () => {
    const arm = new InMemoryArm().failNext('getRoleDefinition', armError(404, 'NotFound', 'gone'))
    await expect(resolve(arm, { kind: 'guid', guid: CUSTOM })).rejects.toThrow(
      `Input 'role': no role definition has the GUID ${CUSTOM}`
    )
  })

  it('by GUID: another refusal passes through as the client explained it', async () => {
    const arm = new InMemoryArm().failNext(
      'getRoleDefinition',
      armError(403, 'AuthorizationFailed', 'no read')
    )
    const error = await resolve(arm, { kind: 'guid', guid: CUSTOM }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toContain(`Looking up role definition ${CUSTOM}`)
    expect((error as Error).message).toContain('403 AuthorizationFailed')
  })

  it('a refused lookup names the missing subscription', async () => {
    const arm = new InMemoryArm().failNext('findRoleDefinitions', armError(404, 'SubscriptionNotFound'))
    const error = await resolve(arm, { kind: 'name', name: 'Mine' }).catch((e: unknown) => e)
    expect((error as Error).message).toContain("Looking up role 'Mine'")
    expect((error as Error).message).toContain(`subscription '${SUBSCRIPTION}' was not found`)
  })

  it('the role definition ID names the subscription of the scope, built-in or custom', async () => {
    const scope = ACCOUNT_ID.replace(SUBSCRIPTION, OTHER_SUBSCRIPTION)
    const builtIn = await resolve(new InMemoryArm(), { kind: 'name', name: 'Cognitive Services User' }, scope)
    expect(builtIn.role.id).toBe(
      `/subscriptions/${OTHER_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`
    )
    const arm = new InMemoryArm().addRoleDefinition({ name: CUSTOM, roleName: 'Inference Only' })
    const custom = await resolve(arm, { kind: 'name', name: 'Inference Only' }, scope)
    expect(custom.role.id).toBe(
      `/subscriptions/${OTHER_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM}`
    )
    expect(arm.calls).toEqual([{ method: 'findRoleDefinitions', args: [scope, 'Inference Only'] }])
  })

  it('the role GUID of a custom role is lower case, whatever ARM returned', async () => {
    const arm = new InMemoryArm().addRoleDefinition({
      name: CUSTOM.toUpperCase(),
      roleName: 'Inference Only'
    })
    const { role } = await resolve(arm, { kind: 'name', name: 'Inference Only' })
    expect(role.guid).toBe(CUSTOM)
    expect(role.id).toBe(roleDefinitionIdOf(CUSTOM))
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
