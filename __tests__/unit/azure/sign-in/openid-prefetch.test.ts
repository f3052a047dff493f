import { describe, expect, it } from '@jest/globals'
import { createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline'
import type { PipelineResponse, SendRequest } from '@azure/core-rest-pipeline'
import { openIdConfigurationUrl, openIdPrefetch } from '../../../../src/azure/sign-in/openid-prefetch.js'

const TENANT = '11111111-0000-4000-8000-000000000001'
const HOST = 'https://login.example'
const URL = openIdConfigurationUrl(HOST, TENANT)

const response = (status: number, bodyAsText: string): PipelineResponse => ({
  request: createPipelineRequest({ url: URL }),
  status,
  headers: createHttpHeaders(),
  bodyAsText
})

/** The authority: answers the read ahead with `status`, counting the requests. */
function authority(status: number | 'network error') {
  const fetched: string[] = []
  const fetch = async (url: string): Promise<PipelineResponse> => {
    fetched.push(url)
    if (status === 'network error') throw new Error('ECONNRESET')
    return response(status, '{"token_endpoint":"https://login.example/t/oauth2/v2.0/token"}')
  }
  return { fetch, fetched }
}

const fromNetwork: SendRequest = async () => response(299, 'network')

describe("the authority's OpenID configuration, read ahead", () => {
  it('is where MSAL reads it: {authority}/{tenant}/v2.0/.well-known/openid-configuration', () => {
    expect(openIdConfigurationUrl('https://login.example/', TENANT)).toBe(
      `https://login.example/${TENANT}/v2.0/.well-known/openid-configuration`
    )
  })

  it('is read at once, when the authority is known', () => {
    const { fetch, fetched } = authority(200)
    openIdPrefetch(HOST, TENANT, fetch)
    expect(fetched).toEqual([URL])
  })

  it("answers MSAL's requests for it (one for each token asked for at once) with the one read ahead", async () => {
    const { fetch, fetched } = authority(200)
    const policy = openIdPrefetch(HOST, TENANT, fetch)
    const request = createPipelineRequest({ url: `${URL}?x=1`, method: 'GET' })
    const [first, second] = await Promise.all([
      policy.sendRequest(request, fromNetwork),
      policy.sendRequest(createPipelineRequest({ url: URL, method: 'GET' }), fromNetwork)
    ])
    expect(first.status).toBe(200)
    expect(first.bodyAsText).toContain('token_endpoint')
    expect(first.request).toBe(request)
    expect(second.bodyAsText).toContain('token_endpoint')
    expect(fetched).toHaveLength(1)
  })

  it('leaves other requests alone', async () => {
    const policy = openIdPrefetch(HOST, TENANT, authority(200).fetch)
    const token = createPipelineRequest({ url: `${HOST}/${TENANT}/oauth2/v2.0/token`, method: 'POST' })
    expect((await policy.sendRequest(token, fromNetwork)).bodyAsText).toBe('network')
    const request = createPipelineRequest({ url: URL, method: 'GET' })
    expect((await policy.sendRequest(request, fromNetwork)).status).toBe(200)
  })

  it.each([404, 'network error'] as const)(
    'a read ahead that failed (%s) is sent again by MSAL',
    async (status) => {
      const policy = openIdPrefetch(HOST, TENANT, authority(status).fetch)
      const request = createPipelineRequest({ url: URL, method: 'GET' })
      expect((await policy.sendRequest(request, fromNetwork)).bodyAsText).toBe('network')
    }
  )
})
