import { ApiVersions } from '../constants.js'
import { trimSlash } from '../clouds.js'
import type { JsonHttp, JsonRequest } from './http.js'
import type { ProbeAnswer } from '../probe-verdict.js'
import type { Account } from '../types.js'

export interface DataPlaneProbe {
  /** Describes the call, for logs: method and URL, no token. */
  readonly description: string
  send(): Promise<ProbeAnswer>
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

export function createProbe(http: JsonHttp, request: JsonRequest): DataPlaneProbe {
  return {
    description: `${request.method} ${request.url}`,
    async send() {
      const response = await http.send(request)
      return { status: response.status, headers: response.headers, body: response.body }
    }
  }
}
