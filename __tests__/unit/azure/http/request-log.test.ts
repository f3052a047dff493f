import { describe, expect, it } from '@jest/globals'
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline'
import type { PipelineResponse, SendRequest } from '@azure/core-rest-pipeline'
import { loggableUrl, requestLogPolicy } from '../../../../src/azure/http/request-log.js'

describe('loggableUrl', () => {
  it('keeps the API version and filters, hides every other query value, user info and fragment', () => {
    expect(
      loggableUrl(
        "https://user:pw@management.azure.com/subscriptions/s/providers/x?api-version=2022-04-01&$filter=principalId eq 'p'&sig=secret&code=abc#frag"
      )
    ).toBe(
      "https://management.azure.com/subscriptions/s/providers/x?api-version=2022-04-01&$filter=principalId eq 'p'&sig=***&code=***"
    )
    expect(loggableUrl('not a url')).not.toContain('not a url')
  })
})

describe('requestLogPolicy', () => {
  const response = (status: number, headers: Record<string, string> = {}): PipelineResponse => ({
    status,
    headers: createHttpHeaders(headers),
    request: createPipelineRequest({ url: 'https://x' })
  })

  it('logs each attempt with method, URL, status, time, retry number and request IDs; never a header value', async () => {
    const lines: string[] = []
    let clock = 0
    const policy = requestLogPolicy(
      (line) => lines.push(line),
      () => (clock += 7)
    )
    const request = createPipelineRequest({
      url: 'https://management.azure.com/x?api-version=1&token=t0ps3cret',
      method: 'PUT',
      headers: createHttpHeaders({ authorization: 'Bearer t0ps3cret' })
    })
    const answers = [
      response(429),
      response(201, { 'x-ms-correlation-request-id': 'corr-1', 'x-ms-request-id': 'req-1' })
    ]
    const next: SendRequest = async () => answers.shift() ?? response(500)
    await policy.sendRequest(request, next)
    await policy.sendRequest(request, next)
    expect(lines).toEqual([
      'PUT https://management.azure.com/x?api-version=1&token=*** -> 429 in 7 ms',
      'PUT https://management.azure.com/x?api-version=1&token=*** -> 201 in 7 ms, retry 1 [x-ms-correlation-request-id: corr-1, x-ms-request-id: req-1]'
    ])
    expect(lines.join('\n')).not.toContain('t0ps3cret')
  })

  it('logs a request that got no answer, and rethrows', async () => {
    const lines: string[] = []
    const policy = requestLogPolicy(
      (line) => lines.push(line),
      () => 0
    )
    const request = createPipelineRequest({
      url: 'https://login.microsoftonline.com/t/oauth2/v2.0/token',
      method: 'POST'
    })
    const error = new RestError('getaddrinfo ENOTFOUND', { code: 'ENOTFOUND' })
    await expect(policy.sendRequest(request, async () => Promise.reject(error))).rejects.toBe(error)
    expect(lines).toEqual([
      'POST https://login.microsoftonline.com/t/oauth2/v2.0/token -> no answer (ENOTFOUND) after 0 ms'
    ])
  })
})
