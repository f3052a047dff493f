// Microsoft Graph look-ups and the inference data plane (RBAC data actions, propagation, refusals).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS as ID, ROLE_IDS, startEmulator, type Emulator } from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const ACCOUNT = `/subscriptions/${ID.subscriptionId}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`

describe('graph', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('resolves users, groups and service principals with the right permissions', async () => {
    const token = (await h.signIn(`${emu.urls.graph}/.default`)).json.access_token as string
    const g = emu.urls.graph
    expect((await h.get(`${g}/v1.0/users/${ID.users.alice.upn}`, token)).json).toMatchObject({
      id: ID.users.alice.id,
      userPrincipalName: ID.users.alice.upn
    })
    const groups = await h.get(
      `${g}/v1.0/groups?$filter=${encodeURIComponent("displayName eq 'data-science'")}`,
      token
    )
    expect(groups.json.value).toHaveLength(2)
    expect((await h.get(`${g}/v1.0/groups/${ID.groups.aiUsers.id}`, token)).json.displayName).toBe('ai-users')
    const sp = await h.get(`${g}/v1.0/servicePrincipals(appId='${ID.servicePrincipals.webApp.appId}')`, token)
    expect(sp.json.id).toBe(ID.servicePrincipals.webApp.id)
    const byName = await h.get(
      `${g}/v1.0/servicePrincipals?$filter=${encodeURIComponent("displayName eq 'contoso-batch'")}`,
      token
    )
    expect(byName.json.value[0].appId).toBe(ID.servicePrincipals.batchJob.appId)
    const byIds = await h.post(`${g}/v1.0/directoryObjects/getByIds`, token, {
      ids: [ID.users.bob.id, ID.groups.aiUsers.id],
      types: ['user', 'group']
    })
    expect(byIds.json.value.map((o: Record<string, string>) => o['@odata.type'])).toEqual([
      '#microsoft.graph.user',
      '#microsoft.graph.group'
    ])
    const missing = await h.get(`${g}/v1.0/users/nobody@contoso.onmicrosoft.com`, token)
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('Request_ResourceNotFound')
    expect(missing.json.error.innerError['request-id']).toBeDefined()
  })

  it('refuses without the Graph permission, and with a non-Graph token', async () => {
    const weak = emu.mintAccessToken({
      oid: ID.pipelineApp.objectId,
      aud: 'https://graph.microsoft.com',
      roles: ['User.Read.All']
    })
    expect((await h.get(`${emu.urls.graph}/v1.0/users/${ID.users.alice.id}`, weak)).status).toBe(200)
    const denied = await h.get(`${emu.urls.graph}/v1.0/groups/${ID.groups.aiUsers.id}`, weak)
    expect(denied.status).toBe(403)
    expect(denied.json.error).toMatchObject({
      code: 'Authorization_RequestDenied',
      message: 'Insufficient privileges to complete the operation.'
    })
    const arm = h.armToken()
    expect((await h.get(`${emu.urls.graph}/v1.0/users/${ID.users.alice.id}`, arm)).status).toBe(401)
  })
})

describe('data plane', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let url: string
  beforeAll(async () => {
    emu = await startEmulator({ propagationDelayMs: 400 })
    h = helpers(emu)
    url = await emu.dataPlaneUrl()
  })
  afterAll(async () => emu.close())

  const cogToken = (oid: string): string =>
    emu.mintAccessToken({ oid, aud: 'https://cognitiveservices.azure.com' })
  const chat = (token: string, deployment: string = ID.deployment) =>
    h.post(`${url}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`, token, {
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 1
    })

  it('denies until the assignment has propagated, then answers', async () => {
    const alice = cogToken(ID.users.alice.id)
    const denied = await chat(alice)
    expect(denied.status).toBe(401)
    expect(denied.json.error.code).toBe('PermissionDenied')
    expect(denied.json.error.message).toBe(
      `The principal \`${ID.users.alice.id}\` lacks the required data action \`Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action\` to perform \`POST /openai/deployments/{deployment-id}/chat/completions\` operation.`
    )
    // Granted to a group alice is in: access comes through membership.
    const put = await h.arm(
      'PUT',
      `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/aaaaaaaa-2222-4333-8444-555555555555`,
      h.armToken(),
      {
        properties: {
          roleDefinitionId: `/subscriptions/${ID.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.cognitiveServicesUser}`,
          principalId: ID.groups.aiUsers.id
        }
      }
    )
    expect(put.status).toBe(201)
    const effective = emu.accessEffectiveAt(ID.users.alice.id)
    expect(effective).toBeGreaterThan(Date.now())
    expect((await chat(alice)).status).toBe(401)
    await new Promise((r) => setTimeout(r, (effective ?? 0) - Date.now() + 20))
    const ok = await chat(alice)
    expect(ok.status).toBe(200)
    expect(ok.json.object).toBe('chat.completion')
    expect((await h.get(`${url}/openai/v1/models`, alice)).json.object).toBe('list')
    const notFound = await chat(alice, 'no-such-deployment')
    expect(notFound.status).toBe(404)
    expect(notFound.json.error.code).toBe('DeploymentNotFound')
    const unknownModel = await h.post(
      `${url}/models/chat/completions?api-version=2024-05-01-preview`,
      alice,
      { model: 'x', messages: [] }
    )
    expect(unknownModel.json.error).toEqual({
      code: 'unknown_model',
      message: 'Unknown model: x',
      details: 'Unknown model: x'
    })
    const answers = emu.dataPlaneAnswers.filter((a) => a.principalId === ID.users.alice.id)
    expect(answers.find((a) => a.status === 200)?.at).toBeGreaterThanOrEqual(effective ?? Infinity)
  })

  it('refuses a wrong audience, disabled public access and the regional endpoint', async () => {
    const wrongAud = await chat(emu.mintAccessToken({ oid: ID.users.alice.id, aud: `${emu.urls.arm}/` }))
    expect(wrongAud.status).toBe(401)
    expect(wrongAud.json.error.message).toBe(
      'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.'
    )
    const account = emu.world.accounts.find((a) => a.name === ID.account)
    if (account) account.publicNetworkAccess = 'Disabled'
    const closed = await chat(cogToken(ID.users.alice.id))
    if (account) account.publicNetworkAccess = 'Enabled'
    expect(closed.status).toBe(403)
    expect(closed.json.error).toEqual({
      code: 'AccessDenied',
      message: 'Public access is disabled. Please configure private endpoint.'
    })
    const regional = await h.post(
      `${await emu.dataPlaneUrl(ID.accountNoSubdomain)}/openai/deployments/${ID.deployment}/chat/completions?api-version=2024-10-21`,
      cogToken(ID.users.alice.id),
      { messages: [] }
    )
    expect(regional.status).toBe(400)
    expect(regional.json.error.message).toBe(
      'Please provide a custom subdomain for token authentication, otherwise API key is required.'
    )
  })
})
