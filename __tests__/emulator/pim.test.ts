// PIM for Azure resources: schedule requests (AdminAssign, AdminRemove), the schedules and role assignments
// they make, role management policies, the licence, policy refusals, the five-minute rule and expiry.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  advancePimClock,
  DEFAULT_IDS as ID,
  PIM_SERVICE_OBJECT_ID,
  pimOf,
  ROLE_IDS,
  startEmulator,
  type Emulator,
  type World
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const RG = `${SUB}/resourceGroups/${ID.resourceGroup}`
const ACCOUNT = `${RG}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const PIM_API = '2020-10-01'
const roleDef = (guid: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
const requestPath = (name: string, scope = ACCOUNT): string =>
  `${scope}/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}`
const ALICE = ID.users.alice.id
const newName = (): string => randomUUID()

const assignBody = (over: Record<string, unknown> = {}, duration = 'PT1H'): object => ({
  properties: {
    principalId: ALICE,
    roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser),
    requestType: 'AdminAssign',
    justification: 'repo octo-org/octo-repo run 1; temporary until 2026-01-01T00:00:00Z',
    scheduleInfo: {
      startDateTime: new Date().toISOString(),
      expiration: { type: 'AfterDuration', duration }
    },
    ...over
  }
})
const removeBody = (): object => ({
  properties: {
    principalId: ALICE,
    roleDefinitionId: roleDef(ROLE_IDS.cognitiveServicesUser),
    requestType: 'AdminRemove'
  }
})

describe('pim', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  let seed: World['roleAssignments']
  const aliceGrants = (): World['roleAssignments'] =>
    emu.world.roleAssignments.filter((a) => a.principalId === ALICE)

  beforeAll(async () => {
    emu = await startEmulator({
      world: (w) => {
        // PIM needs Owner or User Access Administrator; the default RBAC Administrator is not enough.
        w.roleAssignments.push({
          name: 'eeeeeeee-0000-4000-8000-0000000000aa',
          scope: RG,
          roleDefinitionGuid: ROLE_IDS.userAccessAdministrator,
          principalId: ID.pipelineApp.objectId,
          principalType: 'ServicePrincipal',
          description: null,
          condition: null,
          createdOn: 0,
          updatedOn: 0,
          createdBy: null,
          updatedBy: null
        })
      }
    })
    h = helpers(emu)
    token = h.armToken()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.world.roleAssignments = [...seed]
    const pim = pimOf(emu.world)
    Object.assign(pim, { licensed: true, clockOffsetMs: 0, policies: [], requests: [], schedules: [] })
  })
  afterAll(async () => emu.close())

  const put = (body: object, name = newName(), t = token) => h.arm('PUT', requestPath(name), t, body, PIM_API)

  it('grants a time-bound active assignment: the request is Provisioned, the schedule and the assignment exist', async () => {
    const name = newName()
    const res = await put(assignBody(), name)
    expect(res.status).toBe(201)
    expect(res.json.name).toBe(name)
    expect(res.json.type).toBe('Microsoft.Authorization/RoleAssignmentScheduleRequests')
    expect(res.json.properties).toMatchObject({
      status: 'Provisioned',
      requestType: 'AdminAssign',
      principalId: ALICE,
      principalType: 'User',
      scope: ACCOUNT,
      requestorId: ID.pipelineApp.objectId,
      scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } }
    })
    const got = await h.arm('GET', requestPath(name), token, undefined, PIM_API)
    expect(got.json.properties.status).toBe('Provisioned')

    const schedules = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignmentSchedules`,
      token,
      undefined,
      PIM_API
    )
    expect(schedules.json.value).toHaveLength(1)
    const s = schedules.json.value[0].properties
    expect(Date.parse(s.endDateTime) - Date.parse(s.startDateTime)).toBe(3600_000)
    expect(res.json.properties.targetRoleAssignmentScheduleId).toBe(schedules.json.value[0].id)

    // The role assignment is visible in the list at the scope while active, written by PIM, not the caller.
    const list = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent('atScope()')}`,
      token
    )
    const mine = list.json.value.filter(
      (a: { properties: { principalId: string } }) => a.properties.principalId === ALICE
    )
    expect(mine).toHaveLength(1)
    expect(mine[0].properties.createdBy).toBe(PIM_SERVICE_OBJECT_ID)
  })

  it('removes the assignment at expiry by its own clock', async () => {
    await put(assignBody({}, 'PT10M'))
    expect(aliceGrants()).toHaveLength(1)
    advancePimClock(emu.world, 9 * 60_000)
    expect(aliceGrants()).toHaveLength(1)
    advancePimClock(emu.world, 60_000)
    expect(aliceGrants()).toHaveLength(0)
    const schedules = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignmentSchedules`,
      token,
      undefined,
      PIM_API
    )
    expect(schedules.json.value).toEqual([])
  })

  it('refuses AdminRemove in the first five minutes, then ends the grant under a new request name', async () => {
    await put(assignBody())
    const early = await put(removeBody())
    expect(early.status).toBe(400)
    expect(early.json.error.code).toBe('ActiveDurationTooShort')
    expect(aliceGrants()).toHaveLength(1)
    advancePimClock(emu.world, 5 * 60_000)
    const removed = await put(removeBody())
    expect(removed.status).toBe(201)
    expect(removed.json.properties.status).toBe('Revoked')
    expect(aliceGrants()).toHaveLength(0)
    const again = await put(removeBody())
    expect(again.json.error).toEqual({
      code: 'RoleAssignmentDoesNotExist',
      message: 'The Role assignment does not exist.'
    })
  })

  it('refuses a request name used before and a duration under five minutes', async () => {
    const name = newName()
    expect((await put(assignBody(), name)).status).toBe(201)
    expect((await put(assignBody(), name)).json.error.code).toBe('RoleAssignmentScheduleRequestExists')
    const short = await put(assignBody({}, 'PT4M'))
    expect(short.json.error.code).toBe('ActiveDurationTooShort')
  })

  it('answers RoleAssignmentExists when the principal already holds the role at the scope', async () => {
    expect((await put(assignBody())).status).toBe(201)
    const twice = await put(assignBody())
    expect(twice.status).toBe(409)
    expect(twice.json.error).toEqual({
      code: 'RoleAssignmentExists',
      message: 'The Role assignment already exists.'
    })
  })

  it('names every policy rule the request breaks', async () => {
    pimOf(emu.world).policies.push({
      scope: RG,
      maximumDuration: 'PT8H',
      enabledRules: ['MultiFactorAuthentication', 'Justification', 'Ticketing']
    })
    const res = await put(assignBody({ justification: '' }, 'P1D'))
    expect(res.status).toBe(400)
    expect(res.json.error).toEqual({
      code: 'RoleAssignmentRequestPolicyValidationFailed',
      message:
        'The following policy rules failed: ["ExpirationRule","JustificationRule","TicketingRule","MfaRule"]'
    })
    const noExpiry = await put(assignBody({ scheduleInfo: { expiration: { type: 'NoExpiration' } } }))
    expect(noExpiry.json.error.message).toContain('"ExpirationRule"')
    expect(aliceGrants()).toHaveLength(0)
  })

  it('serves the policy with its rules, filtered by role definition, with overrides at and below their scope', async () => {
    pimOf(emu.world).policies.push({
      scope: ACCOUNT,
      roleDefinitionGuid: ROLE_IDS.cognitiveServicesUser,
      maximumDuration: 'PT2H',
      enabledRules: ['Ticketing']
    })
    const filter = encodeURIComponent(`roleDefinitionId eq '${roleDef(ROLE_IDS.cognitiveServicesUser)}'`)
    const assignments = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?$filter=${filter}`,
      token,
      undefined,
      PIM_API
    )
    expect(assignments.status).toBe(200)
    expect(assignments.json.value).toHaveLength(1)
    const pa = assignments.json.value[0]
    expect(pa.properties.roleDefinitionId).toBe(roleDef(ROLE_IDS.cognitiveServicesUser))
    const rule = (id: string) =>
      pa.properties.effectiveRules.find((r: { id: string }) => r.id === id) as Record<string, unknown>
    expect(rule('Expiration_Admin_Assignment')).toMatchObject({
      isExpirationRequired: true,
      maximumDuration: 'PT2H',
      ruleType: 'RoleManagementPolicyExpirationRule',
      target: { caller: 'Admin', level: 'Assignment' }
    })
    expect(rule('Enablement_Admin_Assignment')).toMatchObject({ enabledRules: ['Ticketing'] })

    const policies = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleManagementPolicies?$filter=${filter}`,
      token,
      undefined,
      PIM_API
    )
    expect(policies.json.value).toHaveLength(1)
    expect(policies.json.value[0].id).toBe(pa.properties.policyId)
    const byName = await h.arm('GET', pa.properties.policyId, token, undefined, PIM_API)
    expect(byName.json.properties.rules).toEqual(policies.json.value[0].properties.rules)

    // At the resource group the account's override does not apply: the tenant's defaults do.
    const atRg = await h.arm(
      'GET',
      `${RG}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?$filter=${filter}`,
      token,
      undefined,
      PIM_API
    )
    const rgRule = atRg.json.value[0].properties.effectiveRules.find(
      (r: { id: string }) => r.id === 'Expiration_Admin_Assignment'
    )
    expect(rgRule).toMatchObject({ maximumDuration: 'P180D', isExpirationRequired: true })
  })

  it('takes scope eq with the role filter, and refuses a filter it does not know', async () => {
    const list = (filter: string) =>
      h.arm(
        'GET',
        `${ACCOUNT}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?$filter=${encodeURIComponent(filter)}`,
        token,
        undefined,
        PIM_API
      )
    const role = `roleDefinitionId eq '${roleDef(ROLE_IDS.cognitiveServicesUser)}'`
    expect((await list(`scope eq '${ACCOUNT}' and ${role}`)).json.value).toHaveLength(1)
    expect((await list(`scope eq '${RG}' and ${role}`)).json.value).toEqual([])
    const unknown = await list("principalId eq 'x'")
    expect(unknown.status).toBe(400)
    // Without a filter: every role usable at the scope.
    const all = await list('')
    expect(all.json.value.length).toBeGreaterThan(5)
  })

  it('answers AadPremiumLicenseRequired on every PIM call of a tenant without P2', async () => {
    pimOf(emu.world).licensed = false
    const res = await put(assignBody())
    expect(res.status).toBe(400)
    expect(res.json.error).toEqual({
      code: 'AadPremiumLicenseRequired',
      message: 'The tenant needs an AAD Premium 2 license.'
    })
    const policy = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleManagementPolicyAssignments`,
      token,
      undefined,
      PIM_API
    )
    expect(policy.json.error.code).toBe('AadPremiumLicenseRequired')
    expect(aliceGrants()).toHaveLength(0)
  })

  it('answers SubjectNotFound for a principal not yet replicated', async () => {
    const fresh = 'bbbbbbbb-0000-4000-8000-0000000000fe'
    emu.world.users.push({
      id: fresh,
      userPrincipalName: 'fresh@contoso.onmicrosoft.com',
      displayName: 'Fresh',
      replicatedAt: Date.now() + 60_000
    })
    const res = await put(assignBody({ principalId: fresh }))
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('SubjectNotFound')
    emu.world.users = emu.world.users.filter((u) => u.id !== fresh)
  })

  it('refuses Role Based Access Control Administrator with the real 403: it lacks roleAssignmentScheduleRequests/write', async () => {
    const rbacOnly = h.armToken(ID.servicePrincipals.batchJob.id, ID.servicePrincipals.batchJob.appId)
    emu.world.roleAssignments.push({
      ...(seed[0] as World['roleAssignments'][number]),
      name: 'eeeeeeee-0000-4000-8000-0000000000bb',
      principalId: ID.servicePrincipals.batchJob.id
    })
    const name = newName()
    const res = await put(assignBody(), name, rbacOnly)
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('AuthorizationFailed')
    expect(res.json.error.message).toBe(
      `The client '${ID.servicePrincipals.batchJob.appId}' with object id '${ID.servicePrincipals.batchJob.id}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentScheduleRequests/write' over scope '${requestPath(name)}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
    )
    // Reading the policy needs only */read, which it has.
    const policy = await h.arm(
      'GET',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleManagementPolicyAssignments`,
      rbacOnly,
      undefined,
      PIM_API
    )
    expect(policy.status).toBe(200)
  })
})
