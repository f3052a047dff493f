import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs, Outputs } from '../../src/constants.js'
import { assignmentName } from '../../src/grant/assignment-name.js'
import type { NewAssignment } from '../../src/azure/arm.js'
import type { AzureSession } from '../../src/session/session.js'
import { InMemoryArm, armError } from '../fixtures/arm.js'
import { fakeCore } from '../fixtures/core.js'
import { FORBIDDEN, FakeGraph } from '../fixtures/graph.js'
import { FakeHttp, json } from '../fixtures/http.js'
import {
  ACCOUNT_ID,
  ACCOUNT_NAME,
  AZURE_AI_USER,
  COGNITIVE_SERVICES_USER,
  OTHER_ACCOUNT_ID,
  OTHER_SUBSCRIPTION,
  PROJECT_ENDPOINT,
  PROJECT_ID,
  PROJECT_NAME,
  GROUP_OID,
  OWNER,
  RESOURCE_GROUP,
  SELF_OID,
  USER_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../fixtures/ids.js'
import { isolateEnv, stepInputs } from '../fixtures/inputs.js'
import { Answers } from '../fixtures/probe.js'
import { fakeSession } from '../fixtures/session.js'
import { MemoryState } from '../fixtures/state.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { run } = await import('../../src/main.js')

const SELF_ASSIGNMENT = assignmentIdOf(assignmentName(ACCOUNT_ID, SELF_OID, COGNITIVE_SERVICES_USER))
const USER_ASSIGNMENT = assignmentIdOf(assignmentName(ACCOUNT_ID, USER_OID, COGNITIVE_SERVICES_USER))

let arm: InMemoryArm
let graph: FakeGraph
let http: FakeHttp
let state: MemoryState
let sessions: number
let restoreEnv: () => void

beforeEach(() => {
  core.reset()
  restoreEnv = isolateEnv()
  process.env.GITHUB_STEP_SUMMARY = 'summary.md'
  arm = new InMemoryArm().addAccount(RESOURCE_GROUP, ACCOUNT_NAME, {
    endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
    endpoints: {
      'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/',
      'OpenAI Language Model Instance API': 'https://ai-prod.openai.azure.com/'
    },
    customSubDomainName: 'ai-prod'
  })
  graph = new FakeGraph([
    { id: USER_OID, type: 'User', displayName: 'Ada', userPrincipalName: 'ada@contoso.com' },
    { id: GROUP_OID, type: 'Group', displayName: 'ML Team' },
    { id: SELF_OID, type: 'ServicePrincipal', displayName: 'github-deployer' }
  ])
  http = new FakeHttp(() => json(200, { data: [] }))
  state = new MemoryState()
  sessions = 0
})
afterEach(() => restoreEnv())

async function step(
  overrides: Record<string, string> = {},
  openSession?: () => Promise<AzureSession>
): Promise<void> {
  core.inputs = stepInputs(overrides)
  core.outputs.clear()
  core.summaries.length = 0
  core.failures.length = 0
  await run({
    openSession:
      openSession ??
      (async () => {
        sessions++
        return fakeSession({ arm, graph, http })
      }),
    state
  })
}
const output = (name: string) => core.outputs.get(name)
const failure = () => core.failures.join('\n')

describe('validation comes first', () => {
  it.each([
    [Inputs.ResourceGroup, '../other-rg'],
    [Inputs.ResourceName, 'ai%2fprod'],
    [Inputs.SubscriptionId, 'sub'],
    [Inputs.DryRun, 'yes'],
    [Inputs.Principal, 'user:../x@y']
  ])('a bad %s fails the step naming it, before any sign-in or request', async (input, value) => {
    await step({ [input]: value })
    expect(failure()).toContain(`Input '${input}'`)
    expect(sessions).toBe(0)
    expect(arm.calls).toEqual([])
  })
})

describe('assign', () => {
  it('grants the role to the action itself and sets every output', async () => {
    await step()
    expect(core.failures).toEqual([])
    expect(Object.fromEntries(core.outputs)).toEqual({
      [Outputs.ResourceId]: ACCOUNT_ID,
      [Outputs.Endpoint]: 'https://ai-prod.cognitiveservices.azure.com/',
      [Outputs.InferenceEndpoint]: 'https://ai-prod.services.ai.azure.com/models',
      [Outputs.RoleDefinitionId]: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      [Outputs.PrincipalIds]: SELF_OID,
      [Outputs.RoleAssignmentIds]: SELF_ASSIGNMENT,
      [Outputs.Changed]: 'true',
      [Outputs.PropagationSeconds]: '',
      [Outputs.Result]: expect.any(String)
    })
    expect(JSON.parse(output(Outputs.Result) ?? '')).toEqual({
      changed: true,
      scopes: [
        {
          scope: ACCOUNT_ID,
          kind: 'account',
          name: 'ai-prod',
          endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
          role: { name: 'Cognitive Services User', id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER) },
          principals: [
            {
              principal: 'self',
              objectId: SELF_OID,
              type: 'ServicePrincipal',
              result: 'created',
              assignmentId: SELF_ASSIGNMENT
            }
          ]
        }
      ]
    })
    const [put] = arm.callsOf('createAssignment').map((c) => c.args[0] as NewAssignment)
    expect(put).toMatchObject({ scope: ACCOUNT_ID, principalId: SELF_OID, principalType: 'ServicePrincipal' })
    expect(put?.description).toContain('Granted by GitHub Actions')
    expect(core.summaries).toHaveLength(1)
    expect(core.summaries[0]).toContain(
      `| self | \`${SELF_OID}\` | ServicePrincipal | Cognitive Services User | \`${ACCOUNT_ID}\` | created |`
    )
    expect(core.messages('info').join('\n')).toContain(`Cognitive Services User created — ${SELF_ASSIGNMENT}`)
  })

  it('a rerun changes nothing and says so', async () => {
    await step()
    await step()
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
    expect(output(Outputs.Changed)).toBe('false')
    expect(output(Outputs.RoleAssignmentIds)).toBe(SELF_ASSIGNMENT)
    expect(core.summaries[0]).toContain('| already assigned |')
  })

  it('the description input is stored on the assignment', async () => {
    await step({ [Inputs.Description]: 'for the nightly eval' })
    expect(arm.callsOf('createAssignment')[0]?.args[0]).toMatchObject({ description: 'for the nightly eval' })
  })

  it('several principals, in input order; the same principal twice is assigned once', async () => {
    await step({ [Inputs.Principal]: `group:ML Team\nself\nuser:ada@contoso.com\n${SELF_OID}` })
    expect(core.failures).toEqual([])
    expect(output(Outputs.PrincipalIds)).toBe([GROUP_OID, SELF_OID, USER_OID, SELF_OID].join('\n'))
    expect(output(Outputs.RoleAssignmentIds)?.split('\n')).toEqual([
      assignmentIdOf(assignmentName(ACCOUNT_ID, GROUP_OID, COGNITIVE_SERVICES_USER)),
      SELF_ASSIGNMENT,
      USER_ASSIGNMENT,
      SELF_ASSIGNMENT
    ])
    expect(arm.callsOf('createAssignment')).toHaveLength(3)
  })

  it('one principal failing does not stop the others; the step fails listing it, outputs keep their lines', async () => {
    const create = arm.createAssignment.bind(arm)
    arm.createAssignment = async (assignment: NewAssignment) => {
      if (assignment.principalId === USER_OID) {
        throw armError(400, 'UnmatchedPrincipalType', 'The principal type does not match')
      }
      return create(assignment)
    }
    await step({ [Inputs.Principal]: 'self\nuser:ada@contoso.com' })
    expect(failure()).toContain('1 of 2 principals failed:\n- user:ada@contoso.com: ')
    expect(failure()).toContain('Resource Manager says the object is not a User; check principal-type')
    expect(output(Outputs.PrincipalIds)).toBe(`${SELF_OID}\n${USER_OID}`)
    expect(output(Outputs.RoleAssignmentIds)).toBe(`${SELF_ASSIGNMENT}\n`)
    expect(output(Outputs.Changed)).toBe('true')
    expect(core.summaries[0]).toContain(
      `| user:ada@contoso.com | \`${USER_OID}\` | User | Cognitive Services User | \`${ACCOUNT_ID}\` | failed: `
    )
  })

  it('a principal that cannot be resolved stops the step before any write', async () => {
    await step({ [Inputs.Principal]: 'self\ngroup:Nobody' })
    expect(failure()).toContain("group name 'Nobody' was not found")
    expect(arm.writes()).toEqual([])
  })

  it('a Graph refusal stops the step before any write, with the message the Graph client gave it', async () => {
    graph.failAll(FORBIDDEN)
    await step({ [Inputs.Principal]: 'self\nuser:ada@contoso.com' })
    expect(core.failures).toEqual([FORBIDDEN().message])
    expect(arm.writes()).toEqual([])
    expect(core.summaries).toEqual([])
  })

  it("reads every principal's list while the account is still being read, and writes only after", async () => {
    let answer = (): void => undefined
    const held = new Promise<void>((resolve) => (answer = resolve))
    const getAccount = arm.getAccount.bind(arm)
    arm.getAccount = async (id) => {
      await held
      return getAccount(id)
    }
    const running = step({ [Inputs.Principal]: 'self\nuser:ada@contoso.com' })
    const listed = () => arm.calls.filter((c) => c.method === 'listAssignmentsOf').map((c) => c.args[1])
    for (let i = 0; i < 50 && listed().length < 2; i++) await new Promise((tick) => setTimeout(tick, 1))
    expect(new Set(listed())).toEqual(new Set([SELF_OID, USER_OID]))
    expect(arm.writes()).toEqual([])
    answer()
    await running
    expect(core.failures).toEqual([])
    expect(arm.writes()).toHaveLength(2)
    // Each write starts from the list read ahead: no second list.
    expect(listed()).toHaveLength(2)
  })

  it('when several reads fail, the error is the one the first stage gives (the account), and nothing is written', async () => {
    await step({ [Inputs.ResourceName]: 'ai-missing', [Inputs.Principal]: 'group:Nobody' })
    expect(failure()).toContain("Azure AI Services account 'ai-missing' was not found")
    expect(failure()).not.toContain('Nobody')
    expect(arm.writes()).toEqual([])
  })

  it('the account outputs are set even when the step fails later', async () => {
    await step({ [Inputs.Principal]: 'group:Nobody' })
    expect(failure()).toContain("group name 'Nobody' was not found")
    expect(output(Outputs.ResourceId)).toBe(ACCOUNT_ID)
    expect(output(Outputs.InferenceEndpoint)).toBe('https://ai-prod.services.ai.azure.com/models')
  })

  it('a missing account says which, and nothing is written', async () => {
    await step({ [Inputs.ResourceName]: 'ai-missing' })
    expect(failure()).toContain(
      "Azure AI Services account 'ai-missing' was not found in resource group 'rg-ml'"
    )
    expect(arm.writes()).toEqual([])
  })

  it('warns when the account has no custom subdomain', async () => {
    arm.addAccount(RESOURCE_GROUP, ACCOUNT_NAME, { customSubDomainName: null })
    await step()
    expect(core.messages('warning').join('\n')).toContain('has no custom subdomain')
  })

  it('with no GITHUB_STEP_SUMMARY, no summary is written', async () => {
    delete process.env.GITHUB_STEP_SUMMARY
    await step()
    expect(core.summaries).toEqual([])
    expect(core.failures).toEqual([])
  })
})

describe('privileged roles', () => {
  it.each(['Owner', 'contributor', OWNER, 'User Access Administrator'])(
    '%s is refused without allow-privileged-role',
    async (role) => {
      await step({ [Inputs.Role]: role })
      expect(failure()).toContain('is a privileged administrator role')
      expect(failure()).toContain('allow-privileged-role: true')
      expect(failure()).toContain('Nothing was changed')
      expect(arm.writes()).toEqual([])
    }
  )

  it('a custom role that can write role assignments is refused too', async () => {
    arm.addRoleDefinition({
      name: 'c0ffee00-0000-4000-8000-000000000001',
      roleName: 'Deployer',
      actions: ['Microsoft.Authorization/*']
    })
    await step({ [Inputs.Role]: 'Deployer' })
    expect(failure()).toContain("'Deployer' is a privileged administrator role")
    expect(arm.writes()).toEqual([])
  })

  it('is granted with allow-privileged-role: true', async () => {
    await step({ [Inputs.Role]: 'Owner', [Inputs.AllowPrivilegedRole]: 'True' })
    expect(core.failures).toEqual([])
    expect(output(Outputs.RoleDefinitionId)).toBe(roleDefinitionIdOf(OWNER))
  })

  it('can always be revoked', async () => {
    await step({ [Inputs.Role]: 'Owner', [Inputs.AllowPrivilegedRole]: 'true' })
    await step({ [Inputs.Role]: 'Owner', [Inputs.Mode]: 'revoke' })
    expect(core.failures).toEqual([])
    expect(output(Outputs.Changed)).toBe('true')
  })
})

describe('dry run', () => {
  it('reads everything, writes nothing, and says what it would do', async () => {
    await step({
      [Inputs.DryRun]: 'TRUE',
      [Inputs.Principal]: 'self\nuser:ada@contoso.com',
      [Inputs.RevokeAfterJob]: 'true',
      [Inputs.WaitForPropagation]: 'true'
    })
    expect(core.failures).toEqual([])
    expect(arm.writes()).toEqual([])
    expect(state.saved).toBeUndefined()
    expect(http.requests).toEqual([])
    expect(output(Outputs.Changed)).toBe('false')
    expect(output(Outputs.RoleAssignmentIds)).toBe('\n')
    expect(core.summaries[0]).toContain('dry run: nothing was changed')
    expect(core.summaries[0]).toContain('| would create |')
  })
})

describe('revoke', () => {
  it('removes the role, whatever the assignment is named', async () => {
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
      scope: ACCOUNT_ID,
      principalId: SELF_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER)
    })
    await step({ [Inputs.Mode]: 'revoke' })
    expect(core.failures).toEqual([])
    expect(arm.assignments).toEqual([])
    expect(output(Outputs.Changed)).toBe('true')
    expect(core.summaries[0]).toContain('| removed |')
  })

  it('"not assigned" when there is nothing to remove', async () => {
    await step({ [Inputs.Mode]: 'revoke' })
    expect(output(Outputs.Changed)).toBe('false')
    expect(core.summaries[0]).toContain('| not assigned |')
  })
})

describe('revoke-after-job', () => {
  it('hands post only the assignments this step created, never one that existed before', async () => {
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER)
    })
    await step({ [Inputs.Principal]: 'self\nuser:ada@contoso.com', [Inputs.RevokeAfterJob]: 'true' })
    // One write (for self), announced in the state before it was sent; ada's grant was there before.
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
    expect(state.saved?.scopes).toEqual([[ACCOUNT_ID, COGNITIVE_SERVICES_USER, [0]]])
    expect(state.saved?.adopted).toEqual([])
  })

  it('marks the description of a temporary grant with when it should be gone (expires-after)', async () => {
    const before = Date.now()
    await step({
      [Inputs.RevokeAfterJob]: 'true',
      [Inputs.ExpiresAfter]: '90m',
      [Inputs.Description]: 'for the nightly eval'
    })
    const after = Date.now()
    const description = (arm.callsOf('createAssignment')[0]?.args[0] as NewAssignment).description
    const match = /^for the nightly eval temporary until (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$/.exec(
      description
    )
    expect(match).not.toBeNull()
    const until = Date.parse(match?.[1] ?? '')
    expect(until).toBeGreaterThanOrEqual(Math.floor((before + 90 * 60_000) / 1000) * 1000)
    expect(until).toBeLessThanOrEqual(after + 90 * 60_000)
  })

  it('the default description gets the marker too, six hours ahead by default', async () => {
    const before = Date.now()
    await step({ [Inputs.RevokeAfterJob]: 'true' })
    const description = (arm.callsOf('createAssignment')[0]?.args[0] as NewAssignment).description
    expect(description).toMatch(/^Granted by GitHub Actions.* temporary until \S+Z$/)
    const until = Date.parse(/temporary until (\S+)$/.exec(description)?.[1] ?? '')
    expect(until - before).toBeGreaterThan(6 * 3_600_000 - 2_000)
    expect(until - before).toBeLessThanOrEqual(6 * 3_600_000 + 60_000)
  })

  it('a grant without revoke-after-job is not marked temporary', async () => {
    await step({ [Inputs.Description]: 'for the nightly eval' })
    expect((arm.callsOf('createAssignment')[0]?.args[0] as NewAssignment).description).toBe(
      'for the nightly eval'
    )
  })

  it('saves nothing without revoke-after-job', async () => {
    await step()
    expect(state.saved).toBeUndefined()
  })
})

describe('wait for propagation', () => {
  // main waits on the real clock, and a wait right after a new assignment begins with one probe interval (2 s):
  // these tests start from an existing grant so the first probe goes out at once. wait.test.ts covers the timing.
  const alreadyGranted = () =>
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
      scope: ACCOUNT_ID,
      principalId: SELF_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER)
    })

  it('probes as the action itself and reports how long access took', async () => {
    alreadyGranted()
    await step({ [Inputs.WaitForPropagation]: 'true' })
    expect(core.failures).toEqual([])
    expect(http.requests.map((r) => r.url)).toEqual(['https://ai-prod.openai.azure.com/openai/v1/models'])
    expect(output(Outputs.PropagationSeconds)).toMatch(/^\d+\.\d$/)
    expect(core.summaries[0]).toMatch(
      /\*\*Propagation:\*\* inference access worked \d+\.\d s after the assignments \(1 probe\)\./
    )
  })

  it('with probe-model, sends a one-token chat completion to the model inference endpoint', async () => {
    alreadyGranted()
    await step({ [Inputs.WaitForPropagation]: 'true', [Inputs.ProbeModel]: 'gpt-4o' })
    expect(http.requests[0]).toMatchObject({
      method: 'POST',
      url: 'https://ai-prod.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview',
      body: { model: 'gpt-4o', max_tokens: 1 }
    })
  })

  it('a wait that cannot succeed fails the step, with the reason in the summary', async () => {
    const denied = Answers.accessDenied()
    http = new FakeHttp(() => json(denied.status, denied.body))
    alreadyGranted()
    await step({ [Inputs.WaitForPropagation]: 'true' })
    expect(failure()).toContain("refused the runner's network")
    expect(arm.writes()).toEqual([])
    expect(core.summaries[0]).toContain('**Propagation:** failed: The inference endpoint refused')
    expect(output(Outputs.PropagationSeconds)).toBeUndefined()
    expect(output(Outputs.Changed)).toBe('false')
    expect(core.failures).toHaveLength(1)
  })

  it('is refused before any write when the action itself is not among the principals', async () => {
    await step({ [Inputs.WaitForPropagation]: 'true', [Inputs.Principal]: 'user:ada@contoso.com' })
    expect(failure()).toContain('is not among the principals')
    expect(arm.writes()).toEqual([])
  })

  it('does not run when an assignment failed', async () => {
    arm.failNext(
      'createAssignment',
      armError(
        403,
        'AuthorizationFailed',
        `The client 'x' with object id '${SELF_OID}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${ACCOUNT_ID}'.`
      )
    )
    await step({ [Inputs.WaitForPropagation]: 'true' })
    expect(failure()).toContain('1 of 1 principals failed')
    expect(failure()).toContain('Contributor does not carry it')
    expect(http.requests).toEqual([])
    expect(output(Outputs.PropagationSeconds)).toBe('')
  })
})

describe('the one top-level catch', () => {
  it.each([
    ['an Error', new Error('network down'), 'network down'],
    ['a string', 'plain string', 'plain string'],
    ['an object', { code: 'E' }, '{"code":"E"}'],
    ['undefined', undefined, 'undefined']
  ])('fails the step when %s is thrown', async (_, thrown, expected) => {
    await step({}, async () => {
      throw thrown
    })
    expect(core.failures).toEqual([expected])
  })
})

describe('Foundry projects and several scopes', () => {
  const projectAssignment = (oid: string) =>
    assignmentIdOf(assignmentName(PROJECT_ID, oid, AZURE_AI_USER), PROJECT_ID)

  it('a project: Azure AI User at the project by default, and the outputs name the project', async () => {
    arm.addProject(RESOURCE_GROUP, ACCOUNT_NAME, PROJECT_NAME)
    await step({ [Inputs.Project]: PROJECT_NAME })
    expect(core.failures).toEqual([])
    const [put] = arm.callsOf('createAssignment').map((c) => c.args[0] as NewAssignment)
    expect(put).toMatchObject({ scope: PROJECT_ID, roleDefinitionId: roleDefinitionIdOf(AZURE_AI_USER) })
    expect(arm.callsOf('getAccount')).toEqual([])
    expect(output(Outputs.ResourceId)).toBe(PROJECT_ID)
    expect(output(Outputs.Endpoint)).toBe(PROJECT_ENDPOINT)
    expect(output(Outputs.InferenceEndpoint)).toBe('')
    expect(output(Outputs.RoleAssignmentIds)).toBe(projectAssignment(SELF_OID))
    expect(core.summaries[0]).toContain(`| Azure AI User | \`${PROJECT_ID}\` | created |`)
  })

  it('a project with a wait probes its deployments with a token for ai.azure.com', async () => {
    arm.addProject(RESOURCE_GROUP, ACCOUNT_NAME, PROJECT_NAME)
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ac',
      scope: PROJECT_ID,
      principalId: SELF_OID,
      roleDefinitionId: roleDefinitionIdOf(AZURE_AI_USER)
    })
    http = new FakeHttp(() => json(200, { value: [] }))
    await step({ [Inputs.Project]: PROJECT_NAME, [Inputs.WaitForPropagation]: 'true' })
    expect(core.failures).toEqual([])
    expect(http.requests).toEqual([
      {
        method: 'GET',
        url: `${PROJECT_ENDPOINT}/deployments?api-version=v1`,
        scope: 'https://ai.azure.com/.default'
      }
    ])
    expect(JSON.parse(output(Outputs.Result) ?? '').scopes[0].wait).toMatchObject({
      outcome: 'access works',
      probes: 1
    })
  })

  it('a missing project stops the run before any write, naming it', async () => {
    await step({ [Inputs.Project]: 'nope' })
    expect(failure()).toContain(
      "Foundry project 'nope' was not found under Azure AI Services account 'ai-prod'"
    )
    expect(arm.writes()).toEqual([])
  })

  it('several accounts from resource-name: each principal at each, scope by scope', async () => {
    arm.addAccount(RESOURCE_GROUP, 'ai-dev', { endpoint: 'https://ai-dev.cognitiveservices.azure.com/' })
    await step({
      [Inputs.ResourceName]: `${ACCOUNT_NAME}\nai-dev`,
      [Inputs.Principal]: 'self\nuser:ada@contoso.com'
    })
    expect(core.failures).toEqual([])
    const dev = ACCOUNT_ID.replace(/ai-prod$/, 'ai-dev')
    expect(
      arm
        .callsOf('createAssignment')
        .map((c) => (c.args[0] as NewAssignment).scope)
        .sort()
    ).toEqual([ACCOUNT_ID, ACCOUNT_ID, dev, dev].sort())
    expect(output(Outputs.ResourceId)).toBe(`${ACCOUNT_ID}\n${dev}`)
    expect(output(Outputs.Endpoint)).toBe(
      'https://ai-prod.cognitiveservices.azure.com/\nhttps://ai-dev.cognitiveservices.azure.com/'
    )
    expect(output(Outputs.RoleAssignmentIds)?.split('\n')).toEqual([
      SELF_ASSIGNMENT,
      USER_ASSIGNMENT,
      assignmentIdOf(assignmentName(dev, SELF_OID, COGNITIVE_SERVICES_USER), dev),
      assignmentIdOf(assignmentName(dev, USER_OID, COGNITIVE_SERVICES_USER), dev)
    ])
    expect(core.summaries[0]).toContain('| Scope | Principal |')
  })

  it('resource-ids: an account of another subscription and a project, each with its default role', async () => {
    arm.addAccount(
      'rg-eu',
      'ai-eu',
      { endpoint: 'https://ai-eu.cognitiveservices.azure.com/' },
      OTHER_SUBSCRIPTION
    )
    arm.addProject(RESOURCE_GROUP, ACCOUNT_NAME, PROJECT_NAME)
    await step({
      [Inputs.ResourceGroup]: '',
      [Inputs.ResourceName]: '',
      [Inputs.SubscriptionId]: '',
      [Inputs.ResourceIds]: `${OTHER_ACCOUNT_ID}\n${PROJECT_ID}`
    })
    expect(core.failures).toEqual([])
    const puts = arm.callsOf('createAssignment').map((c) => c.args[0] as NewAssignment)
    expect(puts.map((put) => [put.scope, put.roleDefinitionId])).toEqual([
      [
        OTHER_ACCOUNT_ID,
        `/subscriptions/${OTHER_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`
      ],
      [PROJECT_ID, roleDefinitionIdOf(AZURE_AI_USER)]
    ])
    const result = JSON.parse(output(Outputs.Result) ?? '')
    expect(
      result.scopes.map((scope: { kind: string; role: { name: string } }) => [scope.kind, scope.role.name])
    ).toEqual([
      ['account', 'Cognitive Services User'],
      ['project', 'Azure AI User']
    ])
  })

  it('several scopes that cannot be read are listed together, and nothing is written', async () => {
    await step({ [Inputs.ResourceName]: 'gone-1\ngone-2' })
    expect(failure()).toContain('2 of 2 scopes cannot be read; nothing was changed')
    expect(failure()).toContain("account 'gone-1' was not found")
    expect(failure()).toContain("account 'gone-2' was not found")
    expect(arm.writes()).toEqual([])
  })
})
