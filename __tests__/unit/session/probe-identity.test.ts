import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { AccessToken } from '@azure/core-auth'
import { ActionError } from '../../../src/errors.js'
import type { ActionInputs } from '../../../src/types.js'
import type { SignIn } from '../../../src/azure/sign-in/entra.js'
import { knownCloud } from '../../../src/azure/sign-in/clouds.js'
import { fakeCore } from '../../fixtures/core.js'
import { FakeHttp } from '../../fixtures/http.js'
import { CLIENT, SP_APP_ID, SP_OID, TENANT } from '../../fixtures/ids.js'
import { jwt } from '../../fixtures/jwt.js'

const core = fakeCore()
interface Made {
  kind: string
  clientId?: string
  tenantId?: string
}
const made: Made[] = []
const asked: unknown[] = []
const renewed: string[] = []
let probeToken: () => Promise<AccessToken | null>
const httpMade: { credential: unknown; maxRetries: unknown }[] = []

jest.unstable_mockModule('@actions/core', () => core.module)
jest.unstable_mockModule('../../../src/azure/sign-in/entra.js', () => ({
  createSignIn: (kind: string, inputs: ActionInputs) => {
    made.push({ kind, clientId: inputs.clientId, tenantId: inputs.tenantId })
    return {
      kind,
      credential: {
        getToken: (scope: unknown) => {
          asked.push(scope)
          return probeToken()
        }
      },
      renew: (scope: string) => renewed.push(scope)
    }
  }
}))
jest.unstable_mockModule('../../../src/azure/http/http.js', () => ({
  createJsonHttp: (credential: unknown, maxRetries?: number) => {
    httpMade.push({ credential, maxRetries })
    return new FakeHttp()
  }
}))
const { requireProbeOidc, signInAsProbe } = await import('../../../src/session/probe-identity.js')

const CLOUD = knownCloud('AzureCloud', {})
const INPUTS = {
  authType: 'oidc',
  clientId: CLIENT,
  tenantId: TENANT,
  waitForPropagation: true,
  dryRun: false,
  probeClientId: SP_APP_ID
} as ActionInputs
const OIDC_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://x', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't' }
const tokenOf = (claims: Record<string, unknown>) => async (): Promise<AccessToken> => ({
  token: jwt(claims),
  expiresOnTimestamp: 0
})
/** The main sign-in: its ARM token carries the tenant. */
const mainSignIn = (claims: Record<string, unknown> = { tid: TENANT }): SignIn => ({
  credential: { getToken: tokenOf(claims) },
  renew: () => undefined
})

beforeEach(() => {
  core.reset()
  made.length = 0
  asked.length = 0
  renewed.length = 0
  httpMade.length = 0
  probeToken = tokenOf({ oid: SP_OID.toUpperCase(), tid: TENANT })
})

describe('signing in as probe-client-id', () => {
  it('signs in with GitHub OIDC as that client, in the tenant, for the inference scope; its oid is its object ID', async () => {
    const probe = await signInAsProbe(INPUTS, mainSignIn(), CLOUD, SP_APP_ID)
    expect(made).toEqual([{ kind: 'oidc', clientId: SP_APP_ID, tenantId: TENANT }])
    expect(asked).toEqual([CLOUD.inferenceScope])
    expect(probe.objectId).toBe(SP_OID)
    expect(probe.clientId).toBe(SP_APP_ID)
  })

  it("calls with that identity's credential, without retries in the pipeline, and renews that identity's token", async () => {
    const probe = await signInAsProbe(INPUTS, mainSignIn(), CLOUD, SP_APP_ID)
    expect(httpMade).toHaveLength(1)
    expect(httpMade[0]?.maxRetries).toBe(0)
    probe.renew(CLOUD.inferenceScope)
    expect(renewed).toEqual([CLOUD.inferenceScope])
  })

  it('without tenant-id (Azure CLI session), uses the tenant of the main sign-in', async () => {
    const other = '77777777-0000-4000-8000-000000000077'
    await signInAsProbe({ ...INPUTS, tenantId: undefined }, mainSignIn({ tid: other }), CLOUD, SP_APP_ID)
    expect(made[0]?.tenantId).toBe(other)
  })

  it('without tenant-id and without a tid claim, says to give tenant-id', async () => {
    await expect(
      signInAsProbe({ ...INPUTS, tenantId: undefined }, mainSignIn({}), CLOUD, SP_APP_ID)
    ).rejects.toThrow("Input 'probe-client-id': the tenant to sign in to is unknown")
  })

  it('a refused sign-in keeps the explanation (the subject to trust) and says it was the probe identity', async () => {
    const explained = new ActionError(
      "Microsoft Entra ID rejected the GitHub OIDC token (AADSTS70021): ... subject 'repo:o/r:ref:refs/heads/main' ..."
    )
    probeToken = async () => {
      throw explained
    }
    const error = await signInAsProbe(INPUTS, mainSignIn(), CLOUD, SP_APP_ID).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toBe(
      `Signing in as probe-client-id ${SP_APP_ID} for the wait failed. Nothing was changed. ${explained.message}`
    )
  })

  it('a token without oid cannot say whom the wait probes as', async () => {
    probeToken = tokenOf({ tid: TENANT })
    await expect(signInAsProbe(INPUTS, mainSignIn(), CLOUD, SP_APP_ID)).rejects.toThrow(
      'carries no oid claim'
    )
  })
})

describe('the OIDC variables, checked before any request', () => {
  it('are required when the wait will sign in as probe-client-id, whatever the main sign-in', () => {
    expect(() => requireProbeOidc({ ...INPUTS, authType: 'azure-cli' }, {})).toThrow(
      `Input 'probe-client-id': the wait signs in as ${SP_APP_ID} with GitHub OIDC, and GitHub gave this job no OIDC token`
    )
    expect(() => requireProbeOidc(INPUTS, OIDC_ENV)).not.toThrow()
  })

  it('are not needed when nothing will probe: no probe-client-id, no wait, or a dry run', () => {
    expect(() => requireProbeOidc({ ...INPUTS, probeClientId: undefined }, {})).not.toThrow()
    expect(() => requireProbeOidc({ ...INPUTS, waitForPropagation: false }, {})).not.toThrow()
    expect(() => requireProbeOidc({ ...INPUTS, dryRun: true }, {})).not.toThrow()
  })
})
