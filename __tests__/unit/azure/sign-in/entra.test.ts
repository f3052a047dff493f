import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { AccessToken } from '@azure/core-auth'
import { knownCloud } from '../../../../src/azure/sign-in/clouds.js'
import type { CloudEndpoints } from '../../../../src/azure/sign-in/clouds.js'
import { ActionError } from '../../../../src/errors.js'
import type { ActionInputs } from '../../../../src/types.js'
import { fakeCore } from '../../../fixtures/core.js'
import { CLIENT, TENANT } from '../../../fixtures/ids.js'
import { jwt } from '../../../fixtures/jwt.js'

/** What the identity library was asked to build, and how its getToken behaves in this test. */
const built: { kind: string; args: unknown[] }[] = []
let behaviour: (assertion?: () => Promise<string>) => Promise<AccessToken | null>

class FakeClientAssertionCredential {
  private readonly assertion: () => Promise<string>
  constructor(...args: unknown[]) {
    built.push({ kind: 'ClientAssertionCredential', args })
    this.assertion = args[2] as () => Promise<string>
  }
  getToken(): Promise<AccessToken | null> {
    return behaviour(this.assertion)
  }
}

class FakeAzureCliCredential {
  constructor(...args: unknown[]) {
    built.push({ kind: 'AzureCliCredential', args })
  }
  getToken(): Promise<AccessToken | null> {
    return behaviour()
  }
}

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
jest.unstable_mockModule('@azure/identity', () => ({
  ClientAssertionCredential: FakeClientAssertionCredential,
  AzureCliCredential: FakeAzureCliCredential,
  ManagedIdentityCredential: FakeAzureCliCredential,
  WorkloadIdentityCredential: FakeAzureCliCredential
}))
const { chooseSignIn, createSignIn } = await import('../../../../src/azure/sign-in/entra.js')

const OIDC_ENV = {
  ACTIONS_ID_TOKEN_REQUEST_URL: 'https://example.test/token',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token'
}
const INPUTS = { authType: 'auto', clientId: CLIENT, tenantId: TENANT } as ActionInputs
const CUSTOM: CloudEndpoints = {
  ...knownCloud('AzureCloud', {}),
  name: 'Custom',
  authorityHost: 'https://login.azurestack.local',
  disableInstanceDiscovery: true
}

beforeEach(() => {
  core.reset()
  built.length = 0
  core.idToken = async (audience) =>
    jwt({
      iss: 'https://token.actions.githubusercontent.com',
      sub: 'repo:contoso/ml:ref:refs/heads/main',
      aud: audience,
      jti: Math.random()
    })
})

describe('choosing how to sign in', () => {
  it('oidc needs the OIDC request variables, and says how to get them', () => {
    expect(chooseSignIn({ ...INPUTS, authType: 'oidc' }, OIDC_ENV)).toBe('oidc')
    expect(() => chooseSignIn({ ...INPUTS, authType: 'oidc' }, {})).toThrow('permissions: id-token: write')
  })

  it('azure-cli is taken as asked', () => {
    expect(chooseSignIn({ ...INPUTS, authType: 'azure-cli' }, OIDC_ENV)).toBe('azure-cli')
  })

  it('auto: OIDC with client, tenant and the request variables', () => {
    expect(chooseSignIn(INPUTS, OIDC_ENV)).toBe('oidc')
  })

  it('auto: the Azure CLI session without the request variables, saying why', () => {
    expect(chooseSignIn(INPUTS, {})).toBe('azure-cli')
    expect(core.messages('info').join('\n')).toContain('Trying the Azure CLI session instead')
  })

  it('auto: the Azure CLI session without client or tenant', () => {
    expect(chooseSignIn({ ...INPUTS, clientId: undefined }, OIDC_ENV)).toBe('azure-cli')
    expect(core.messages('info')).toEqual([])
  })
})

describe('OIDC sign-in', () => {
  it("uses the cloud's authority, with instance discovery off for custom clouds", () => {
    createSignIn('oidc', INPUTS, CUSTOM)
    expect(built).toHaveLength(1)
    const [tenantId, clientId, , options] = built[0]?.args ?? []
    expect([tenantId, clientId]).toEqual([TENANT, CLIENT])
    expect(options).toMatchObject({
      authorityHost: 'https://login.azurestack.local',
      disableInstanceDiscovery: true
    })
  })

  it('the public cloud keeps instance discovery', () => {
    createSignIn('oidc', INPUTS, knownCloud('AzureCloud', {}))
    expect(built[0]?.args[3]).toMatchObject({
      authorityHost: 'https://login.microsoftonline.com',
      disableInstanceDiscovery: false
    })
  })

  it("Entra token requests mint GitHub ID tokens for the cloud's audience; one token per scope is shared", async () => {
    const assertions: string[] = []
    behaviour = async (assertion) => {
      assertions.push(await (assertion as () => Promise<string>)())
      return { token: `entra-${assertions.length}`, expiresOnTimestamp: Date.now() + 3_600_000 }
    }
    const { credential } = createSignIn('oidc', INPUTS, knownCloud('AzureChinaCloud', {}))
    const arm = await credential.getToken('https://management.chinacloudapi.cn/.default')
    expect(await credential.getToken('https://management.chinacloudapi.cn/.default')).toEqual(arm)
    await credential.getToken('https://microsoftgraph.chinacloudapi.cn/.default')
    expect(assertions).toHaveLength(2)
    expect(core.idTokenAudiences.every((audience) => audience === 'api://AzureADTokenExchangeChina')).toBe(
      true
    )
  })

  it('renew makes the next request for that scope get a new token', async () => {
    let issued = 0
    behaviour = async (mint) => {
      await (mint as () => Promise<string>)()
      return { token: `entra-${++issued}`, expiresOnTimestamp: Date.now() + 3_600_000 }
    }
    const signIn = createSignIn('oidc', INPUTS, knownCloud('AzureCloud', {}))
    const scope = 'https://cognitiveservices.azure.com/.default'
    expect((await signIn.credential.getToken(scope))?.token).toBe('entra-1')
    expect((await signIn.credential.getToken(scope))?.token).toBe('entra-1')
    signIn.renew(scope)
    expect((await signIn.credential.getToken(scope))?.token).toBe('entra-2')
  })

  it('masks every token, GitHub and Entra, before anything could print it', async () => {
    let assertion = ''
    behaviour = async (mint) => {
      assertion = await (mint as () => Promise<string>)()
      return { token: 'entra-access-token', expiresOnTimestamp: Date.now() + 3_600_000 }
    }
    const { credential } = createSignIn('oidc', INPUTS, knownCloud('AzureCloud', {}))
    await credential.getToken('https://management.azure.com/.default')
    await credential.getToken('https://management.azure.com/.default')
    expect(core.secrets).toEqual([assertion, 'entra-access-token'])
  })

  it('a rejected assertion shows the exact subject a federated credential needs', async () => {
    behaviour = async (mint) => {
      await (mint as () => Promise<string>)()
      throw new Error(
        'AADSTS700213: No matching federated identity record found for presented assertion subject'
      )
    }
    const { credential } = createSignIn('oidc', INPUTS, knownCloud('AzureCloud', {}))
    const error = await credential.getToken('https://management.azure.com/.default').catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain("subject 'repo:contoso/ml:ref:refs/heads/main'")
    expect(error.message).toContain("audience 'api://AzureADTokenExchange'")
  })

  it('a GitHub token failure is passed on as it is', async () => {
    core.idToken = async () => {
      throw new Error('Failed to get ID Token. Error Code : 403 Error Message: Forbidden')
    }
    behaviour = async (mint) => {
      await (mint as () => Promise<string>)()
      return null
    }
    const { credential } = createSignIn('oidc', INPUTS, knownCloud('AzureCloud', {}))
    await expect(credential.getToken('x')).rejects.toThrow('Requesting a GitHub OIDC ID token')
  })
})

describe('Azure CLI sign-in', () => {
  it('reuses the session for the given tenant and masks its tokens', async () => {
    behaviour = async () => ({ token: 'cli-token', expiresOnTimestamp: 0 })
    const signIn = createSignIn('azure-cli', INPUTS, knownCloud('AzureCloud', {}))
    expect(built[0]).toMatchObject({ kind: 'AzureCliCredential', args: [{ tenantId: TENANT }] })
    await signIn.credential.getToken('https://management.azure.com/.default')
    expect(core.secrets).toEqual(['cli-token'])
  })

  it('no session: says to sign in with azure/login or use OIDC', async () => {
    behaviour = async () => {
      throw new Error("Please run 'az login' to set up an account.\nmore")
    }
    const inputs = { ...INPUTS, authType: 'azure-cli' } as ActionInputs
    const { credential } = createSignIn('azure-cli', inputs, knownCloud('AzureCloud', {}))
    const error = await credential.getToken('x').catch((e) => e)
    expect(error.message).toContain(
      'No usable Azure CLI session (Please run \'az login\' to set up an account.). Sign in first with azure/login, or use GitHub OIDC: give client-id and tenant-id and add "permissions: id-token: write".'
    )
    expect(error.message).toContain('run azure/login right before this step')
  })

  it('auth-type auto with a client and a tenant meant OIDC: says first that the job has no OIDC token', async () => {
    behaviour = async () => {
      throw new Error("Please run 'az login' to set up an account.")
    }
    const { credential } = createSignIn('azure-cli', INPUTS, knownCloud('AzureCloud', {}))
    const error = await credential.getToken('x').catch((e) => e)
    expect(error.message).toMatch(/^GitHub gave this job no OIDC token: ACTIONS_ID_TOKEN_REQUEST_URL/)
    expect(error.message).toContain('permissions: id-token: write')
    expect(error.message).toContain("there is none that works (Please run 'az login' to set up an account.)")
  })
})

describe("chooseSignIn: a runner's own identity", () => {
  const TOKEN_FILE = { AZURE_FEDERATED_TOKEN_FILE: '/var/run/secrets/azure/tokens/azure-identity-token' }

  it('takes managed-identity and workload-identity as asked', () => {
    expect(chooseSignIn({ ...INPUTS, authType: 'managed-identity' }, {})).toBe('managed-identity')
    expect(chooseSignIn({ ...INPUTS, authType: 'workload-identity' }, TOKEN_FILE)).toBe('workload-identity')
  })

  it('auto: OIDC first, then workload identity when its token file is there, then the Azure CLI', () => {
    expect(chooseSignIn(INPUTS, { ...OIDC_ENV, ...TOKEN_FILE })).toBe('oidc')
    expect(chooseSignIn(INPUTS, TOKEN_FILE)).toBe('workload-identity')
    expect(chooseSignIn(INPUTS, {})).toBe('azure-cli')
  })

  it('workload-identity without the token file says what to set', () => {
    expect(() => chooseSignIn({ ...INPUTS, authType: 'workload-identity' }, {})).toThrow(
      'AZURE_FEDERATED_TOKEN_FILE is not set'
    )
  })
})
