import { describe, expect, it } from '@jest/globals'
import { NO_SUCH_DEPLOYMENT, createProbe, probeRoutes } from '../../../src/azure/dataplane.js'
import type { Account } from '../../../src/types.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import { ACCOUNT_ID } from '../../fixtures/ids.js'

const SCOPE = 'https://cognitiveservices.azure.com/.default'
const ACCOUNT: Account = {
  id: ACCOUNT_ID,
  inferenceEndpoint: 'https://ai-prod.services.ai.azure.com/models',
  openAiEndpoint: 'https://ai-prod.openai.azure.com/'
}
const PING = [{ role: 'user', content: 'ping' }]
const MODELS = 'https://ai-prod.openai.azure.com/openai/v1/models'
const NO_SUCH = `https://ai-prod.openai.azure.com/openai/deployments/${NO_SUCH_DEPLOYMENT}/chat/completions?api-version=2024-10-21`
const INFERENCE_CHAT =
  'https://ai-prod.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview'
const OPENAI_CHAT =
  'https://ai-prod.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21'

describe('probe routes, from the URLs ARM returned', () => {
  it('without probe-model: the model list (no tokens spent), then a deployment that cannot exist', () => {
    expect(probeRoutes(ACCOUNT, SCOPE, undefined)).toEqual([
      { request: { method: 'GET', url: MODELS, scope: SCOPE }, missingDeploymentMeansAccess: false },
      {
        request: { method: 'POST', url: NO_SUCH, scope: SCOPE, body: { messages: PING, max_tokens: 1 } },
        missingDeploymentMeansAccess: true
      }
    ])
  })

  it('with probe-model: a one-token chat completion on the model inference route, then on the OpenAI route', () => {
    expect(probeRoutes(ACCOUNT, SCOPE, 'gpt-4o')).toEqual([
      {
        request: {
          method: 'POST',
          url: INFERENCE_CHAT,
          scope: SCOPE,
          body: { model: 'gpt-4o', messages: PING, max_tokens: 1 }
        },
        missingDeploymentMeansAccess: false
      },
      {
        request: { method: 'POST', url: OPENAI_CHAT, scope: SCOPE, body: { messages: PING, max_tokens: 1 } },
        missingDeploymentMeansAccess: false
      }
    ])
  })

  it('sovereign hosts are used as ARM returned them', () => {
    const [route] = probeRoutes(
      { id: ACCOUNT_ID, openAiEndpoint: 'https://ai-prod.openai.azure.us' },
      'https://cognitiveservices.azure.us/.default',
      undefined
    )
    expect(route?.request).toEqual({
      method: 'GET',
      url: 'https://ai-prod.openai.azure.us/openai/v1/models',
      scope: 'https://cognitiveservices.azure.us/.default'
    })
  })

  it('only the routes the account has endpoints for', () => {
    expect(probeRoutes({ id: ACCOUNT_ID }, SCOPE, undefined)).toEqual([])
    expect(probeRoutes({ id: ACCOUNT_ID }, SCOPE, 'gpt-4o')).toEqual([])
    expect(
      probeRoutes({ ...ACCOUNT, openAiEndpoint: undefined }, SCOPE, 'gpt-4o').map((r) => r.request.url)
    ).toEqual([INFERENCE_CHAT])
  })
})

describe('the probe', () => {
  const routes = probeRoutes(ACCOUNT, SCOPE, undefined)

  it('describes the call without a token, and passes the answer on with what a missing deployment means', async () => {
    const http = new FakeHttp(() =>
      json(401, { error: { code: 'PermissionDenied' } }, { 'retry-after': '1' })
    )
    const probe = createProbe(http, routes)
    expect(probe.description).toBe(`GET ${MODELS}`)
    expect(await probe.send()).toEqual({
      status: 401,
      headers: { 'retry-after': '1' },
      body: { error: { code: 'PermissionDenied' } },
      missingDeploymentMeansAccess: false
    })
    expect(http.requests).toEqual([routes[0]?.request])
  })

  it.each([
    ['404 without a service code', json(404, { error: { code: '404', message: 'Resource not found' } })],
    ['404 with no body', json(404)],
    ['405', json(405)]
  ])('moves to the next route after %s, and stays there', async (_, unknownRoute) => {
    const http = new FakeHttp((request) =>
      request.url === MODELS ? unknownRoute : json(404, { error: { code: 'DeploymentNotFound' } })
    )
    const probe = createProbe(http, routes)
    expect(await probe.send()).toMatchObject({ status: 404, missingDeploymentMeansAccess: true })
    expect(probe.description).toBe(`POST ${NO_SUCH}`)
    await probe.send()
    expect(http.requests.map((r) => r.url)).toEqual([MODELS, NO_SUCH, NO_SUCH])
  })

  it.each([
    ['401 PermissionDenied', json(401, { error: { code: 'PermissionDenied' } })],
    ['404 DeploymentNotFound', json(404, { error: { code: 'DeploymentNotFound' } })],
    ['404 unknown_model', json(404, { error: { code: 'unknown_model' } })],
    ['429', json(429)],
    ['503', json(503)],
    ['200', json(200, { data: [] })]
  ])('stays on its route after %s', async (_, answer) => {
    const http = new FakeHttp(() => answer)
    const probe = createProbe(http, routes)
    expect((await probe.send()).status).toBe(answer.status)
    expect(http.requests.map((r) => r.url)).toEqual([MODELS])
    expect(probe.description).toBe(`GET ${MODELS}`)
  })

  it('on the last route, an unknown route is passed on as it is', async () => {
    const http = new FakeHttp(() => json(404))
    expect((await createProbe(http, routes).send()).status).toBe(404)
    expect(http.requests).toHaveLength(2)
  })

  it('asks for a new token through the function it was given', () => {
    let renewed = 0
    createProbe(new FakeHttp(), routes, () => renewed++).renewToken()
    expect(renewed).toBe(1)
  })
})
