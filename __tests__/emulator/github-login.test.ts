// GitHub's OIDC endpoint and Entra's token endpoint, over HTTPS, including Entra's refusals.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS, decodeJwt, GITHUB_ISSUER, startEmulator, type Emulator } from '../../emulator/index.js'
import { helpers, JWT_BEARER } from '../../harness/emulator-helpers.js'
import { httpRequest } from '../../harness/https-client.js'

describe('github and login', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('issues GitHub ID tokens with GitHub-like claims, and refuses a wrong request token', async () => {
    const res = await h.githubToken()
    expect(res.status).toBe(200)
    const claims = decodeJwt(res.json.value)?.claims ?? {}
    expect(claims).toMatchObject({
      iss: GITHUB_ISSUER,
      sub: DEFAULT_IDS.githubSubject,
      aud: 'api://AzureADTokenExchange',
      repository: 'octo-org/octo-repo'
    })
    expect(Number(claims.exp) - Number(claims.iat)).toBe(300)
    const noAud = await h.get(emu.runnerEnv().ACTIONS_ID_TOKEN_REQUEST_URL, DEFAULT_IDS.githubRequestToken)
    expect(decodeJwt(noAud.json.value)?.claims.aud).toBe('https://github.com/octo-org')
    const wrong = await h.get(emu.runnerEnv().ACTIONS_ID_TOKEN_REQUEST_URL, 'nope')
    expect(wrong.status).toBe(401)
    expect(emu.issuedTokens.filter((t) => t.kind === 'github-id-token')).toHaveLength(2)
  })

  it('serves discovery documents on its own host', async () => {
    const cfg = await httpRequest(
      `${emu.urls.login}/${DEFAULT_IDS.tenantId}/v2.0/.well-known/openid-configuration`,
      { ca: emu.caPem }
    )
    expect(cfg.json.token_endpoint).toBe(`${emu.urls.login}/${DEFAULT_IDS.tenantId}/oauth2/v2.0/token`)
    const disc = await httpRequest(
      `${emu.urls.login}/common/discovery/instance?api-version=1.1&authorization_endpoint=${encodeURIComponent(`${emu.urls.login}/${DEFAULT_IDS.tenantId}/oauth2/v2.0/authorize`)}`,
      { ca: emu.caPem }
    )
    expect(disc.json.tenant_discovery_endpoint).toBe(
      `${emu.urls.login}/${DEFAULT_IDS.tenantId}/v2.0/.well-known/openid-configuration`
    )
    const unknown = await httpRequest(
      `${emu.urls.login}/not-a-tenant/v2.0/.well-known/openid-configuration`,
      { ca: emu.caPem }
    )
    expect(unknown.json.error_codes).toEqual([90002])
  })

  it('exchanges the assertion for an access token for the requested resource', async () => {
    const res = await h.signIn(`${emu.urls.graph}/.default`)
    expect(res.status).toBe(200)
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 })
    const claims = decodeJwt(res.json.access_token)?.claims
    expect(claims).toMatchObject({
      aud: emu.urls.graph,
      oid: DEFAULT_IDS.pipelineApp.objectId,
      appid: DEFAULT_IDS.pipelineApp.clientId,
      idtyp: 'app',
      tid: DEFAULT_IDS.tenantId,
      iss: `https://sts.windows.net/${DEFAULT_IDS.tenantId}/`
    })
    expect(claims?.roles).toContain('Directory.Read.All')
  })

  it('answers AADSTS70021 for a subject without federated credential, with iss/sub/aud', async () => {
    emu.world.github.claims.sub = 'repo:octo-org/octo-repo:pull_request'
    try {
      const res = await h.signIn('https://cognitiveservices.azure.com/.default')
      expect(res.status).toBe(400)
      expect(res.json.error).toBe('invalid_request')
      expect(res.json.error_codes).toEqual([70021])
      expect(res.json.error_description).toContain(
        "Assertion Subject: 'repo:octo-org/octo-repo:pull_request'"
      )
      expect(res.json.error_description).toMatch(/Trace ID: .* Correlation ID: .* Timestamp: /)
    } finally {
      emu.world.github.claims.sub = DEFAULT_IDS.githubSubject
    }
  })

  it('answers AADSTS700024 for an expired assertion, 700016 for an unknown client, 90002 for an unknown tenant', async () => {
    emu.options.githubTokenLifetimeSeconds = -10
    const expired = await h.signIn(`${emu.urls.arm}/.default`)
    emu.options.githubTokenLifetimeSeconds = 300
    expect(expired.status).toBe(401)
    expect(expired.json.error_codes).toEqual([700024])
    expect(expired.json.error_description).toContain('Client assertion is not within its valid time range.')

    const unknownClient = await h.signIn(`${emu.urls.arm}/.default`, '99999999-0000-4000-8000-000000000000')
    expect(unknownClient.json.error_codes).toEqual([700016])

    const assertion = (await h.githubToken()).json.value as string
    const fields = {
      grant_type: 'client_credentials',
      client_id: DEFAULT_IDS.pipelineApp.clientId,
      scope: `${emu.urls.arm}/.default`,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion
    }
    const unknownTenant = await h.tokenRequest(fields, 'ffffffff-0000-4000-8000-000000000000')
    expect(unknownTenant.status).toBe(400)
    expect(unknownTenant.json.error_codes).toEqual([90002])
  })

  it('can report specific AADSTS7002xx codes instead', async () => {
    emu.options.federationErrors = 'specific'
    const res = await h.signIn(`${emu.urls.arm}/.default`, DEFAULT_IDS.pipelineApp.clientId)
    expect(res.status).toBe(200)
    const assertion = emu.githubIdToken('api://SomethingElse')
    const wrongAud = await h.tokenRequest({
      grant_type: 'client_credentials',
      client_id: DEFAULT_IDS.pipelineApp.clientId,
      scope: `${emu.urls.arm}/.default`,
      client_assertion_type: JWT_BEARER,
      client_assertion: assertion
    })
    emu.options.federationErrors = 'combined'
    expect(wrongAud.status).toBe(401)
    expect(wrongAud.json.error_codes).toEqual([700212])
  })
})
