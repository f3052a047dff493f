import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { readInputs } from '../../../src/inputs/inputs.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import { FakeGraph, FORBIDDEN } from '../../fixtures/graph.js'
import {
  ACCOUNT_ID,
  ACCOUNT_NAME,
  COGNITIVE_SERVICES_USER,
  GROUP_OID,
  OTHER_OID,
  PROJECT_ID,
  PROJECT_NAME,
  RESOURCE_GROUP,
  SELF_OID,
  SP_OID,
  SUBSCRIPTION,
  USER_OID,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'
import { readerOf, stepInputs } from '../../fixtures/inputs.js'
import { fakeSession } from '../../fixtures/session.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { reportAccess } = await import('../../../src/access/report.js')

const CUSTOM = 'c0c0c0c0-0000-4000-8000-000000000001'
const SECOND = `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/ai-two`
let arm: InMemoryArm
let graph: FakeGraph

beforeEach(() => {
  core.reset()
  arm = new InMemoryArm()
    .addAccount(RESOURCE_GROUP, ACCOUNT_NAME, { disableLocalAuth: true, publicNetworkAccess: 'Disabled' })
    .addAccount(RESOURCE_GROUP, 'ai-two')
    .addProject(RESOURCE_GROUP, ACCOUNT_NAME, PROJECT_NAME)
  graph = new FakeGraph([
    { id: USER_OID, type: 'User', displayName: 'Uma' },
    { id: GROUP_OID, type: 'Group', displayName: 'ml-team' }
  ])
})

const report = (extra: Record<string, string> = {}, parts: { graph?: FakeGraph } = {}) =>
  reportAccess(
    readInputs(readerOf(stepInputs({ [Inputs.Mode]: 'report', ...extra }))),
    fakeSession({ arm, graph: parts.graph ?? graph }),
    new Date('2026-06-01T00:00:00Z')
  )

describe('mode: report', () => {
  it('reads a custom role once for all scopes and counts it as a caller only when it has data actions', async () => {
    arm.addRoleDefinition({
      name: CUSTOM,
      roleName: 'Prompt runner',
      dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/*']
    })
    arm.addAssignment({
      name: 'a1',
      scope: `/subscriptions/${SUBSCRIPTION}`,
      roleDefinitionId: roleDefinitionIdOf(CUSTOM),
      principalId: SP_OID
    })
    const done = await report({ [Inputs.ResourceName]: `${ACCOUNT_NAME}\nai-two` })
    expect(arm.callsOf('getRoleDefinition')).toHaveLength(1)
    expect(done.scopes.map((s) => s.callers.map((c) => [c.role.name, c.inherited]))).toEqual([
      [['Prompt runner', true]],
      [['Prompt runner', true]]
    ])
    expect(arm.writes()).toEqual([])
  })

  it('goes without display names when Graph refuses (403), and says so', async () => {
    arm.addAssignment({
      name: 'a1',
      scope: ACCOUNT_ID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: USER_OID,
      principalType: 'User'
    })
    const done = await report({}, { graph: new FakeGraph().fail('getByIds', FORBIDDEN) })
    expect(done.scopes[0]?.callers).toEqual([expect.objectContaining({ objectId: USER_OID, type: 'User' })])
    expect(done.scopes[0]?.callers[0]?.displayName).toBeUndefined()
    expect(core.messages('info').join('\n')).toContain('Microsoft Graph refused to look up the callers (403)')
  })

  it('ignores deny assignments it may not read (403), and applies those it reads', async () => {
    arm.addAssignment({
      name: 'a1',
      scope: ACCOUNT_ID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: USER_OID
    })
    arm.failNext('listDenyAssignmentsAt', armError(403, 'AuthorizationFailed', 'no denyAssignments/read'))
    const refused = await report({ [Inputs.Principal]: USER_OID, [Inputs.PrincipalType]: 'User' })
    expect(refused.scopes[0]).toMatchObject({
      denyAssignmentsRead: false,
      principals: [{ result: 'can call' }]
    })
    arm.denyAssignments.push({
      id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/denyAssignments/d1`,
      scope: `/subscriptions/${SUBSCRIPTION}`,
      dataActions: ['Microsoft.CognitiveServices/*'],
      notDataActions: [],
      principalIds: ['00000000-0000-0000-0000-000000000000'],
      excludePrincipalIds: [SELF_OID],
      doNotApplyToChildScopes: false
    })
    const denied = await report({ [Inputs.Principal]: USER_OID, [Inputs.PrincipalType]: 'User' })
    expect(denied.scopes[0]?.principals[0]).toMatchObject({
      result: 'cannot call',
      reason: expect.stringContaining('deny assignment')
    })
  })

  it("names the group a member's access comes through, and takes a project's posture from its account", async () => {
    graph.memberships.set(USER_OID, [GROUP_OID])
    arm.addAssignment({
      name: 'a1',
      scope: ACCOUNT_ID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: GROUP_OID,
      principalType: 'Group'
    })
    const done = await report({
      [Inputs.Project]: PROJECT_NAME,
      [Inputs.Principal]: `${USER_OID}\nself`,
      [Inputs.PrincipalType]: 'User'
    })
    const [scope] = done.scopes
    expect(scope).toMatchObject({
      scope: PROJECT_ID,
      kind: 'project',
      posture: { localAuth: 'disabled', publicNetworkAccess: 'Disabled' }
    })
    expect(scope?.callers[0]).toMatchObject({ objectId: GROUP_OID, displayName: 'ml-team', inherited: true })
    expect(scope?.principals.map((v) => [v.result, v.through.map((t) => t.group?.displayName)])).toEqual([
      ['can call', ['ml-team']],
      ['cannot call', []]
    ])
    expect(core.messages('warning')).toEqual([])
    expect(core.outputs.get('role-assignment-ids')).toBe(
      `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/a1\n`
    )
  })

  it('asks Graph for memberships once per principal, and Resource Manager (assignedTo) when Graph refuses', async () => {
    const both = {
      [Inputs.ResourceName]: `${ACCOUNT_NAME}\nai-two`,
      [Inputs.Principal]: USER_OID,
      [Inputs.PrincipalType]: 'User'
    }
    arm.addAssignment({
      name: 'a1',
      scope: `/subscriptions/${SUBSCRIPTION}`,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: GROUP_OID
    })
    graph.memberships.set(USER_OID, [GROUP_OID])
    const viaGraph = await report(both)
    expect(graph.calls.filter((c) => c.method === 'transitiveGroupsOf')).toHaveLength(1)
    expect(arm.callsOf('listAssignmentsAssignedTo')).toEqual([])
    arm.memberships.set(USER_OID, [GROUP_OID])
    const viaArm = await report(both, { graph: new FakeGraph().fail('transitiveGroupsOf', FORBIDDEN) })
    expect(arm.callsOf('listAssignmentsAssignedTo')).toHaveLength(2)
    expect(core.messages('info').join('\n')).toContain('Microsoft Graph did not list group memberships')
    for (const done of [viaGraph, viaArm])
      expect(done.scopes.map((s) => s.principals[0]?.through[0]?.group?.objectId)).toEqual([
        GROUP_OID,
        GROUP_OID
      ])
  })

  it('warns, with the command, for each account that still takes API keys', async () => {
    await report({ [Inputs.ResourceName]: `${ACCOUNT_NAME}\nai-two` })
    expect(core.messages('warning')).toEqual([
      expect.stringContaining(`az resource update --ids ${SECOND} --set properties.disableLocalAuth=true`)
    ])
    expect(core.outputs.get('changed')).toBe('false')
    expect(JSON.parse(core.outputs.get('result') ?? '{}')).toMatchObject({
      changed: false,
      scopes: [{ posture: { localAuth: 'disabled' } }, { posture: { localAuth: 'enabled' } }]
    })
  })

  it('fails, naming every scope, when the assignments cannot be read, and writes nothing', async () => {
    arm.failAlways('listAssignmentsAt', () => armError(403, 'AuthorizationFailed', 'no roleAssignments/read'))
    await expect(report({ [Inputs.ResourceName]: `${ACCOUNT_NAME}\nai-two` })).rejects.toThrow(
      /2 of 2 reads failed; nothing was changed:\n- Listing the role assignments at .*ai-prod.*\n- Listing the role assignments at .*ai-two/s
    )
    expect(arm.writes()).toEqual([])
  })

  it('marks an assignment with an ABAC condition instead of judging it', async () => {
    arm.addAssignment({
      name: 'a1',
      scope: ACCOUNT_ID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      principalId: OTHER_OID,
      condition: "@Resource[x] StringEquals 'y'"
    })
    const done = await report()
    expect(done.scopes[0]?.callers[0]?.conditional).toBe(true)
  })
})
