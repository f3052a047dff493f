import { RestError } from '@azure/core-rest-pipeline'
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline'
import { REQUEST_TIMEOUT_MS } from '../../constants.js'
import { ActionError } from '../../errors.js'
import { remainingMs, stepSignal, throwIfExpired } from '../../util/step-deadline.js'
import { requestLogPolicy } from './request-log.js'
import { sharedTransport } from './transport.js'

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

/**
 * Ties every request to the step's deadline: none is sent after it, one in flight is aborted at it, and so is the
 * retry policy's wait before the next attempt (it sleeps on the request's abort signal).
 */
export function stepDeadlinePolicy(signal: () => AbortSignal = stepSignal): PipelinePolicy {
  return {
    name: 'entraAccessStepDeadline',
    async sendRequest(request, next) {
      throwIfExpired()
      const step = signal()
      const outer = request.abortSignal
      const both = new AbortController()
      const forward = (): void => both.abort()
      if (outer?.aborted === true || step.aborted) both.abort()
      outer?.addEventListener('abort', forward)
      step.addEventListener('abort', forward)
      request.abortSignal = both.signal
      try {
        return await next(request)
      } catch (error) {
        // The deadline's own error says what happened; an AbortError from the transport does not.
        throwIfExpired()
        throw error
      } finally {
        outer?.removeEventListener('abort', forward)
        step.removeEventListener('abort', forward)
        request.abortSignal = outer
      }
    }
  }
}

/** Pure: the wait a 429 or 503 asks for, in ms (`retry-after-ms`, `x-ms-retry-after-ms`, `Retry-After`). */
export function retryAfterMs(
  headers: { get(name: string): string | undefined },
  now = Date.now()
): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = Number(headers.get(name))
    if (headers.get(name) !== undefined && Number.isFinite(ms) && ms >= 0) return ms
  }
  const value = headers.get('retry-after')
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const at = Date.parse(value)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/**
 * Retry-After is honoured up to the time left before the step's deadline: a longer one fails at once, saying so,
 * instead of sleeping past the deadline (and then writing after the step has failed).
 */
export function retryAfterCapPolicy(remaining: () => number = remainingMs): PipelinePolicy {
  return {
    name: 'entraAccessRetryAfterCap',
    async sendRequest(request, next) {
      const response = await next(request)
      if (response.status !== 429 && response.status !== 503) return response
      const wait = retryAfterMs(response.headers)
      const left = remaining()
      if (wait !== undefined && wait > left) {
        throw new ActionError(
          `${operationOf(request)} answered ${response.status} and asked to wait ${Math.ceil(wait / 1000)} s (Retry-After) before trying again, longer than the ${Math.floor(left / 1000)} s left before the step's deadline, so the step stopped instead of waiting. Azure is throttling this identity or subscription; rerun the job later.`
        )
      }
      return response
    }
  }
}

/** Pure: what a request did, for messages: method, path (no query string: it may hold secrets) and host. */
export function operationOf(request: Pick<PipelineRequest, 'method' | 'url'>): string {
  const url = new URL(request.url)
  return `${url.host} (${request.method} ${url.pathname})`
}

const unanswered = new WeakMap<PipelineRequest, number>()

/**
 * How many attempts of this request ended without a definite answer (a reset, a timeout, a 500/502/504): each may
 * have been applied by Azure. A resend after one that finds its work done (200 to a PUT, 204 to a DELETE) is then
 * the echo of this step's own first attempt.
 */
export const unansweredAttempts = (request: PipelineRequest): number => unanswered.get(request) ?? 0

/** Counts, per request, the attempts that got no definite answer (see unansweredAttempts). Per retry, first. */
export function lostAnswerPolicy(): PipelinePolicy {
  const note = (request: PipelineRequest): void => {
    unanswered.set(request, unansweredAttempts(request) + 1)
  }
  return {
    name: 'entraAccessLostAnswer',
    async sendRequest(request, next) {
      try {
        const response = await next(request)
        if (response.status >= 500 && response.status !== 503) note(request)
        return response
      } catch (error) {
        if (!(error instanceof ActionError)) note(request)
        throw error
      }
    }
  }
}

/** Options shared by every Azure SDK client and credential the action creates. */
export function commonClientOptions(maxRetries = MAX_RETRIES, extra: readonly PipelinePolicy[] = []) {
  return {
    additionalPolicies: [
      ...extra.map((policy) => ({ policy, position: 'perCall' as const })),
      { policy: stepDeadlinePolicy(), position: 'perCall' as const },
      { policy: lostAnswerPolicy(), position: 'perRetry' as const },
      // First of the per-attempt ones that look, so that its line shows what those below make of an attempt.
      { policy: requestLogPolicy(), position: 'perRetry' as const },
      { policy: retryAfterCapPolicy(), position: 'perRetry' as const },
      { policy: timeoutPolicy(), position: 'perRetry' as const },
      { policy: unknownHostPolicy(), position: 'perRetry' as const }
    ],
    retryOptions: { maxRetries, retryDelayInMs: 500, maxRetryDelayInMs: 15_000 },
    httpClient: sharedTransport(),
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX }
  }
}
