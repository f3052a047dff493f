// What the Azure CLI needs from the emulator beyond what the action does (each one found by running the real CLI,
// see __tests__/cli/fidelity.test.ts): login.microsoftonline.com for MSAL's instance discovery (opt-in), the
// 2015-01-01 cloud metadata `az cloud register` reads, the subscription list `az login` reads, the resource provider
// `az resource show` reads, ARM's tolerance of empty path segments, and Graph's service-principal filters.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS as ID, startEmulator, type Emulator } from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'
import { httpRequest, tunnel } from '../../harness/https-client.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const ACCOUNT = `${SUB}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const PUBLIC_LOGIN = 'https://login.microsoftonline.com'

const discovery = (emu: Emulator, via: string, authorize: string) =>
  httpRequest(
    `${via}/common/discovery/instance?api-version=1.0&authorization_endpoint=${encodeURIComponent(authorize)}`,
    { ca: emu.caPem, proxy: via === PUBLIC_LOGIN ? emu.urls.proxy : undefined }
  )

describe('login.microsoftonline.com, opt-in', () => {
  let plain: Emulator
  let withPublic: Emulator
  beforeAll(async () => {
    ;[plain, withPublic] = await Promise.all([startEmulator(), startEmulator({ publicLogin: true })])
  })
  afterAll(async () => Promise.all([plain.close(), withPublic.close()]))

  it('is refused by the proxy unless publicLogin is set, and then tunnels to the Entra host', async () => {
    await expect(tunnel(plain.urls.proxy, `${PUBLIC_LOGIN}/`)).rejects.toThrow(/answered 502/)
    const res = await discovery(
      withPublic,
      PUBLIC_LOGIN,
      `https://127.0.0.1/${ID.tenantId}/oauth2/v2.0/authorize`
    )
    expect(res.status).toBe(200)
    expect(res.json.tenant_discovery_endpoint).toBe(
      `${withPublic.urls.login}/${ID.tenantId}/v2.0/.well-known/openid-configuration`
    )
    expect(withPublic.proxyJournal.at(-1)).toMatchObject({
      host: 'login.microsoftonline.com',
      port: 443,
      status: 200,
      service: 'login'
    })
    expect(withPublic.journal.at(-1)).toMatchObject({ service: 'login', path: '/common/discovery/instance' })
    await expect(tunnel(withPublic.urls.proxy, 'https://login.microsoftonline.com:8443/')).rejects.toThrow(
      /answered 502/
    )
  })

  it("answers for the public host with the public cloud's aliases, and AADSTS50049 for hosts it does not stand for", async () => {
    const pub = await discovery(withPublic, PUBLIC_LOGIN, `${PUBLIC_LOGIN}/common/oauth2/authorize`)
    expect(pub.status).toBe(200)
    expect(pub.json.tenant_discovery_endpoint).toBe(`${PUBLIC_LOGIN}/common/.well-known/openid-configuration`)
    const aliases = (pub.json.metadata as { aliases: string[] }[]).flatMap((m) => m.aliases)
    expect(aliases).toEqual(expect.arrayContaining(['login.microsoftonline.com', 'login.windows.net']))
    for (const emu of [plain, withPublic]) {
      const unknown = await discovery(
        emu,
        emu.urls.login,
        `https://login.example.test/${ID.tenantId}/oauth2/v2.0/authorize`
      )
      expect(unknown.status).toBe(400)
      expect(unknown.json).toMatchObject({ error: 'invalid_instance', error_codes: [50049] })
    }
    const notPublic = await discovery(plain, plain.urls.login, `${PUBLIC_LOGIN}/common/oauth2/authorize`)
    expect(notPublic.json.error_codes).toEqual([50049])
  })
})

describe('Resource Manager, as the CLI calls it', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('serves the 2015-01-01 metadata shape, also under a leading double slash', async () => {
    const res = await httpRequest(`${emu.urls.arm}//metadata/endpoints?api-version=2015-01-01`, {
      ca: emu.caPem
    })
    expect(res.status).toBe(200)
    expect(res.json).toEqual({
      galleryEndpoint: 'https://gallery.azure.com/',
      graphEndpoint: `${emu.urls.graph}/`,
      portalEndpoint: 'https://portal.azure.com/',
      authentication: { loginEndpoint: `${emu.urls.login}/`, audiences: [`${emu.urls.arm}/`] }
    })
    const current = await h.arm('GET', '/metadata/endpoints', undefined, undefined, '2022-09-01')
    expect(current.json.resourceManager).toBe(`${emu.urls.arm}/`)
  })

  it('lists the subscriptions the caller holds a role in, and none for a caller without one', async () => {
    const res = await h.arm('GET', '/subscriptions', h.armToken(), undefined, '2019-11-01')
    expect(res.status).toBe(200)
    expect(res.json.value).toEqual([
      expect.objectContaining({
        id: SUB,
        subscriptionId: ID.subscriptionId,
        tenantId: ID.tenantId,
        displayName: ID.subscriptionName,
        state: 'Enabled'
      })
    ])
    expect(res.json.count).toEqual({ type: 'Total', value: 1 })
    const stranger = h.armToken(ID.users.bob.id, '')
    expect((await h.arm('GET', '/subscriptions', stranger, undefined, '2019-11-01')).json.value).toEqual([])
  })

  it('serves Microsoft.CognitiveServices, newest stable account API version first among the stable ones', async () => {
    const res = await h.arm(
      'GET',
      `${SUB}/providers/Microsoft.CognitiveServices`,
      h.armToken(),
      undefined,
      '2021-04-01'
    )
    expect(res.status).toBe(200)
    const accounts = (res.json.resourceTypes as { resourceType: string; apiVersions: string[] }[]).find(
      (t) => t.resourceType === 'accounts'
    )
    expect(accounts?.apiVersions.find((v) => !v.includes('preview'))).toBe('2025-09-01')
    const other = await h.arm('GET', `${SUB}/providers/Microsoft.Nope`, h.armToken(), undefined, '2021-04-01')
    expect(other.status).toBe(404)
    expect(other.json.error.code).toBe('InvalidResourceNamespace')
  })

  it('reads an empty segment inside a path as none (az resource show without a parent resource)', async () => {
    const path = ACCOUNT.replace('/accounts/', '//accounts/').replace('/resourceGroups/', '/resourcegroups/')
    const res = await h.arm('GET', path, h.armToken(), undefined, '2025-09-01')
    expect(res.status).toBe(200)
    expect(res.json.id).toBe(ACCOUNT)
  })
})

describe('Microsoft Graph service-principal filters', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  const list = async (filter: string) => {
    const token = emu.mintAccessToken({
      oid: ID.pipelineApp.objectId,
      aud: emu.urls.graph,
      roles: ['Application.Read.All']
    })
    return h.get(`${emu.urls.graph}/v1.0/servicePrincipals?$filter=${encodeURIComponent(filter)}`, token)
  }

  it('finds a service principal by app ID (servicePrincipalNames/any, appId eq), and nothing for an object ID', async () => {
    for (const filter of [
      `servicePrincipalNames/any(c:c eq '${ID.pipelineApp.clientId}')`,
      `appId eq '${ID.pipelineApp.clientId}'`
    ]) {
      const res = await list(filter)
      expect(res.status).toBe(200)
      expect(res.json.value.map((s: { id: string }) => s.id)).toEqual([ID.pipelineApp.objectId])
    }
    const byObjectId = await list(`servicePrincipalNames/any(c:c eq '${ID.pipelineApp.objectId}')`)
    expect(byObjectId.json.value).toEqual([])
  })

  it('refuses a filter it does not read, as Graph does, instead of listing everything', async () => {
    const res = await list('accountEnabled eq true')
    expect(res.status).toBe(400)
    expect(res.json.error.code).toBe('Request_UnsupportedQuery')
  })
})
