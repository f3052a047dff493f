// Foundry projects (ARM and data plane), accounts across resource groups and subscriptions, and a cloud whose
// Microsoft.CognitiveServices api-versions lag behind.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  addAccount,
  DEFAULT_IDS as ID,
  DEPLOYMENTS_READ,
  FOUNDRY_AUDIENCE,
  ROLE_IDS,
  SECOND_SUBSCRIPTION_ID,
  startEmulator,
  type Emulator,
  type World
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const ACCOUNT = `${SUB}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const PROJECT = `${ACCOUNT}/projects/${ID.project}`
const roleDef = (guid: string): string => `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
const assignmentPath = (scope: string, name: string): string =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`

describe('Foundry projects on Resource Manager', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  let seed: World['roleAssignments']
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    token = h.armToken()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.world.roleAssignments = [...seed]
    emu.options.cognitiveServicesApiVersions = null
  })
  afterAll(async () => emu.close())

  it('returns a project as 2025-06-01 does, its endpoint on the account host', async () => {
    const res = await h.arm('GET', PROJECT, token, undefined, '2025-06-01')
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({
      id: PROJECT,
      name: ID.project,
      type: 'Microsoft.CognitiveServices/accounts/projects',
      location: ID.location,
      identity: { type: 'SystemAssigned' },
      properties: { provisioningState: 'Succeeded', isDefault: true, displayName: 'Demo project' }
    })
    const endpoint = res.json.properties.endpoints['AI Foundry API'] as string
    expect(endpoint).toBe(await emu.projectEndpoint())
    expect(endpoint).toBe(`${await emu.dataPlaneUrl(ID.account, 'inference')}/api/projects/${ID.project}`)
    expect(emu.resourceId(ID.account, ID.project)).toBe(PROJECT)
    const list = await h.arm('GET', `${ACCOUNT}/projects`, token, undefined, '2025-09-01')
    expect(list.json.value.map((p: { name: string }) => p.name)).toEqual([ID.project])
    const account = await h.arm('GET', ACCOUNT, token, undefined, '2025-09-01')
    expect(account.json.properties).toMatchObject({
      associatedProjects: [ID.project],
      defaultProject: ID.project
    })
    expect(account.json.properties.endpoints['AI Foundry API']).toMatch(/^https:\/\/.*\/$/)
  })

  it('answers ARM 404s for a missing project or account', async () => {
    const missing = await h.arm('GET', `${ACCOUNT}/projects/nope`, token, undefined, '2025-06-01')
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('ResourceNotFound')
    expect(missing.json.error.message).toContain(
      `'Microsoft.CognitiveServices/accounts/${ID.account}/projects/nope' under resource group '${ID.resourceGroup}'`
    )
    const noAccount = await h.arm(
      'GET',
      PROJECT.replace(`/accounts/${ID.account}/`, '/accounts/ghost/'),
      token,
      undefined,
      '2025-06-01'
    )
    expect(noAccount.json.error.message).toContain("'Microsoft.CognitiveServices/accounts/ghost'")
  })

  it('serves projects only in the versions that have them', async () => {
    const old = await h.arm('GET', PROJECT, token, undefined, '2024-10-01')
    expect(old.status).toBe(400)
    expect(old.json.error.code).toBe('NoRegisteredProviderFound')
    expect(old.json.error.message).toBe(
      `No registered resource provider found for location 'eastus' and API version '2024-10-01' for type 'accounts/projects'. The supported api-versions are '2025-04-01-preview, 2025-06-01, 2025-07-01-preview, 2025-09-01'. The supported locations are 'eastus, eastus2, westus, westeurope, northeurope, swedencentral'.`
    )
    expect(old.headers['x-ms-correlation-request-id']).toBeDefined()
  })

  it('assigns roles at a project, and refuses a project that does not exist', async () => {
    const body = {
      properties: { roleDefinitionId: roleDef(ROLE_IDS.azureAiUser), principalId: ID.users.alice.id }
    }
    const name = '0b0b0b0b-1111-4222-8333-444444444444'
    const put = await h.arm('PUT', assignmentPath(PROJECT, name), token, body)
    expect(put.status).toBe(201)
    expect(put.json.properties.scope).toBe(PROJECT)
    const listed = await h.arm(
      'GET',
      `${PROJECT}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent('atScope()')}`,
      token
    )
    expect(listed.json.value.map((a: { name: string }) => a.name)).toContain(name)
    const ghost = await h.arm('PUT', assignmentPath(`${ACCOUNT}/projects/ghost`, name), token, body)
    expect(ghost.status).toBe(404)
    expect(ghost.json.error.code).toBe('ResourceNotFound')
  })
})

describe('a cloud whose api-versions lag', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  beforeAll(async () => {
    emu = await startEmulator({ cognitiveServicesApiVersions: ['2024-10-01', '2023-05-01', '2022-12-01'] })
    h = helpers(emu)
    token = h.armToken()
  })
  afterAll(async () => emu.close())

  it('refuses newer account versions with the supported ones, and serves the listed ones', async () => {
    const refused = await h.arm('GET', ACCOUNT, token, undefined, '2025-09-01')
    expect(refused.status).toBe(400)
    expect(refused.json.error).toEqual({
      code: 'NoRegisteredProviderFound',
      message: `No registered resource provider found for location 'eastus' and API version '2025-09-01' for type 'accounts'. The supported api-versions are '2022-12-01, 2023-05-01, 2024-10-01'. The supported locations are 'eastus, eastus2, westus, westeurope, northeurope, swedencentral'.`
    })
    const served = await h.arm('GET', ACCOUNT, token, undefined, '2024-10-01')
    expect(served.status).toBe(200)
    expect(served.json.id).toBe(ACCOUNT)
  })

  it('knows no projects at all when no served version has them', async () => {
    const res = await h.arm('GET', PROJECT, token, undefined, '2025-06-01')
    expect(res.status).toBe(404)
    expect(res.json.error).toEqual({
      code: 'InvalidResourceType',
      message: `The resource type 'accounts/projects' could not be found in the namespace 'Microsoft.CognitiveServices' for api version '2025-06-01'.`
    })
    const provider = await h.arm(
      'GET',
      `${SUB}/providers/Microsoft.CognitiveServices`,
      token,
      undefined,
      '2021-04-01'
    )
    const types = provider.json.resourceTypes as { resourceType: string; apiVersions: string[] }[]
    expect(types.find((t) => t.resourceType === 'accounts')?.apiVersions).toEqual([
      '2024-10-01',
      '2023-05-01',
      '2022-12-01'
    ])
    expect(types.map((t) => t.resourceType)).not.toContain('accounts/projects')
  })

  it('changes live, and lists only preview versions when that is all a project type has', async () => {
    emu.options.cognitiveServicesApiVersions = ['2025-04-01-preview', '2024-10-01']
    const res = await h.arm('GET', PROJECT, token, undefined, '2025-06-01')
    emu.options.cognitiveServicesApiVersions = ['2024-10-01', '2023-05-01', '2022-12-01']
    expect(res.status).toBe(400)
    expect(res.json.error.message).toContain("The supported api-versions are '2025-04-01-preview'.")
  })

  it('leaves role assignments (another provider) alone', async () => {
    const res = await h.arm('GET', `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments`, token)
    expect(res.status).toBe(200)
  })
})

describe('the Foundry project data plane', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let endpoint: string
  let accountUrl: string
  let seed: World['roleAssignments']
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    endpoint = await emu.projectEndpoint()
    accountUrl = await emu.dataPlaneUrl()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.world.roleAssignments = [...seed]
  })
  afterAll(async () => emu.close())

  const aiToken = (oid: string): string => emu.mintAccessToken({ oid, aud: FOUNDRY_AUDIENCE })
  const deployments = (token: string) => h.get(`${endpoint}/deployments?api-version=v1`, token)
  const grant = async (scope: string, role: string, name: string): Promise<void> => {
    const res = await h.arm('PUT', assignmentPath(scope, name), h.armToken(), {
      properties: { roleDefinitionId: roleDef(role), principalId: ID.users.alice.id, principalType: 'User' }
    })
    expect(res.status).toBe(201)
  }

  it('refuses without a role, in the words Foundry uses', async () => {
    const res = await deployments(aiToken(ID.users.alice.id))
    expect(res.status).toBe(401)
    expect(res.json.error).toEqual({
      code: 'PermissionDenied',
      message: `The principal \`${ID.users.alice.id}\` lacks the required data action \`${DEPLOYMENTS_READ}\` to perform \`GET /api/projects/{projectName}/deployments\` operation. For instructions on granting the necessary permissions, see https://aka.ms/FoundryPermissions.`
    })
    const answer = emu.dataPlaneAnswers.at(-1)
    expect(answer).toMatchObject({ accountId: PROJECT, principalId: ID.users.alice.id, status: 401 })
  })

  it('wants the ai.azure.com audience and an api-version', async () => {
    const cog = emu.mintAccessToken({ oid: ID.users.alice.id, aud: 'https://cognitiveservices.azure.com' })
    const wrong = await deployments(cog)
    expect(wrong.status).toBe(401)
    expect(wrong.json.error.message).toBe(
      'Unauthorized. Access token is missing, invalid, audience is incorrect (https://ai.azure.com), or have expired.'
    )
    await grant(PROJECT, ROLE_IDS.azureAiUser, '1a1a1a1a-1111-4222-8333-444444444444')
    const noVersion = await h.get(`${endpoint}/deployments`, aiToken(ID.users.alice.id))
    expect(noVersion.status).toBe(400)
    const unknown = await h.get(`${endpoint.replace(ID.project, 'ghost')}/deployments?api-version=v1`, cog)
    expect(unknown.status).toBe(404)
  })

  it('Azure AI User at the project opens the project, not the account', async () => {
    await grant(PROJECT, ROLE_IDS.azureAiUser, '2a2a2a2a-1111-4222-8333-444444444444')
    const ok = await deployments(aiToken(ID.users.alice.id))
    expect(ok.status).toBe(200)
    expect(ok.json.value[0]).toMatchObject({
      type: 'ModelDeployment',
      name: ID.deployment,
      modelName: 'gpt-4o-mini'
    })
    const cog = emu.mintAccessToken({ oid: ID.users.alice.id, aud: 'https://cognitiveservices.azure.com' })
    const models = await h.get(`${accountUrl}/openai/v1/models`, cog)
    expect(models.status).toBe(401)
    expect(models.json.error.code).toBe('PermissionDenied')
    expect(emu.accessEffectiveAt(ID.users.alice.id)).toBeUndefined()
    expect(emu.projectAccessEffectiveAt(ID.users.alice.id)).toBeLessThanOrEqual(Date.now())
  })

  it('a role at the account reaches its projects', async () => {
    await grant(ACCOUNT, ROLE_IDS.cognitiveServicesUser, '3a3a3a3a-1111-4222-8333-444444444444')
    expect((await deployments(aiToken(ID.users.alice.id))).status).toBe(200)
  })

  it('refuses when public network access is disabled', async () => {
    await grant(PROJECT, ROLE_IDS.azureAiUser, '4a4a4a4a-1111-4222-8333-444444444444')
    const account = emu.world.accounts.find((a) => a.name === ID.account)
    if (account) account.publicNetworkAccess = 'Disabled'
    const res = await deployments(aiToken(ID.users.alice.id))
    if (account) account.publicNetworkAccess = 'Enabled'
    expect(res.status).toBe(403)
    expect(res.json.error.code).toBe('AccessDenied')
  })
})

describe('accounts across resource groups and subscriptions', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  const OTHER = `/subscriptions/${SECOND_SUBSCRIPTION_ID}/resourceGroups/rg-ai-eu/providers/Microsoft.CognitiveServices/accounts/ai-eu`
  beforeAll(async () => {
    emu = await startEmulator({
      world: (w) => {
        addAccount(w, {
          name: 'ai-eu',
          resourceGroup: 'rg-ai-eu',
          subscriptionId: SECOND_SUBSCRIPTION_ID,
          location: 'westeurope',
          projects: ['proj-eu']
        })
        addAccount(w, { name: 'ai-locked', resourceGroup: 'rg-locked', grantPipeline: false })
      }
    })
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('serves an account of another subscription, with a data plane of its own', async () => {
    const res = await h.arm('GET', OTHER, h.armToken(), undefined, '2025-09-01')
    expect(res.status).toBe(200)
    expect(res.json.location).toBe('westeurope')
    expect(res.json.properties.endpoint).toBe(`${await emu.dataPlaneUrl('ai-eu')}/`)
    expect(await emu.dataPlaneUrl('ai-eu')).not.toBe(await emu.dataPlaneUrl())
    const subs = await h.arm('GET', '/subscriptions', h.armToken(), undefined, '2022-12-01')
    expect(subs.json.value.map((s: { subscriptionId: string }) => s.subscriptionId)).toContain(
      SECOND_SUBSCRIPTION_ID
    )
    const project = await h.arm('GET', `${OTHER}/projects/proj-eu`, h.armToken(), undefined, '2025-06-01')
    expect(project.json.properties.endpoints['AI Foundry API']).toBe(
      await emu.projectEndpoint('proj-eu', 'ai-eu')
    )
  })

  it('lets the pipeline assign where it was made administrator, and nowhere else', async () => {
    const body = {
      properties: {
        roleDefinitionId: `/subscriptions/${SECOND_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.cognitiveServicesUser}`,
        principalId: ID.users.bob.id
      }
    }
    const ok = await h.arm(
      'PUT',
      assignmentPath(OTHER, '5a5a5a5a-1111-4222-8333-444444444444'),
      h.armToken(),
      body
    )
    expect(ok.status).toBe(201)
    const locked = emu.resourceId('ai-locked')
    const refused = await h.arm(
      'PUT',
      assignmentPath(locked, '6a6a6a6a-1111-4222-8333-444444444444'),
      h.armToken(),
      body
    )
    expect(refused.status).toBe(403)
    expect(refused.json.error.code).toBe('AuthorizationFailed')
  })
})

describe('projects in host-name mode', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator({ hostnames: true })
  })
  afterAll(async () => emu.close())

  it('names the project endpoint under the account services.ai host, reached through the proxy', async () => {
    const endpoint = await emu.projectEndpoint()
    expect(endpoint).toBe(`https://${ID.accountSubdomain}.services.ai.azure.test/api/projects/${ID.project}`)
    const h = helpers(emu)
    const res = await h.get(
      `${endpoint}/deployments?api-version=v1`,
      emu.mintAccessToken({ oid: ID.users.alice.id, aud: FOUNDRY_AUDIENCE })
    )
    expect(res.status).toBe(401)
    expect(res.json.error.code).toBe('PermissionDenied')
  })
})

describe('the Foundry role names', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  const byName = async (name: string): Promise<string[]> => {
    const filter = encodeURIComponent(`roleName eq '${name}'`)
    const res = await h.arm(
      'GET',
      `${SUB}/providers/Microsoft.Authorization/roleDefinitions?$filter=${filter}`,
      h.armToken()
    )
    return (res.json.value as { name: string }[]).map((d) => d.name)
  }

  it('shows the classic names by default and the renamed ones in a renamed tenant, same GUIDs', async () => {
    expect(await byName('Azure AI User')).toEqual([ROLE_IDS.azureAiUser])
    expect(await byName('Azure AI Project Manager')).toEqual([ROLE_IDS.azureAiProjectManager])
    expect(await byName('Foundry User')).toEqual([])
    emu.world.roleNames = 'foundry'
    expect(await byName('Foundry User')).toEqual([ROLE_IDS.azureAiUser])
    expect(await byName('Foundry Owner')).toEqual([ROLE_IDS.azureAiOwner])
    expect(await byName('Foundry Account Owner')).toEqual([ROLE_IDS.azureAiAccountOwner])
    expect(await byName('Azure AI User')).toEqual([])
    emu.world.roleNames = 'classic'
  })
})
