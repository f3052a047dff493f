import { ApiVersions } from '../constants.js'
import { trimSlash } from './clouds.js'
import type { JsonHttp, JsonRequest } from './http.js'
import type { ProbeAnswer } from '../wait/verdict.js'
import type { Account } from '../types.js'

export interface DataPlaneProbe {
  /** Describes the call, for logs: method and URL, no token. */
  readonly description: string
  send(): Promise<ProbeAnswer>
  /** Makes the next probe use a new access token. */
  renewToken(): void
}

/** One way of asking the inference endpoint whether the identity may call it. */
export interface ProbeRoute {
  readonly request: JsonRequest
  /** The route asks for a deployment that cannot exist: 404 DeploymentNotFound then proves authorization. */
  readonly missingDeploymentMeansAccess: boolean
}

/** A deployment name no one can have created: the service checks authorization before it looks the name up. */
export const NO_SUCH_DEPLOYMENT = 'entra-access-probe-no-such-deployment'
const OPENAI_API_VERSION = '2024-10-21'
const PING = [{ role: 'user', content: 'ping' }]

function openAiChat(account: Account, scope: string, deployment: string): JsonRequest | undefined {
  if (account.openAiEndpoint === undefined) return undefined
  const url = `${trimSlash(account.openAiEndpoint)}/openai/deployments/${encodeURIComponent(deployment)}/chat/completions?api-version=${OPENAI_API_VERSION}`
  return { method: 'POST', url, scope, body: { messages: PING, max_tokens: 1 } }
}

function modelInferenceChat(account: Account, scope: string, model: string): JsonRequest | undefined {
  if (account.inferenceEndpoint === undefined) return undefined
  const url = `${account.inferenceEndpoint}/chat/completions?api-version=${ApiVersions.ModelInference}`
  return { method: 'POST', url, scope, body: { model, messages: PING, max_tokens: 1 } }
}

function modelList(account: Account, scope: string): JsonRequest | undefined {
  if (account.openAiEndpoint === undefined) return undefined
  return { method: 'GET', url: `${trimSlash(account.openAiEndpoint)}/openai/v1/models`, scope }
}

const route = (request: JsonRequest | undefined, missingDeploymentMeansAccess = false): ProbeRoute[] =>
  request === undefined ? [] : [{ request, missingDeploymentMeansAccess }]

/**
 * The probe routes, first choice first, built only from the URLs Resource Manager returned for the account.
 * Without a deployment: the model list (spends no tokens), else a chat request to a deployment that cannot exist.
 * With one: a one-token chat completion on the model inference route, else on the OpenAI route.
 */
export function probeRoutes(account: Account, scope: string, probeModel: string | undefined): ProbeRoute[] {
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

/** An endpoint that does not know the route answers 404 without a service error code of its own, or 405. */
function routeUnknown(answer: ProbeAnswer): boolean {
  const code = (answer.body as { error?: { code?: unknown } } | undefined)?.error?.code
  return (
    answer.status === 405 ||
    (answer.status === 404 && code !== 'DeploymentNotFound' && code !== 'unknown_model')
  )
}

/** Probes on the first route; moves to the next for good when the endpoint does not serve a route. */
export function createProbe(
  http: JsonHttp,
  routes: readonly ProbeRoute[],
  renewToken: () => void = () => undefined
): DataPlaneProbe {
  let index = 0
  const current = (): ProbeRoute => routes[index] as ProbeRoute
  const sendOnce = async (): Promise<ProbeAnswer> => {
    const { request, missingDeploymentMeansAccess } = current()
    const response = await http.send(request)
    return {
      status: response.status,
      headers: response.headers,
      body: response.body,
      missingDeploymentMeansAccess
    }
  }
  return {
    renewToken,
    get description() {
      return `${current().request.method} ${current().request.url}`
    },
    async send() {
      let answer = await sendOnce()
      while (routeUnknown(answer) && index < routes.length - 1) {
        index++
        answer = await sendOnce()
      }
      return answer
    }
  }
}
