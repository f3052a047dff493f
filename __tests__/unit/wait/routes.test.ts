import { describe, expect, it } from '@jest/globals'
import { probeRoutes } from '../../../src/wait/routes.js'
import { ACCOUNT_ID } from '../../fixtures/ids.js'
import {
  ACCOUNT_TARGET as ACCOUNT,
  INFERENCE_CHAT_URL as INFERENCE_CHAT,
  INFERENCE_SCOPE as SCOPE,
  MODELS_URL as MODELS,
  NO_SUCH_URL as NO_SUCH,
  OPENAI_CHAT_URL as OPENAI_CHAT,
  PING
} from '../../fixtures/target.js'

describe('probe routes, from the URLs ARM returned', () => {
  it('without probe-model: the model list (no tokens spent), then a deployment that cannot exist', () => {
    expect(probeRoutes(ACCOUNT, SCOPE, undefined)).toEqual([
      { request: { method: 'GET', url: MODELS, scope: SCOPE }, noSuchDeployment: false },
      {
        request: { method: 'POST', url: NO_SUCH, scope: SCOPE, body: { messages: PING, max_tokens: 1 } },
        noSuchDeployment: true
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
        noSuchDeployment: false
      },
      {
        request: { method: 'POST', url: OPENAI_CHAT, scope: SCOPE, body: { messages: PING, max_tokens: 1 } },
        noSuchDeployment: false
      }
    ])
  })

  it('sovereign hosts are used as ARM returned them', () => {
    const [route] = probeRoutes(
      { kind: 'account', id: ACCOUNT_ID, name: 'ai-prod', openAiEndpoint: 'https://ai-prod.openai.azure.us' },
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
    expect(probeRoutes({ kind: 'account', id: ACCOUNT_ID, name: 'ai-prod' }, SCOPE, undefined)).toEqual([])
    expect(probeRoutes({ kind: 'account', id: ACCOUNT_ID, name: 'ai-prod' }, SCOPE, 'gpt-4o')).toEqual([])
    expect(
      probeRoutes({ ...ACCOUNT, openAiEndpoint: undefined }, SCOPE, 'gpt-4o').map(
        (route) => route.request.url
      )
    ).toEqual([INFERENCE_CHAT])
  })
})
