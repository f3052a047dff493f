// The data plane's switches for the wait's evidence (issue 15): routes an endpoint does not serve, a gateway that
// looks the deployment up before it checks the role, and the probe identities that sign in from the same workflow.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_IDS as ID,
  ROLE_IDS,
  decodeJwt,
  startEmulator,
  type Account,
  type Emulator
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const ACCOUNT_SCOPE = `/subscriptions/${ID.subscriptionId}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const NOT_SERVED = { error: { code: '404', message: 'Resource not found' } }
const NO_DEPLOYMENT = 'entra-access-probe-no-such-deployment'

describe('data-plane switches', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let url: string
  let account: Account
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    url = await emu.dataPlaneUrl()
    account = emu.world.accounts.find((a) => a.name === ID.account) as Account
  })
  afterAll(async () => emu.close())
  beforeEach(() => {
    delete account.dataPlane
    emu.world.roleAssignments = emu.world.roleAssignments.filter((a) => a.principalId !== ID.users.alice.id)
  })

  const token = (oid: string = ID.users.alice.id): string =>
    emu.mintAccessToken({ oid, aud: 'https://cognitiveservices.azure.com' })
  const grantAlice = (): void => {
    const now = Date.now()
    emu.world.roleAssignments.push({
      name: 'aaaaaaaa-1515-4000-8000-000000000001',
      scope: ACCOUNT_SCOPE,
      roleDefinitionGuid: ROLE_IDS.cognitiveServicesUser,
      principalId: ID.users.alice.id,
      principalType: 'User',
      description: null,
      condition: null,
      createdOn: now,
      updatedOn: now,
      createdBy: null,
      updatedBy: null
    })
  }
  const calls = {
    modelList: (t: string) => h.get(`${url}/openai/v1/models`, t),
    legacyModelList: (t: string) => h.get(`${url}/openai/models?api-version=2024-10-21`, t),
    openAiChat: (t: string, deployment: string = ID.deployment) =>
      h.post(`${url}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`, t, {
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1
      }),
    openAiV1Chat: (t: string, deployment: string = ID.deployment) =>
      h.post(`${url}/openai/v1/chat/completions`, t, {
        model: deployment,
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1
      }),
    inferenceChat: (t: string, model: string = ID.deployment) =>
      h.post(`${url}/models/chat/completions?api-version=2024-05-01-preview`, t, {
        model,
        messages: [{ role: 'user', content: 'ping' }],
        max_tokens: 1
      })
  }

  it('serves every route by default', async () => {
    grantAlice()
    const t = token()
    expect((await calls.modelList(t)).status).toBe(200)
    expect((await calls.openAiChat(t)).status).toBe(200)
    expect((await calls.inferenceChat(t)).status).toBe(200)
  })

  it('turns off the model list alone: both list routes answer 404 Resource not found, chat still works', async () => {
    grantAlice()
    account.dataPlane = { unserved: ['model-list'] }
    const t = token()
    for (const answer of [await calls.modelList(t), await calls.legacyModelList(t)]) {
      expect(answer.status).toBe(404)
      expect(answer.json).toEqual(NOT_SERVED)
    }
    expect((await calls.openAiChat(t)).status).toBe(200)
    expect((await calls.inferenceChat(t)).status).toBe(200)
  })

  it('turns off the OpenAI chat routes alone', async () => {
    grantAlice()
    account.dataPlane = { unserved: ['openai-chat'] }
    const t = token()
    for (const answer of [await calls.openAiChat(t), await calls.openAiV1Chat(t)]) {
      expect(answer.status).toBe(404)
      expect(answer.json).toEqual(NOT_SERVED)
    }
    expect((await calls.modelList(t)).status).toBe(200)
    expect((await calls.inferenceChat(t)).status).toBe(200)
  })

  it('turns off the model inference route alone', async () => {
    grantAlice()
    account.dataPlane = { unserved: ['model-inference'] }
    const t = token()
    const answer = await calls.inferenceChat(t)
    expect(answer.status).toBe(404)
    expect(answer.json).toEqual(NOT_SERVED)
    expect((await calls.modelList(t)).status).toBe(200)
    expect((await calls.openAiChat(t)).status).toBe(200)
  })

  it('answers an unserved route the same with or without the role: it says nothing about access', async () => {
    account.dataPlane = { unserved: ['model-list'] }
    const without = await calls.modelList(token())
    grantAlice()
    const withRole = await calls.modelList(token())
    expect([without.status, without.json]).toEqual([404, NOT_SERVED])
    expect([withRole.status, withRole.json]).toEqual([404, NOT_SERVED])
  })

  it('role first (the default): a missing deployment or model is PermissionDenied without the role', async () => {
    const t = token()
    const chat = await calls.openAiChat(t, NO_DEPLOYMENT)
    expect(chat.status).toBe(401)
    expect(chat.json.error.code).toBe('PermissionDenied')
    const inference = await calls.inferenceChat(t, 'no-such-model')
    expect(inference.status).toBe(401)
    expect(inference.json.error.code).toBe('PermissionDenied')
    grantAlice()
    expect((await calls.openAiChat(t, NO_DEPLOYMENT)).json.error.code).toBe('DeploymentNotFound')
    expect((await calls.inferenceChat(t, 'no-such-model')).json.error.code).toBe('unknown_model')
  })

  it('deployment first: a missing deployment is 404 DeploymentNotFound even without the role', async () => {
    account.dataPlane = { gateway: 'deployment-first' }
    const t = token()
    const chat = await calls.openAiChat(t, NO_DEPLOYMENT)
    expect(chat.status).toBe(404)
    expect(chat.json.error.code).toBe('DeploymentNotFound')
    const v1 = await calls.openAiV1Chat(t, NO_DEPLOYMENT)
    expect([v1.status, v1.json.error.code]).toEqual([404, 'DeploymentNotFound'])
    const inference = await calls.inferenceChat(t, 'no-such-model')
    expect([inference.status, inference.json.error.code]).toEqual([400, 'unknown_model'])
    // A deployment that exists still needs the role, and the list (no deployment in it) is unchanged.
    const real = await calls.openAiChat(t)
    expect([real.status, real.json.error.code]).toEqual([401, 'PermissionDenied'])
    expect((await calls.modelList(t)).status).toBe(401)
    grantAlice()
    expect((await calls.openAiChat(t)).status).toBe(200)
    expect((await calls.openAiChat(t, NO_DEPLOYMENT)).status).toBe(404)
  })

  it('checks the token before either order: a wrong audience is 401 on both gateways', async () => {
    const wrong = emu.mintAccessToken({ oid: ID.users.alice.id, aud: `${emu.urls.arm}/` })
    for (const gateway of ['role-first', 'deployment-first'] as const) {
      account.dataPlane = { gateway }
      const answer = await calls.openAiChat(wrong, NO_DEPLOYMENT)
      expect(answer.status).toBe(401)
      expect(answer.json.error.message).toMatch(/audience is incorrect/)
    }
  })
})

describe('probe identities', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it.each([
    ['app registration', ID.probeApp, 'Application'],
    ['user-assigned managed identity', ID.probeIdentity, 'ManagedIdentity']
  ])(
    'the %s signs in from the workflow with its own client ID; the data plane sees its object ID',
    async (_kind, probe, type) => {
      expect(emu.world.servicePrincipals.find((s) => s.appId === probe.clientId)?.servicePrincipalType).toBe(
        type
      )
      const signIn = await h.signIn('https://cognitiveservices.azure.com/.default', probe.clientId)
      expect(signIn.status).toBe(200)
      const accessToken = signIn.json.access_token as string
      expect(decodeJwt(accessToken)?.claims).toMatchObject({ oid: probe.objectId, appid: probe.clientId })
      const url = await emu.dataPlaneUrl()
      const denied = await h.get(`${url}/openai/v1/models`, accessToken)
      expect(denied.status).toBe(401)
      expect(denied.json.error.message).toContain(probe.objectId)
      expect(emu.dataPlaneAnswers.at(-1)?.principalId).toBe(probe.objectId)
    }
  )

  it('holds no role and no Graph permission', async () => {
    expect(emu.world.roleAssignments.filter((a) => a.principalId === ID.probeApp.objectId)).toEqual([])
    const graph = await h.signIn(`${emu.urls.graph}/.default`, ID.probeApp.clientId)
    expect(decodeJwt(graph.json.access_token as string)?.claims.roles).toBeUndefined()
  })

  it('refuses an assertion whose subject its federated credential does not trust, naming the subject', async () => {
    const original = emu.world.github.claims.sub
    emu.world.github.claims.sub = 'repo:octo-org/octo-repo:pull_request'
    try {
      const refused = await h.signIn('https://cognitiveservices.azure.com/.default', ID.probeApp.clientId)
      expect(refused.status).toBe(400)
      expect(refused.json.error_codes).toEqual([70021])
      expect(refused.json.error_description).toContain(
        "Assertion Subject: 'repo:octo-org/octo-repo:pull_request'"
      )
    } finally {
      emu.world.github.claims.sub = original
    }
  })
})
