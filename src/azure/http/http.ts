import {
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest
} from '@azure/core-rest-pipeline'
import type { HttpClient as TransportClient, Pipeline } from '@azure/core-rest-pipeline'
import type { TokenCredential } from '@azure/core-auth'
import { commonClientOptions, MAX_RETRIES } from './pipeline.js'
import { sharedTransport } from './transport.js'

export interface JsonRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE'
  readonly url: string
  readonly body?: unknown
  /** Entra scope of the bearer token to send, if any. */
  readonly scope?: string
  readonly headers?: Record<string, string>
}

export interface JsonResponse {
  readonly status: number
  readonly headers: Record<string, string>
  readonly body: unknown
}

export interface JsonHttp {
  send(request: JsonRequest): Promise<JsonResponse>
}

function parse(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * A small JSON client over the Azure pipeline, so Graph, metadata and data-plane calls get the same proxy support,
 * timeouts and (unless `maxRetries` is 0) retries of 429, 5xx and network errors as the SDK clients.
 */
export function createJsonHttp(credential: TokenCredential | undefined, maxRetries = MAX_RETRIES): JsonHttp {
  const pipeline: Pipeline = createPipelineFromOptions(commonClientOptions(maxRetries))
  for (const { policy, position } of commonClientOptions(maxRetries).additionalPolicies) {
    pipeline.addPolicy(policy, { afterPhase: position === 'perRetry' ? 'Retry' : undefined })
  }
  const transport: TransportClient = sharedTransport()
  return {
    async send(request) {
      const headers = createHttpHeaders({ accept: 'application/json', ...request.headers })
      if (request.scope !== undefined) {
        if (credential === undefined) throw new Error('no credential to call ' + new URL(request.url).host)
        const token = await credential.getToken(request.scope)
        if (token === null) throw new Error(`no access token for ${request.scope}`)
        headers.set('authorization', `Bearer ${token.token}`)
      }
      if (request.body !== undefined) headers.set('content-type', 'application/json')
      const pipelineRequest = createPipelineRequest({
        url: request.url,
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body)
      })
      const response = await pipeline.sendRequest(transport, pipelineRequest)
      return {
        status: response.status,
        headers: response.headers.toJSON(),
        body: parse(response.bodyAsText ?? undefined)
      }
    }
  }
}
