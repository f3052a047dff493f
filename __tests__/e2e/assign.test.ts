// The assign path end to end: dist/index.js against the emulator, as a runner runs it (SPEC behaviours 1-6).
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import type { Emulator } from '../../emulator/index.js'
import { ACCOUNT_SCOPE, act, emulatorFor, errorOf, grantsOf, requestsTo, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice
const COGNITIVE_SERVICES_USER = 'a97b65f3-24c7-4388-baec-2e87135dc908'

describe('assign', () => {
  let emulator: Emulator
  beforeEach(async () => {
    emulator = await emulatorFor()
  })
  afterEach(async () => {
    await emulator.close()
  })

  it('grants Cognitive Services User to the action itself, from the token, without asking Graph', async () => {
    const result = await act(emulator, {})
    expect(result.code).toBe(0)
    expect(grantsOf(emulator, SELF)).toHaveLength(1)
    expect(requestsTo(emulator, 'graph')).toHaveLength(0)
    expect(result.outputs).toMatchObject({
      'resource-id': ACCOUNT_SCOPE,
      'principal-ids': SELF,
      'role-definition-id': `/subscriptions/${DEFAULT_IDS.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`,
      changed: 'true',
      'propagation-seconds': ''
    })
    expect(result.outputs['role-assignment-ids']).toMatch(
      new RegExp(`^${ACCOUNT_SCOPE}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`)
    )
    expect(result.outputs.endpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/)
    expect(result.outputs['inference-endpoint']).toBe(`${result.outputs.endpoint}models`)
    const put = writes(emulator)[0]
    expect(JSON.parse(put?.body ?? '{}').properties).toMatchObject({
      principalId: SELF,
      principalType: 'ServicePrincipal',
      description: expect.stringContaining('octo-org/octo-repo')
    })
    expect(result.summary).toContain('| self | `' + SELF + '` | ServicePrincipal | Cognitive Services User |')
    expect(result.summary).toContain('| created |')
  })

  it('changes nothing when the same step runs again: no write, already assigned, changed=false', async () => {
    const first = await act(emulator, { principal: `self\nuser:${ALICE.upn}` })
    expect(first.code).toBe(0)
    emulator.clearJournal()
    const second = await act(emulator, { principal: `self\nuser:${ALICE.upn}` })
    expect(second.code).toBe(0)
    expect(writes(emulator)).toEqual([])
    expect(second.outputs.changed).toBe('false')
    expect(second.outputs['role-assignment-ids']).toBe(first.outputs['role-assignment-ids'])
    expect(second.summary.match(/already assigned/g)).toHaveLength(2)
  })

  it('takes a bare object ID with principal-type without any Graph request', async () => {
    const result = await act(emulator, { principal: ALICE.id, 'principal-type': 'User' })
    expect(result.code).toBe(0)
    expect(requestsTo(emulator, 'graph')).toHaveLength(0)
    expect(grantsOf(emulator, ALICE.id)).toHaveLength(1)
    expect(JSON.parse(writes(emulator)[0]?.body ?? '{}').properties.principalType).toBe('User')
  })

  it('learns the type of a bare object ID from Graph when principal-type is not given', async () => {
    const result = await act(emulator, { principal: DEFAULT_IDS.groups.aiUsers.id })
    expect(result.code).toBe(0)
    expect(requestsTo(emulator, 'graph').map((e) => e.path)).toEqual(['/v1.0/directoryObjects/getByIds'])
    expect(JSON.parse(writes(emulator)[0]?.body ?? '{}').properties.principalType).toBe('Group')
  })

  it('resolves a user by UPN, a group by name and a service principal by app ID and by name, in input order', async () => {
    const sp = DEFAULT_IDS.servicePrincipals
    const principal = [
      `user:${ALICE.upn}`,
      `group:${DEFAULT_IDS.groups.aiUsers.displayName}`,
      `sp:${sp.webApp.appId}`,
      `sp:${sp.batchJob.displayName}`
    ].join('\n')
    const result = await act(emulator, { principal })
    expect(result.code).toBe(0)
    expect(result.outputs['principal-ids'].split('\n')).toEqual([
      ALICE.id,
      DEFAULT_IDS.groups.aiUsers.id,
      sp.webApp.id,
      sp.batchJob.id
    ])
    expect(result.outputs['role-assignment-ids'].split('\n')).toHaveLength(4)
    const types = writes(emulator)
      .map((e) => JSON.parse(e.body).properties.principalType)
      .sort()
    expect(types).toEqual(['Group', 'ServicePrincipal', 'ServicePrincipal', 'User'])
  })

  it('refuses a group name that matches two groups, naming both, and writes nothing', async () => {
    const result = await act(emulator, { principal: `self\ngroup:${DEFAULT_IDS.groups.duplicateName}` })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(DEFAULT_IDS.groups.dataScienceA.id)
    expect(errorOf(result)).toContain(DEFAULT_IDS.groups.dataScienceB.id)
    expect(writes(emulator)).toEqual([])
  })

  it('reports the same grant made under another name as already assigned, with that assignment ID', async () => {
    emulator.world.roleAssignments.push({
      name: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6',
      scope: ACCOUNT_SCOPE,
      roleDefinitionGuid: COGNITIVE_SERVICES_USER,
      principalId: SELF,
      principalType: 'ServicePrincipal',
      description: 'made in the portal',
      condition: null,
      createdOn: Date.now() - 60_000,
      updatedOn: Date.now() - 60_000,
      createdBy: null,
      updatedBy: null
    })
    const result = await act(emulator, {})
    expect(result.code).toBe(0)
    expect(result.outputs['role-assignment-ids']).toBe(
      `${ACCOUNT_SCOPE}/providers/Microsoft.Authorization/roleAssignments/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6`
    )
    expect(result.outputs.changed).toBe('false')
    expect(grantsOf(emulator, SELF)).toHaveLength(1)
  })

  it('treats 409 RoleAssignmentExists (the grant appeared under another name meanwhile) as already assigned', async () => {
    emulator.world.roleAssignments.push({
      name: '0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d7',
      scope: ACCOUNT_SCOPE,
      roleDefinitionGuid: COGNITIVE_SERVICES_USER,
      principalId: SELF,
      principalType: 'ServicePrincipal',
      description: null,
      condition: null,
      createdOn: Date.now(),
      updatedOn: Date.now(),
      createdBy: null,
      updatedBy: null
    })
    // The first list of the principal's grants misses it, as a list made just before another pipeline's PUT would.
    emulator.injectFault({
      service: 'arm',
      method: 'GET',
      path: /roleAssignments$/,
      where: (req) => (req.query.get('$filter') ?? '').startsWith('principalId'),
      response: { status: 200, body: { value: [] } }
    })
    const result = await act(emulator, {})
    expect(result.code).toBe(0)
    expect(writes(emulator).map((e) => e.status)).toEqual([409])
    expect(result.outputs['role-assignment-ids']).toContain('0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d7')
    expect(result.outputs.changed).toBe('false')
  })

  it('waits out directory replication: PrincipalNotFound is retried until Resource Manager sees the principal', async () => {
    const notFound = {
      error: {
        code: 'PrincipalNotFound',
        message: `Principal ${ALICE.id.replace(/-/g, '')} does not exist in the directory ${DEFAULT_IDS.tenantId}. Check that you have the correct principal ID.`
      }
    }
    emulator.injectFault({
      service: 'arm',
      method: 'PUT',
      times: 2,
      response: { status: 400, body: notFound }
    })
    const result = await act(emulator, { principal: `user:${ALICE.upn}` })
    expect(result.code).toBe(0)
    expect(writes(emulator).map((e) => e.status)).toEqual([400, 400, 201])
    expect(result.stdout).toContain('directory replication')
    expect(grantsOf(emulator, ALICE.id)).toHaveLength(1)
  }, 30_000)

  it('sends principalType, so a principal created moments ago is assigned at once', async () => {
    const user = emulator.world.users.find((u) => u.id === ALICE.id)
    if (user === undefined) throw new Error('alice missing')
    user.replicatedAt = Date.now() + 60_000
    const result = await act(emulator, { principal: `user:${ALICE.upn}` })
    expect(result.code).toBe(0)
    expect(writes(emulator).map((e) => e.status)).toEqual([201])
  })

  it('waits out throttling on every Resource Manager call', async () => {
    emulator.injectFault({
      service: 'arm',
      method: 'GET',
      path: /accounts\/ai-demo$/,
      response: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } }
      }
    })
    emulator.injectFault({
      service: 'arm',
      method: 'PUT',
      response: {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } }
      }
    })
    const result = await act(emulator, {})
    expect(result.code).toBe(0)
    expect(writes(emulator).map((e) => e.status)).toEqual([429, 201])
    expect(grantsOf(emulator, SELF)).toHaveLength(1)
  })

  it('explains a pipeline identity that may not assign roles: the permission, the roles that carry it, not Contributor', async () => {
    const rbac = emulator.world.roleAssignments.find((a) => a.name === DEFAULT_IDS.pipelineRbacAssignment)
    if (rbac === undefined) throw new Error('pipeline RBAC assignment missing')
    rbac.roleDefinitionGuid = 'b24988ac-6180-42a0-ab88-20f7382dd24c' // Contributor
    const result = await act(emulator, {})
    expect(result.code).toBe(1)
    const message = errorOf(result)
    expect(message).toContain('Microsoft.Authorization/roleAssignments/write')
    expect(message).toContain('Role Based Access Control Administrator')
    expect(message).toContain('Contributor does not carry it')
    expect(grantsOf(emulator, SELF)).toHaveLength(0)
  })

  it('explains a 403 on reading the account: check the names, the identity needs read access there', async () => {
    const result = await act(emulator, { 'resource-group': 'rg-elsewhere' })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain('Check resource-group and resource-name')
    expect(errorOf(result)).toContain("resource group 'rg-elsewhere'")
    expect(writes(emulator)).toEqual([])
  })

  it.each([
    [
      'account',
      { 'resource-name': 'ai-missing' },
      "account 'ai-missing' was not found in resource group 'rg-ai'"
    ],
    ['resource group', { 'resource-group': 'rg-missing' }, "resource group 'rg-missing' was not found"],
    [
      'subscription',
      { 'subscription-id': '99999999-0000-4000-8000-000000000000' },
      "subscription '99999999-0000-4000-8000-000000000000' was not found"
    ]
  ])('says which one is missing: %s', async (_, inputs, expected) => {
    // With read access on the whole subscription, Resource Manager can say what does not exist.
    const rbac = emulator.world.roleAssignments.find((a) => a.name === DEFAULT_IDS.pipelineRbacAssignment)
    if (rbac !== undefined) rbac.scope = `/subscriptions/${DEFAULT_IDS.subscriptionId}`
    const result = await act(emulator, inputs)
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(expected)
    expect(writes(emulator)).toEqual([])
  })

  it('accepts a role by GUID and by full role definition ID, and looks other names up once', async () => {
    const byGuid = await act(emulator, { role: '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd' })
    expect(byGuid.code).toBe(0)
    const byId = await act(emulator, {
      role: `/subscriptions/${DEFAULT_IDS.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/5e0bd9bd-7b93-4f28-af87-19fc36ad61bd`
    })
    expect(byId.code).toBe(0)
    expect(byId.outputs.changed).toBe('false')
    expect(requestsTo(emulator, 'arm').some((e) => e.path.includes('roleDefinitions'))).toBe(false)
    emulator.world.roleDefinitions.push({
      id: '9a0b1c2d-0000-4000-8000-0000000000f1',
      roleName: 'Model Caller',
      type: 'CustomRole',
      description: 'Calls models',
      assignableScopes: [`/subscriptions/${DEFAULT_IDS.subscriptionId}`],
      permissions: [
        { actions: [], notActions: [], dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: [] }
      ]
    })
    const byName = await act(emulator, { role: 'model caller' })
    expect(byName.code).toBe(0)
    expect(requestsTo(emulator, 'arm').filter((e) => e.path.endsWith('/roleDefinitions'))).toHaveLength(1)
  })

  it('refuses a role name that matches no role', async () => {
    const result = await act(emulator, { role: 'Cognitive Services Superuser' })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain("no role named 'Cognitive Services Superuser'")
    expect(writes(emulator)).toEqual([])
  })
})
