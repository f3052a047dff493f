import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { knownCloud } from '../../../src/azure/sign-in/clouds.js'
import type { JsonRequest } from '../../../src/azure/http/http.js'
import { AzureError, restDetails } from '../../../src/errors.js'
import { fakeCore } from '../../fixtures/core.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import { ACCOUNT_ID, OTHER_ACCOUNT_ID, PROJECT_ENDPOINT, PROJECT_ID } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { createCognitiveReader } = await import('../../../src/azure/cognitive.js')

const ARM = 'https://management.azure.com'
const cloud = knownCloud('AzureCloud', {})

/** Resource Manager of a cloud that serves `served` versions for every type, answering as ARM does. */
function lagging(served: readonly string[], known: Record<string, unknown> = {}): FakeHttp {
  return new FakeHttp((request: JsonRequest) => {
    const url = new URL(request.url)
    const version = url.searchParams.get('api-version') ?? ''
    const type = url.pathname.includes('/projects/') ? 'accounts/projects' : 'accounts'
    if (!served.includes(version)) {
      return json(
        400,
        {
          error: {
            code: 'NoRegisteredProviderFound',
            message: `No registered resource provider found for location 'usgovvirginia' and API version '${version}' for type '${type}'. The supported api-versions are '${[...served].sort().join(', ')}'. The supported locations are 'usgovvirginia'.`
          }
        },
        { 'x-ms-correlation-request-id': 'corr-1', 'x-ms-request-id': 'req-1' }
      )
    }
    const body = known[url.pathname.toLowerCase()]
    return body === undefined
      ? json(404, {
          error: { code: 'ResourceNotFound', message: `The Resource '${url.pathname}' was not found.` }
        })
      : json(200, body)
  })
}

const account = (id: string) => ({
  id,
  properties: {
    endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
    endpoints: { 'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/' },
    customSubDomainName: 'ai-prod'
  }
})
const project = { id: PROJECT_ID, properties: { endpoints: { 'AI Foundry API': PROJECT_ENDPOINT } } }
const KNOWN = {
  [ACCOUNT_ID.toLowerCase()]: account(ACCOUNT_ID),
  [OTHER_ACCOUNT_ID.toLowerCase()]: account(OTHER_ACCOUNT_ID),
  [PROJECT_ID.toLowerCase()]: project
}
const versions = (http: FakeHttp) => http.requests.map((r) => new URL(r.url).searchParams.get('api-version'))

beforeEach(() => core.reset())

describe('reading accounts and projects', () => {
  it('reads an account at its ID with 2025-09-01 and a Resource Manager token', async () => {
    const http = lagging(['2025-09-01'], KNOWN)
    expect(await createCognitiveReader(http, cloud).getAccount(ACCOUNT_ID)).toEqual({
      id: ACCOUNT_ID,
      endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
      endpoints: { 'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/' },
      customSubDomainName: 'ai-prod'
    })
    expect(http.requests).toEqual([
      { method: 'GET', url: `${ARM}${ACCOUNT_ID}?api-version=2025-09-01`, scope: cloud.armScope }
    ])
  })

  it("reads a project's ID and endpoints", async () => {
    const http = lagging(['2025-09-01'], KNOWN)
    expect(await createCognitiveReader(http, cloud).getProject(PROJECT_ID)).toEqual({
      id: PROJECT_ID,
      endpoints: { 'AI Foundry API': PROJECT_ENDPOINT }
    })
  })

  it("hands ARM's refusals up as the SDK would: status, code, message and request IDs", async () => {
    const http = lagging(['2025-09-01'])
    const error = await createCognitiveReader(http, cloud)
      .getAccount(ACCOUNT_ID)
      .catch((e: unknown) => e)
    expect(restDetails(error)).toMatchObject({ status: 404, code: 'ResourceNotFound' })
  })
})

describe('a cloud whose api-versions lag', () => {
  it('learns the newest served version from the one refusal, and keeps it for the run', async () => {
    const http = lagging(['2022-12-01', '2023-05-01', '2024-10-01'], KNOWN)
    const reader = createCognitiveReader(http, cloud)
    expect((await reader.getAccount(ACCOUNT_ID)).id).toBe(ACCOUNT_ID)
    expect((await reader.getAccount(OTHER_ACCOUNT_ID)).id).toBe(OTHER_ACCOUNT_ID)
    expect(versions(http)).toEqual(['2025-09-01', '2024-10-01', '2024-10-01'])
    expect(core.messages('info').join('\n')).toContain(
      'does not serve api-version 2025-09-01 for Microsoft.CognitiveServices/accounts; using 2024-10-01'
    )
  })

  it('reads started together wait for the first: one refused request in all', async () => {
    const http = lagging(['2024-10-01'], KNOWN)
    const reader = createCognitiveReader(http, cloud)
    const ids = [ACCOUNT_ID, OTHER_ACCOUNT_ID, ACCOUNT_ID, OTHER_ACCOUNT_ID]
    const read = await Promise.all(ids.map((id) => reader.getAccount(id)))
    expect(read.map((a) => a.id)).toEqual(ids)
    expect(versions(http).filter((v) => v === '2025-09-01')).toHaveLength(1)
    expect(http.requests).toHaveLength(5)
  })

  it('a project takes 2025-06-01 or later: with none listed, says so plainly, once', async () => {
    const http = lagging(['2025-04-01-preview', '2024-10-01'], KNOWN)
    const reader = createCognitiveReader(http, cloud)
    const error = await reader.getProject(PROJECT_ID).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AzureError)
    const message = (error as Error).message
    expect(message).toContain(
      'serves Microsoft.CognitiveServices/accounts/projects in only api-versions 2024-10-01, 2025-04-01-preview'
    )
    expect(message).toContain('needs 2025-06-01 or later, which this cloud does not offer yet')
    expect(message).toContain(
      "Grant at the account instead (leave out project, or give the account's ID in resource-ids)"
    )
    expect(message).toContain('[x-ms-correlation-request-id: corr-1, x-ms-request-id: req-1]')
    await expect(reader.getProject(PROJECT_ID)).rejects.toBe(error)
    expect(http.requests).toHaveLength(1)
  })

  it('a cloud that does not know projects at all (404 InvalidResourceType) is told the same way', async () => {
    const http = new FakeHttp(() =>
      json(404, {
        error: {
          code: 'InvalidResourceType',
          message:
            "The resource type 'accounts/projects' could not be found in the namespace 'Microsoft.CognitiveServices' for api version '2025-09-01'."
        }
      })
    )
    const error = await createCognitiveReader(http, cloud)
      .getProject(PROJECT_ID)
      .catch((e: unknown) => e)
    expect((error as Error).message).toContain(
      'Resource Manager in this cloud does not know Foundry projects (Microsoft.CognitiveServices/accounts/projects), which need api-version 2025-06-01 or later'
    )
    expect(restDetails(error)).toMatchObject({ status: 404, code: 'InvalidResourceType' })
  })

  it('a first read that fails otherwise leaves the version open for the next read to learn', async () => {
    let down = true
    const inner = lagging(['2024-10-01'], KNOWN)
    const http = new FakeHttp(async (request) => {
      if (down) {
        down = false
        throw new Error('ECONNRESET')
      }
      return inner.send(request)
    })
    const reader = createCognitiveReader(http, cloud)
    await expect(reader.getAccount(ACCOUNT_ID)).rejects.toThrow('ECONNRESET')
    expect((await reader.getAccount(ACCOUNT_ID)).id).toBe(ACCOUNT_ID)
    expect(versions(http)).toEqual(['2025-09-01', '2025-09-01', '2024-10-01'])
  })

  it('accounts and projects learn their versions apart', async () => {
    const http = lagging(['2025-06-01', '2024-10-01'], KNOWN)
    const reader = createCognitiveReader(http, cloud)
    await reader.getAccount(ACCOUNT_ID)
    await reader.getProject(PROJECT_ID)
    expect(versions(http)).toEqual(['2025-09-01', '2025-06-01', '2025-09-01', '2025-06-01'])
  })
})
