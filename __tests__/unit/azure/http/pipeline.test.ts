import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline'
import type { PipelineResponse, SendRequest } from '@azure/core-rest-pipeline'
import {
  USER_AGENT_PREFIX,
  commonClientOptions,
  retryAfterCapPolicy,
  retryAfterMs,
  stepDeadlinePolicy,
  timeoutPolicy
} from '../../../../src/azure/http/pipeline.js'
import { expireStep, startStepDeadline } from '../../../../src/util/step-deadline.js'
import { REQUEST_TIMEOUT_MS } from '../../../../src/constants.js'

/** A `next` that never answers on its own: it settles only when the request is aborted. */
const hanging: SendRequest = (request) =>
  new Promise<PipelineResponse>((_, reject) => {
    request.abortSignal?.addEventListener('abort', () => reject(new Error('The operation was aborted.')))
  })

beforeEach(() => {
  jest.useFakeTimers()
})
afterEach(() => {
  jest.useRealTimers()
})

describe('request timeout', () => {
  it('a request with no answer fails as ETIMEDOUT naming the host, after the timeout', async () => {
    const request = createPipelineRequest({ url: 'https://management.azure.com/subscriptions' })
    const pending = timeoutPolicy(5_000).sendRequest(request, hanging)
    const settled = pending.catch((e) => e)
    await jest.advanceTimersByTimeAsync(5_000)
    const error = await settled
    expect(error).toMatchObject({
      code: 'ETIMEDOUT',
      message: 'no answer from management.azure.com within 5 s'
    })
  })

  it('a caller abort is passed on as the caller abort, not a timeout', async () => {
    const controller = new AbortController()
    const request = createPipelineRequest({ url: 'https://example.test/', abortSignal: controller.signal })
    const settled = timeoutPolicy(5_000)
      .sendRequest(request, hanging)
      .catch((e) => e)
    controller.abort()
    const error = await settled
    expect(error.code).not.toBe('ETIMEDOUT')
    expect(request.abortSignal).toBe(controller.signal)
  })

  it('an answer in time is passed on, and leaves no timer behind', async () => {
    const request = createPipelineRequest({ url: 'https://example.test/' })
    const response = { status: 200, headers: {}, request } as unknown as PipelineResponse
    await expect(timeoutPolicy(5_000).sendRequest(request, async () => response)).resolves.toBe(response)
    expect(jest.getTimerCount()).toBe(0)
  })

  it('a shorter per-request timeout wins', async () => {
    const request = createPipelineRequest({ url: 'https://example.test/', timeout: 1_000 })
    const settled = timeoutPolicy(5_000)
      .sendRequest(request, hanging)
      .catch((e) => e)
    await jest.advanceTimersByTimeAsync(1_000)
    expect((await settled).code).toBe('ETIMEDOUT')
  })
})

describe('common client options', () => {
  it('every client gets the debug request log, the timeout, bounded retries and the user agent', () => {
    const options = commonClientOptions()
    expect(options.additionalPolicies.map((p) => [p.policy.name, p.position])).toEqual([
      ['entraAccessStepDeadline', 'perCall'],
      ['entraAccessLostAnswer', 'perRetry'],
      ['entraAccessRequestLog', 'perRetry'],
      ['entraAccessRetryAfterCap', 'perRetry'],
      ['entraAccessRequestTimeout', 'perRetry'],
      ['entraAccessUnknownHost', 'perRetry']
    ])
    expect(options.retryOptions.maxRetries).toBe(8)
    expect(options.userAgentOptions.userAgentPrefix).toBe(USER_AGENT_PREFIX)
    expect(commonClientOptions(0).retryOptions.maxRetries).toBe(0)
    expect(REQUEST_TIMEOUT_MS).toBeGreaterThan(0)
  })
})

describe('unknown host', () => {
  it('a host name that does not resolve fails at once: the retry policy does not try it again', async () => {
    jest.useRealTimers()
    const { createPipelineFromOptions } = await import('@azure/core-rest-pipeline')
    const options = commonClientOptions()
    const pipeline = createPipelineFromOptions(options)
    for (const { policy } of options.additionalPolicies) pipeline.addPolicy(policy, { afterPhase: 'Retry' })
    let calls = 0
    const transport = {
      sendRequest: async (): Promise<PipelineResponse> => {
        calls++
        throw Object.assign(new Error('getaddrinfo ENOTFOUND management.azure.test'), { code: 'ENOTFOUND' })
      }
    }
    const request = createPipelineRequest({ url: 'https://management.azure.test/metadata/endpoints' })
    const error = await pipeline.sendRequest(transport, request).catch((e) => e)
    expect(calls).toBe(1)
    expect(error.code).toBe('HOST_NOT_FOUND')
    expect(error.message).toBe('the host name management.azure.test does not resolve (ENOTFOUND)')
  })

  it('other network failures are left to the retry policy', async () => {
    jest.useRealTimers()
    const { unknownHostPolicy } = await import('../../../../src/azure/http/pipeline.js')
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })
    const request = createPipelineRequest({ url: 'https://management.azure.test/' })
    const error = await unknownHostPolicy()
      .sendRequest(request, async () => Promise.reject(reset))
      .catch((e) => e)
    expect(error).toBe(reset)
  })
})

describe('the step deadline in every request', () => {
  const response =
    (status: number, headers: Record<string, string>): SendRequest =>
    async (request) => ({
      request,
      status,
      headers: createHttpHeaders(headers)
    })

  it('reads Retry-After in seconds or as a date, and the millisecond headers first', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryAfterMs(createHttpHeaders({ 'retry-after': '1200' }))).toBe(1_200_000)
    expect(retryAfterMs(createHttpHeaders({ 'retry-after-ms': '250', 'retry-after': '9' }))).toBe(250)
    expect(retryAfterMs(createHttpHeaders({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(
      30_000
    )
    expect(retryAfterMs(createHttpHeaders({}))).toBeUndefined()
  })

  it('a Retry-After longer than the time left fails at once, saying so; a shorter one is left to the retry policy', async () => {
    const request = createPipelineRequest({ url: 'https://management.azure.com/x' })
    const policy = retryAfterCapPolicy(() => 60_000)
    await expect(policy.sendRequest(request, response(429, { 'retry-after': '1200' }))).rejects.toThrow(
      "asked to wait 1200 s (Retry-After) before trying again, longer than the 60 s left before the step's deadline"
    )
    await expect(policy.sendRequest(request, response(429, { 'retry-after': '5' }))).resolves.toMatchObject({
      status: 429
    })
  })

  it('no request is sent after the deadline, and one in flight is aborted at it', async () => {
    startStepDeadline(1_000)
    const request = createPipelineRequest({ url: 'https://management.azure.com/x' })
    const inFlight = stepDeadlinePolicy()
      .sendRequest(request, hanging)
      .catch((e: unknown) => e)
    expireStep(new Error('deadline passed'))
    expect(String(await inFlight)).toContain('deadline passed')
    let sent = false
    await expect(
      stepDeadlinePolicy().sendRequest(request, async (r) => {
        sent = true
        return { request: r, status: 200, headers: createHttpHeaders() }
      })
    ).rejects.toThrow('deadline passed')
    expect(sent).toBe(false)
    startStepDeadline(60_000)
  })
})
