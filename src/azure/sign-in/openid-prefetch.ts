import { createPipelineFromOptions, createPipelineRequest } from '@azure/core-rest-pipeline'
import type { PipelinePolicy, PipelineResponse } from '@azure/core-rest-pipeline'
import { trimSlash } from './clouds.js'
import { commonClientOptions } from '../http/pipeline.js'

/** Pure: where MSAL reads the OpenID configuration of a tenant's authority (its authority discovery). */
export function openIdConfigurationUrl(authorityHost: string, tenantId: string): string {
  return `${trimSlash(authorityHost)}/${tenantId}/v2.0/.well-known/openid-configuration`
}

const withoutQuery = (url: string): string => url.split('?')[0]?.toLowerCase() ?? ''

/**
 * MSAL reads the authority's OpenID configuration only after it has the client assertion (the GitHub ID token), so
 * the two would wait for each other. This reads it as soon as the authority is known, while the ID token is on its
 * way, and answers MSAL's requests for it with that answer: one request and one round trip fewer on the critical
 * path, and one read for the token requests MSAL makes at once (Resource Manager's and Graph's), which would each
 * read it. If the read failed, MSAL's own requests go to the network as usual.
 */
export function openIdPrefetch(
  authorityHost: string,
  tenantId: string,
  fetch: (url: string) => Promise<PipelineResponse> = fetchAhead
): PipelinePolicy {
  const url = openIdConfigurationUrl(authorityHost, tenantId)
  const ahead = fetch(url).then(
    (response) => (response.status === 200 ? response : undefined),
    () => undefined
  )
  return {
    name: 'entraAccessOpenIdPrefetch',
    async sendRequest(request, next) {
      if (request.method !== 'GET' || withoutQuery(request.url) !== withoutQuery(url)) return next(request)
      const response = await ahead
      return response === undefined ? next(request) : { ...response, request }
    }
  }
}

function fetchAhead(url: string): Promise<PipelineResponse> {
  const options = commonClientOptions()
  const pipeline = createPipelineFromOptions(options)
  for (const { policy, position } of options.additionalPolicies)
    pipeline.addPolicy(policy, { afterPhase: position === 'perRetry' ? 'Retry' : undefined })
  return pipeline.sendRequest(options.httpClient, createPipelineRequest({ url, method: 'GET' }))
}
