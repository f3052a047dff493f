import { RestError } from '@azure/core-rest-pipeline'
import type { PipelinePolicy } from '@azure/core-rest-pipeline'
import { REQUEST_TIMEOUT_MS } from '../constants.js'
import { requestLogPolicy } from './request-log.js'

export const USER_AGENT_PREFIX = 'entra-inference-access-action'

/**
 * Gives every attempt of every request a deadline. Placed inside the retry policy, a request that gets no answer
 * in time fails as ETIMEDOUT, which the retry policy treats like any other network failure.
 */
export function timeoutPolicy(timeoutMs: number = REQUEST_TIMEOUT_MS): PipelinePolicy {
  return {
    name: 'entraAccessRequestTimeout',
    async sendRequest(request, next) {
      const outer = request.abortSignal
      const controller = new AbortController()
      const forward = (): void => controller.abort()
      outer?.addEventListener('abort', forward)
      const timer = setTimeout(
        forward,
        request.timeout > 0 ? Math.min(request.timeout, timeoutMs) : timeoutMs
      )
      request.abortSignal = controller.signal
      try {
        return await next(request)
      } catch (error) {
        if (controller.signal.aborted && outer?.aborted !== true) {
          const host = new URL(request.url).host
          throw new RestError(`no answer from ${host} within ${Math.round(timeoutMs / 1000)} s`, {
            code: 'ETIMEDOUT',
            request
          })
        }
        throw error
      } finally {
        clearTimeout(timer)
        outer?.removeEventListener('abort', forward)
        request.abortSignal = outer
      }
    }
  }
}

/**
 * A host name that does not resolve (ENOTFOUND) will not resolve a second later: fail at once, instead of letting
 * the retry policy try it again for a minute. Runners behind a proxy meet this when HTTPS_PROXY is missing.
 */
export function unknownHostPolicy(): PipelinePolicy {
  return {
    name: 'entraAccessUnknownHost',
    async sendRequest(request, next) {
      try {
        return await next(request)
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOTFOUND') throw error
        const host = new URL(request.url).hostname
        throw new RestError(`the host name ${host} does not resolve (ENOTFOUND)`, {
          code: 'HOST_NOT_FOUND',
          request
        })
      }
    }
  }
}

/**
 * How often a throttled (429), failing (5xx) or unanswered request is tried again: throttling is waited out (each
 * Retry-After honoured), and the waits add up to about a minute at most, well inside the step's deadline.
 */
export const MAX_RETRIES = 8

/** Options shared by every Azure SDK client and credential the action creates. */
export function commonClientOptions(maxRetries = MAX_RETRIES) {
  return {
    additionalPolicies: [
      // First, so that its line shows what the two below make of an attempt (a timeout, an unknown host).
      { policy: requestLogPolicy(), position: 'perRetry' as const },
      { policy: timeoutPolicy(), position: 'perRetry' as const },
      { policy: unknownHostPolicy(), position: 'perRetry' as const }
    ],
    retryOptions: { maxRetries, retryDelayInMs: 500, maxRetryDelayInMs: 15_000 },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX }
  }
}
