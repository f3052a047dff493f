import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as pipeline from '@azure/core-rest-pipeline'
import type { HttpClient, PipelineRequest, PipelineResponse } from '@azure/core-rest-pipeline'
import type { AccessToken, TokenCredential } from '@azure/core-auth'

/**
 * The real Azure pipeline (retry, proxy, timeout and user-agent policies) over a transport that answers from memory:
 * only the socket is replaced.
 */
const sent: PipelineRequest[] = []
/** Whether each request had an abort signal (a deadline) when it reached the socket. */
const deadlines: boolean[] = []
let reply: { status: number; body?: string; headers?: Record<string, string> }
const transport: HttpClient = {
  async sendRequest(request): Promise<PipelineResponse> {
    sent.push(request)
    deadlines.push(request.abortSignal !== undefined)
    return {
      request,
      status: reply.status,
      headers: pipeline.createHttpHeaders(reply.headers),
      bodyAsText: reply.body
    }
  }
}
jest.unstable_mockModule('@azure/core-rest-pipeline', () => ({
  ...pipeline,
  createDefaultHttpClient: () => transport
}))
const { createJsonHttp } = await import('../../../../src/azure/http/http.js')

const URL_BASE = 'https://ai-prod.openai.azure.com'

beforeEach(() => {
  sent.length = 0
  deadlines.length = 0
  reply = {
    status: 200,
    body: '{"ok":true}',
    headers: { 'Content-Type': 'application/json', 'Retry-After': '3' }
  }
})

const credential = (token: string | null): TokenCredential & { scopes: unknown[] } => {
  const scopes: unknown[] = []
  return {
    scopes,
    getToken: async (scope): Promise<AccessToken | null> => {
      scopes.push(scope)
      return token === null ? null : { token, expiresOnTimestamp: Date.now() + 3_600_000 }
    }
  }
}

describe('the JSON client', () => {
  it('parses JSON answers, lower-cases header names, and asks for JSON', async () => {
    const response = await createJsonHttp(undefined, 0).send({ method: 'GET', url: `${URL_BASE}/metadata` })
    expect(response).toEqual({
      status: 200,
      headers: expect.objectContaining({ 'content-type': 'application/json', 'retry-after': '3' }),
      body: { ok: true }
    })
    expect(sent[0]?.headers.get('accept')).toBe('application/json')
    expect(sent[0]?.headers.has('authorization')).toBe(false)
  })

  it('keeps a body that is not JSON as text, and an empty one as nothing', async () => {
    reply = { status: 502, body: 'Bad Gateway' }
    expect((await createJsonHttp(undefined, 0).send({ method: 'GET', url: URL_BASE })).body).toBe(
      'Bad Gateway'
    )
    reply = { status: 204, body: '' }
    expect((await createJsonHttp(undefined, 0).send({ method: 'GET', url: URL_BASE })).body).toBeUndefined()
  })

  it('sends a JSON body with its content type', async () => {
    await createJsonHttp(undefined, 0).send({ method: 'POST', url: `${URL_BASE}/x`, body: { a: 1 } })
    expect(sent[0]).toMatchObject({ method: 'POST', url: `${URL_BASE}/x`, body: '{"a":1}' })
    expect(sent[0]?.headers.get('content-type')).toBe('application/json')
  })

  it('with a scope, sends a bearer token for that scope', async () => {
    const tokens = credential('token-123')
    await createJsonHttp(tokens, 0).send({
      method: 'GET',
      url: URL_BASE,
      scope: 'https://cognitiveservices.azure.com/.default'
    })
    expect(tokens.scopes).toEqual(['https://cognitiveservices.azure.com/.default'])
    expect(sent[0]?.headers.get('authorization')).toBe('Bearer token-123')
  })

  it('a scope without a credential, or a credential without a token, fails before sending', async () => {
    await expect(
      createJsonHttp(undefined, 0).send({ method: 'GET', url: URL_BASE, scope: 's' })
    ).rejects.toThrow('no credential to call ai-prod.openai.azure.com')
    await expect(
      createJsonHttp(credential(null), 0).send({ method: 'GET', url: URL_BASE, scope: 's' })
    ).rejects.toThrow('no access token for s')
    expect(sent).toEqual([])
  })

  it('with maxRetries 0, an error status comes back at once for the caller to judge', async () => {
    reply = { status: 503, body: '{"error":{"code":"ServiceUnavailable"}}' }
    const response = await createJsonHttp(undefined, 0).send({ method: 'GET', url: URL_BASE })
    expect(response.status).toBe(503)
    expect(sent).toHaveLength(1)
  })

  it('every request carries the user agent of the action and a deadline', async () => {
    await createJsonHttp(undefined, 0).send({ method: 'GET', url: URL_BASE })
    expect(sent[0]?.headers.get('user-agent')).toContain('entra-inference-access-action')
    expect(deadlines).toEqual([true])
  })
})
