import { ApiVersions } from '../constants.js'
import { trimSlash } from '../azure/sign-in/clouds.js'
import type { JsonRequest } from '../azure/http/http.js'
import type { ProbeRoute } from '../azure/dataplane.js'
import type { Target } from '../types.js'

/**
 * A deployment name no one can have created. Whether its 404 proves access depends on the gateway's order of
 * checks, which no document states: the evidence rules (evidence.ts) decide.
 */
export const NO_SUCH_DEPLOYMENT = 'entra-access-probe-no-such-deployment'
const OPENAI_API_VERSION = '2024-10-21'
const PING = [{ role: 'user', content: 'ping' }]

function openAiChat(account: Target, scope: string, deployment: string): JsonRequest | undefined {
  if (account.openAiEndpoint === undefined) return undefined
  const url = `${trimSlash(account.openAiEndpoint)}/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${OPENAI_API_VERSION}`
  return { method: 'POST', url, scope, body: { messages: PING, max_tokens: 1 } }
}

function modelInferenceChat(account: Target, scope: string, model: string): JsonRequest | undefined {
  if (account.inferenceEndpoint === undefined) return undefined
  const url = `${account.inferenceEndpoint}/chat/completions?api-version=${ApiVersions.ModelInference}`
  return { method: 'POST', url, scope, body: { model, messages: PING, max_tokens: 1 } }
}

function modelList(account: Target, scope: string): JsonRequest | undefined {
  if (account.openAiEndpoint === undefined) return undefined
  return { method: 'GET', url: `${trimSlash(account.openAiEndpoint)}/openai/v1/models`, scope }
}

const route = (request: JsonRequest | undefined, noSuchDeployment = false): ProbeRoute[] =>
  request === undefined ? [] : [{ request, noSuchDeployment }]

/**
 * The probe routes, first choice first, built only from the URLs Resource Manager returned for the account.
 * Without a deployment: the model list (spends no tokens), else a chat request to a deployment that cannot exist.
 * With one: a one-token chat completion on the model inference route, else on the OpenAI route.
 */
export function probeRoutes(account: Target, scope: string, probeModel: string | undefined): ProbeRoute[] {
  if (probeModel === undefined) {
    return [
      ...route(modelList(account, scope)),
      ...route(openAiChat(account, scope, NO_SUCH_DEPLOYMENT), true)
    ]
  }
  return [
    ...route(modelInferenceChat(account, scope, probeModel)),
    ...route(openAiChat(account, scope, probeModel))
  ]
}

/**
 * The probe of a Foundry project: its deployments, a read that spends no tokens and needs the project's data action
 * (`401 PermissionDenied` until the role works), at the endpoint Resource Manager returned for the project.
 */
export function projectRoutes(project: Target, scope: string): ProbeRoute[] {
  if (project.endpoint === undefined) return []
  const url = `${trimSlash(project.endpoint)}/deployments?api-version=${ApiVersions.FoundryProjects}`
  return route({ method: 'GET', url, scope })
}
