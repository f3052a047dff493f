import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { AccessToken } from '@azure/core-auth'
import { ActionError } from '../../../src/errors.js'
import type { ActionInputs } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import { FakeHttp, json } from '../../fixtures/http.js'
import { CLIENT, SELF_OID, SUBSCRIPTION, TENANT } from '../../fixtures/ids.js'
import { jwt } from '../../fixtures/jwt.js'

const core = fakeCore()
let kind: 'oidc' | 'azure-cli'
let armToken: () => Promise<AccessToken | null>
let cliSubscriptionCalls = 0
const tokenScopes: unknown[] = []
const httpMade: { credential: unknown; maxRetries: unknown }[] = []
let http: FakeHttp

jest.unstable_mockModule('@actions/core', () => core.module)
jest.unstable_mockModule('../../../src/azure/sign-in/entra.js', () => ({
  chooseSignIn: () => kind,
  startAssertion: () => undefined,
  createSignIn: (signInKind: string) => ({
    kind: signInKind,
    credential: {
      getToken: (scope: unknown) => {
        tokenScopes.push(scope)
        return armToken()
      }
    }
  })
}))
jest.unstable_mockModule('../../../src/azure/sign-in/azure-cli.js', () => ({
  cliSubscription: async () => {
    cliSubscriptionCalls++
    return '99999999-0000-4000-8000-000000000009'
  }
}))
jest.unstable_mockModule('../../../src/azure/http/http.js', () => ({
  createJsonHttp: (credential: unknown, maxRetries?: number) => {
    httpMade.push({ credential, maxRetries })
    return http
  }
}))
const { openSession } = await import('../../../src/session/session.js')

const PARTIAL: Partial<ActionInputs> = {
  authType: 'auto',
  environment: 'AzureCloud',
  clientId: CLIENT,
  tenantId: TENANT,
  subscriptionId: SUBSCRIPTION,
  scopes: [{ kind: 'account', resourceGroup: 'rg-ml', account: 'ai-prod' }],
  principals: [{ raw: 'self', kind: 'self' }]
}
const INPUTS = PARTIAL as ActionInputs
const token = (claims: Record<string, unknown>) => async (): Promise<AccessToken> => ({
  token: jwt(claims),
  expiresOnTimestamp: 0
})

beforeEach(() => {
  core.reset()
  kind = 'oidc'
  armToken = token({ oid: SELF_OID.toUpperCase(), idtyp: 'app' })
  cliSubscriptionCalls = 0
  tokenScopes.length = 0
  httpMade.length = 0
  http = new FakeHttp()
})

describe('the subscription', () => {
  it('is the input when given', async () => {
    expect((await openSession(INPUTS)).subscriptionId).toBe(SUBSCRIPTION)
    expect(cliSubscriptionCalls).toBe(0)
  })

  it("with the Azure CLI and no input, is the session's current subscription", async () => {
    kind = 'azure-cli'
    expect((await openSession({ ...INPUTS, subscriptionId: undefined })).subscriptionId).toBe(
      '99999999-0000-4000-8000-000000000009'
    )
  })

  it('with OIDC and no input, is a clear error naming subscription-id', async () => {
    await expect(openSession({ ...INPUTS, subscriptionId: undefined })).rejects.toThrow(
      /^Input 'subscription-id'.*AZURE_SUBSCRIPTION_ID/
    )
  })
})

describe('signing in', () => {
  it('happens when the session opens, with a Resource Manager token', async () => {
    await openSession(INPUTS)
    expect(tokenScopes).toEqual(['https://management.core.windows.net//.default'])
  })

  it('a sign-in failure is reported as such, before any Azure call', async () => {
    armToken = async () => {
      throw new ActionError(
        'Signing in to Microsoft Entra ID failed (AADSTS700016): the client ID is not an application'
      )
    }
    await expect(openSession(INPUTS)).rejects.toThrow('AADSTS700016')
    expect(http.requests).toEqual([])
  })
})

describe('the Graph token', () => {
  it('is asked for with the Resource Manager token when a principal is looked up by name', async () => {
    const principals = [{ raw: 'group:ai-users', kind: 'group', value: 'ai-users', isGuid: false }] as const
    await openSession({ ...INPUTS, principals })
    expect(tokenScopes).toEqual([
      'https://management.core.windows.net//.default',
      'https://graph.microsoft.com/.default'
    ])
  })

  it('is not asked for when no principal needs Graph', async () => {
    await openSession({ ...INPUTS, principals: [{ raw: 'self', kind: 'self' }] })
    expect(tokenScopes).toEqual(['https://management.core.windows.net//.default'])
  })
})

describe('self', () => {
  it("is the oid claim of the action's Resource Manager token, with no directory call", async () => {
    const session = await openSession(INPUTS)
    expect(await session.self()).toEqual({ objectId: SELF_OID, type: 'ServicePrincipal' })
    expect(new Set(tokenScopes)).toEqual(new Set(['https://management.core.windows.net//.default']))
    expect(http.requests).toEqual([])
  })

  it.each([
    [{ idtyp: 'user' }, 'User'],
    [{ scp: 'user_impersonation' }, 'User'],
    [{ idtyp: 'app', scp: 'x' }, 'ServicePrincipal'],
    [{}, 'ServicePrincipal']
  ])('claims %j make a %s', async (claims, type) => {
    armToken = token({ oid: SELF_OID, ...claims })
    expect((await (await openSession(INPUTS)).self()).type).toBe(type)
  })

  it('is read once per run', async () => {
    const session = await openSession(INPUTS)
    const atOpen = tokenScopes.length
    await session.self()
    await session.self()
    expect(tokenScopes).toHaveLength(atOpen + 1)
  })

  it('a token without oid is an error that says to give the object ID', async () => {
    armToken = token({ sub: 'x' })
    const error = await (await openSession(INPUTS)).self().catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('no oid claim')
    expect(error.message).toContain('principal-type')
  })

  it('no token at all is the same error', async () => {
    armToken = async () => null
    await expect((await openSession(INPUTS)).self()).rejects.toThrow('no oid claim')
  })
})

describe('clouds', () => {
  it('a known cloud needs no metadata request', async () => {
    const session = await openSession({ ...INPUTS, environment: 'AzureUSGovernment' })
    expect(session.cloud.resourceManager).toBe('https://management.usgovcloudapi.net')
    expect(http.requests).toEqual([])
  })

  it('Custom reads the metadata from arm-endpoint, without a token', async () => {
    http = new FakeHttp(() =>
      json(200, {
        resourceManager: 'https://management.local/',
        microsoftGraphResourceId: 'https://graph.local/',
        authentication: { loginEndpoint: 'https://login.local/', audiences: ['https://management.local/'] }
      })
    )
    const session = await openSession({
      ...INPUTS,
      environment: 'Custom',
      armEndpoint: 'https://management.local/'
    })
    expect(http.requests).toEqual([
      { method: 'GET', url: 'https://management.local/metadata/endpoints?api-version=2022-09-01' }
    ])
    expect(httpMade[0]?.credential).toBeUndefined()
    expect(session.cloud).toMatchObject({
      authorityHost: 'https://login.local',
      graph: 'https://graph.local',
      disableInstanceDiscovery: true
    })
  })

  it.each([
    ['an HTTP error', () => json(404, 'not found'), 'failed with HTTP 404. Check arm-endpoint.'],
    [
      'no answer',
      () => {
        throw new Error('getaddrinfo ENOTFOUND management.local')
      },
      'failed: getaddrinfo ENOTFOUND management.local. Check arm-endpoint.'
    ]
  ])('Custom metadata with %s says which URL failed', async (_, handler, expected) => {
    http = new FakeHttp(handler)
    const error = await openSession({
      ...INPUTS,
      environment: 'Custom',
      armEndpoint: 'https://management.local'
    }).catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('https://management.local/metadata/endpoints?api-version=2022-09-01')
    expect(error.message).toContain(expected)
  })
})

describe('clients', () => {
  it("Graph calls go to the cloud's Graph with its scope, and the client is made once", async () => {
    http = new FakeHttp(() => json(200, { id: 'ABC', displayName: 'Ada' }))
    const session = await openSession({ ...INPUTS, environment: 'AzureUSGovernment' })
    expect(session.graph()).toBe(session.graph())
    await session.graph().getUser('ada@contoso.com')
    expect(http.requests[0]).toMatchObject({
      url: 'https://graph.microsoft.us/v1.0/users/ada%40contoso.com',
      scope: 'https://graph.microsoft.us/.default'
    })
  })

  it('logs the cloud and the identity it signs in with', async () => {
    await openSession(INPUTS)
    expect(core.messages('info')).toEqual([
      `Signing in to AzureCloud (https://management.azure.com) with GitHub OIDC as client ${CLIENT}.`
    ])
  })
})
