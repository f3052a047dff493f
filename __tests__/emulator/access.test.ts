// What mode: report reads from Resource Manager: assignments inherited from a management group and the root, deny
// assignments (listed, and refusing the data plane), as Azure serves them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_IDS as ID,
  ROLE_IDS,
  startEmulator,
  type Emulator,
  type RoleAssignment
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const ACCOUNT = `${SUB}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const MG = '/providers/Microsoft.Management/managementGroups/mg-contoso'
const EVERYONE = '00000000-0000-0000-0000-000000000000'

function grant(name: string, scope: string, principalId: string): RoleAssignment {
  return {
    name,
    scope,
    roleDefinitionGuid: ROLE_IDS.cognitiveServicesUser,
    principalId,
    principalType: 'User',
    description: null,
    condition: null,
    createdOn: 0,
    updatedOn: 0,
    createdBy: null,
    updatedBy: null
  }
}

describe('what the access report reads', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let seed: RoleAssignment[]
  beforeAll(async () => {
    emu = await startEmulator({ propagationDelayMs: 0 })
    h = helpers(emu)
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.world.roleAssignments = [...seed]
    emu.world.denyAssignments = []
    for (const sub of emu.world.subscriptions) sub.managementGroup = undefined
  })
  afterAll(async () => emu.close())

  const listAt = async (scope: string, filter: string) =>
    h.arm('GET', `${scope}/providers/Microsoft.Authorization/${filter}`, h.armToken())

  it('lists assignments from the management group of the subscription and from the root with atScope()', async () => {
    emu.world.roleAssignments.push(grant('a0000000-0000-4000-8000-000000000001', MG, ID.users.alice.id))
    emu.world.roleAssignments.push(grant('a0000000-0000-4000-8000-000000000002', '/', ID.users.bob.id))
    const before = await listAt(ACCOUNT, 'roleAssignments?$filter=atScope()')
    expect(before.json.value.map((a: { properties: { scope: string } }) => a.properties.scope)).not.toContain(
      MG
    )
    for (const sub of emu.world.subscriptions) sub.managementGroup = 'mg-contoso'
    const after = await listAt(ACCOUNT, 'roleAssignments?$filter=atScope()')
    const scopes = after.json.value.map((a: { properties: { scope: string } }) => a.properties.scope)
    expect(scopes).toEqual(expect.arrayContaining([MG, '/']))
  })

  it('lists no deny assignments by default, and those at or above the scope with atScope()', async () => {
    expect((await listAt(ACCOUNT, 'denyAssignments?$filter=atScope()')).json).toEqual({ value: [] })
    emu.world.denyAssignments = [
      {
        name: 'd0000000-0000-4000-8000-000000000001',
        scope: SUB,
        denyAssignmentName: 'stack deny',
        permissions: [
          { actions: [], notActions: [], dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: [] }
        ],
        principals: [EVERYONE],
        excludePrincipals: [ID.pipelineApp.objectId]
      }
    ]
    const listed = await listAt(ACCOUNT, 'denyAssignments?$filter=atScope()')
    expect(listed.status).toBe(200)
    expect(listed.json.value).toEqual([
      expect.objectContaining({
        id: `${SUB}/providers/Microsoft.Authorization/denyAssignments/d0000000-0000-4000-8000-000000000001`,
        type: 'Microsoft.Authorization/denyAssignments',
        properties: expect.objectContaining({
          scope: SUB,
          principals: [{ id: EVERYONE, type: 'SystemDefined' }],
          doNotApplyToChildScopes: false
        })
      })
    ])
    expect((await listAt(ACCOUNT, "denyAssignments?$filter=principalId eq 'x'")).status).toBe(400)
  })

  it('refuses a model call that a deny assignment takes away, whatever the role', async () => {
    emu.world.roleAssignments.push(grant('a0000000-0000-4000-8000-000000000003', ACCOUNT, ID.users.alice.id))
    const url = await emu.dataPlaneUrl()
    const chat = () =>
      h.post(
        `${url}/openai/deployments/${ID.deployment}/chat/completions?api-version=2024-10-21`,
        emu.mintAccessToken({ oid: ID.users.alice.id, aud: 'https://cognitiveservices.azure.com' }),
        { messages: [{ role: 'user', content: 'hi' }], max_tokens: 1 }
      )
    expect((await chat()).status).toBe(200)
    emu.world.denyAssignments = [
      {
        name: 'd0000000-0000-4000-8000-000000000002',
        scope: SUB,
        denyAssignmentName: 'no inference',
        permissions: [
          { actions: [], notActions: [], dataActions: ['Microsoft.CognitiveServices/*'], notDataActions: [] }
        ],
        principals: [ID.groups.aiUsers.id]
      }
    ]
    expect((await chat()).status).toBe(401)
  })
})
