import { ApiVersions } from '../constants.js'
import { trimSlash } from '../clouds.js'
import type { JsonHttp, JsonRequest } from './http.js'
import type { ProbeAnswer } from '../probe-verdict.js'
import type { Account } from '../types.js'

export interface DataPlaneProbe {
  /** Describes the call, for logs: method and URL, no token. */
  readonly description: string
  send(): Promise<ProbeAnswer>
  /** Makes the next probe use a new access token. */
  renewToken(): void
}

/**
 * The probe request, built only from the URLs Resource Manager returned for the account. Without a deployment it
 * lists the models (spends no tokens); with one it asks that deployment for a one-token completion.
 */
export function probeRequest(
  account: Account,
  scope: string,
  probeModel: string | undefined
): JsonRequest | undefined {
  if (probeModel === undefined) {
    if (account.openAiEndpoint === undefined) return undefined
    return { method: 'GET', url: `${trimSlash(account.openAiEndpoint)}/openai/v1/models`, scope }
  }
  const body = { model: probeModel, messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }
  if (account.inferenceEndpoint !== undefined) {
    const url = `${account.inferenceEndpoint}/chat/completions?api-version=${ApiVersions.ModelInference}`
    return { method: 'POST', url, scope, body }
  }
  if (account.openAiEndpoint === undefined) return undefined
  const url = `${trimSlash(account.openAiEndpoint)}/openai/deployments/${encodeURIComponent(probeModel)}/chat/completions?api-version=2024-10-21`
  return { method: 'POST', url, scope, body: { messages: body.messages, max_tokens: 1 } }
}

/** A deployment name no one can have created: the service checks authorization before it looks the name up. */
export const NO_SUCH_DEPLOYMENT = 'entra-access-probe-no-such-deployment'

/**
 * The token-free probe when the account's endpoint does not serve the model list: a chat request to a deployment
 * that cannot exist, where 404 DeploymentNotFound means the caller got past authorization.
 */
export function fallbackProbeRequest(account: Account, scope: string): JsonRequest | undefined {
  if (account.openAiEndpoint === undefined) return undefined
  const url = `${trimSlash(account.openAiEndpoint)}/openai/deployments/${NO_SUCH_DEPLOYMENT}/chat/completions?api-version=2024-10-21`
  return {
    method: 'POST',
    url,
    scope,
    body: { messages: [{ role: 'user', content: 'ping' }], max_tokens: 1 }
  }
}

/** An endpoint that does not know the route answers 404 without a service error code, or 405. */
function routeUnknown(answer: ProbeAnswer): boolean {
  const code = (answer.body as { error?: { code?: unknown } } | undefined)?.error?.code
  return answer.status === 405 || (answer.status === 404 && code !== 'DeploymentNotFound')
}

export function createProbe(
  http: JsonHttp,
  request: JsonRequest,
  fallback?: JsonRequest,
  renewToken: () => void = () => undefined
): DataPlaneProbe {
  let current = request
  let usingFallback = false
  const send = async (): Promise<ProbeAnswer> => {
    const response = await http.send(current)
    return {
      status: response.status,
      headers: response.headers,
      body: response.body,
      missingDeploymentMeansAccess: usingFallback
    }
  }
  return {
    renewToken,
    get description() {
      return `${current.method} ${current.url}`
    },
    async send() {
      const answer = await send()
      if (usingFallback || fallback === undefined || !routeUnknown(answer)) return answer
      current = fallback
      usingFallback = true
      return send()
    }
  }
}
