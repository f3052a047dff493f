// The CONNECT proxy and the host-name mode: what the emulator advertises, where the proxy sends each name, and
// how the journals prove that a request came through it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS as ID, startEmulator, type Emulator } from '../../emulator/index.js'
import { accountLabels, labelOfHostName } from '../../emulator/names.js'
import type { Account } from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'
import { httpRequest, tunnel } from '../../harness/https-client.js'

const ACCOUNT = `/subscriptions/${ID.subscriptionId}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const COGNITIVE = 'https://cognitiveservices.azure.com'
const NAMED = /^https:\/\/[a-z0-9.-]+\.azure\.test\/?$/

/** The proxy's first answer to CONNECT (status line only). */
async function connectStatus(emu: Emulator, authority: string): Promise<string> {
  try {
    const socket = await tunnel(emu.urls.proxy, `https://${authority}`)
    socket.destroy()
    return '200'
  } catch (error) {
    return /answered (\d+)/.exec(String(error))?.[1] ?? String(error)
  }
}

describe('proxy in the default (127.0.0.1) mode', () => {
  let emu: Emulator
  beforeAll(async () => {
    emu = await startEmulator()
  })
  afterAll(async () => emu.close())

  it('keeps the loopback URLs, starts the proxy, and adds HTTPS_PROXY to runnerEnv only when asked', () => {
    expect(emu.hostnames).toBe(false)
    for (const url of [emu.urls.github, emu.urls.login, emu.urls.arm, emu.urls.graph])
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/)
    expect(emu.urls.proxy).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emu.runnerEnv()).not.toHaveProperty('HTTPS_PROXY')
    expect(emu.runnerEnv({ proxy: true })).toMatchObject({
      HTTPS_PROXY: emu.urls.proxy,
      https_proxy: emu.urls.proxy
    })
  })

  it('tunnels to its own ports and ties each journal entry to the tunnel it came through', async () => {
    emu.clearJournal()
    const target = new URL(emu.urls.arm)
    const proxied = await httpRequest(`${emu.urls.arm}/metadata/endpoints?api-version=2022-09-01`, {
      ca: emu.caPem,
      proxy: emu.urls.proxy
    })
    const direct = await httpRequest(`${emu.urls.arm}/metadata/endpoints?api-version=2022-09-01`, {
      ca: emu.caPem
    })
    expect([proxied.status, direct.status]).toEqual([200, 200])
    expect(emu.proxyJournal).toEqual([
      {
        seq: expect.any(Number),
        at: expect.any(Number),
        method: 'CONNECT',
        host: '127.0.0.1',
        port: Number(target.port),
        status: 200,
        target: `127.0.0.1:${target.port}`,
        service: 'arm'
      }
    ])
    const [first, second] = emu.journal
    expect(first?.tunnel).toBe(emu.proxyJournal[0]?.seq)
    expect(second).not.toHaveProperty('tunnel')
  })

  it('answers 502 for hosts it does not know (journaled), 400 for a malformed target, 501 for plain HTTP', async () => {
    emu.clearJournal()
    expect(await connectStatus(emu, 'example.com:443')).toBe('502')
    expect(await connectStatus(emu, 'management.azure.test:443')).toBe('502')
    expect(await connectStatus(emu, '127.0.0.1:1')).toBe('502')
    const plain = await new Promise<number>((resolve, reject) => {
      const url = new URL(emu.urls.proxy)
      import('node:http')
        .then(({ request }) => {
          const req = request(
            { host: url.hostname, port: url.port, path: 'http://example.com/', agent: false },
            (res) => {
              res.resume()
              resolve(res.statusCode ?? 0)
            }
          )
          req.on('error', reject)
          req.end()
        })
        .catch(reject)
    })
    expect(plain).toBe(501)
    expect(emu.proxyJournal.map((e) => [e.method, e.host, e.port, e.status, e.target])).toEqual([
      ['CONNECT', 'example.com', 443, 502, undefined],
      ['CONNECT', 'management.azure.test', 443, 502, undefined],
      ['CONNECT', '127.0.0.1', 1, 502, undefined],
      ['GET', 'example.com', 80, 501, undefined]
    ])
    expect(emu.journal).toEqual([])
  })
})

describe('host-name mode', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator({ hostnames: true })
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('advertises .azure.test names on port 443, and a runner environment with HTTPS_PROXY', () => {
    expect(emu.hostnames).toBe(true)
    expect(emu.urls).toEqual({
      github: 'https://github.azure.test',
      login: 'https://login.azure.test',
      arm: 'https://management.azure.test',
      graph: 'https://graph.azure.test',
      // Like IMDS at its link-local address, the managed-identity endpoint has no host name.
      identity: expect.stringMatching(/^https:\/\/127\.0\.0\.1:\d+$/),
      proxy: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)
    })
    const env = emu.runnerEnv()
    expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toMatch(/^https:\/\/github\.azure\.test\/_apis\//)
    expect(env).toMatchObject({ HTTPS_PROXY: emu.urls.proxy, https_proxy: emu.urls.proxy })
    expect(emu.runnerEnv({ proxy: false })).not.toHaveProperty('HTTPS_PROXY')
    expect(emu.runnerEnv({ proxy: false })).not.toHaveProperty('https_proxy')
  })

  it('cannot be reached without the proxy: the names resolve nowhere', async () => {
    await expect(httpRequest(`${emu.urls.arm}/metadata/endpoints`, { ca: emu.caPem })).rejects.toThrow(
      /ENOTFOUND|EAI_AGAIN/
    )
  })

  it('serves cloud metadata and OpenID configurations that name only .azure.test hosts', async () => {
    const metadata = (await h.get(`${emu.urls.arm}/metadata/endpoints?api-version=2022-09-01`)).json
    expect(metadata.authentication.loginEndpoint).toBe('https://login.azure.test')
    expect(metadata.authentication.audiences).toEqual(['https://management.azure.test/'])
    expect(metadata.resourceManager).toBe('https://management.azure.test/')
    expect(metadata.microsoftGraphResourceId).toBe('https://graph.azure.test/')
    const login = (await h.get(`${emu.urls.login}/${ID.tenantId}/v2.0/.well-known/openid-configuration`)).json
    for (const key of ['token_endpoint', 'jwks_uri', 'issuer', 'authorization_endpoint'])
      expect(new URL(login[key] as string).origin).toBe('https://login.azure.test')
    expect(login.cloud_instance_name).toBe('login.azure.test')
    const github = (await h.get(`${emu.urls.github}/.well-known/openid-configuration`)).json
    expect(github.jwks_uri).toBe('https://github.azure.test/.well-known/jwks')
  })

  it('signs in through the proxy, and ARM accepts a token for its advertised audience', async () => {
    const signedIn = await h.signIn('https://management.azure.test/.default')
    expect(signedIn.status).toBe(200)
    const account = await h.arm('GET', ACCOUNT, signedIn.json.access_token as string, undefined, '2025-09-01')
    expect(account.status).toBe(200)
    expect(account.json.properties.endpoint).toBe('https://ai-demo.cognitiveservices.azure.test/')
    const endpoints = account.json.properties.endpoints as Record<string, string>
    expect(endpoints['OpenAI Language Model Instance API']).toBe('https://ai-demo.openai.azure.test/')
    expect(endpoints['Azure AI Model Inference API']).toBe('https://ai-demo.services.ai.azure.test/')
    expect(endpoints['Token Service API']).toBe('https://ai-demo.cognitiveservices.azure.test/')
    for (const url of Object.values(endpoints)) expect(url).toMatch(NAMED)
    const hosts = emu.proxyJournal.map((e) => e.host)
    expect(hosts).toEqual(
      expect.arrayContaining(['github.azure.test', 'login.azure.test', 'management.azure.test'])
    )
  })

  it('finds the data-plane account from the host name, and from the port when the name is not one of its own', async () => {
    emu.clearJournal()
    const token = emu.mintAccessToken({ oid: ID.pipelineApp.objectId, aud: COGNITIVE })
    const named = await h.get(`${await emu.dataPlaneUrl(ID.account, 'openai')}/openai/v1/models`, token)
    expect(named.status).toBe(401)
    expect(named.json.error.code).toBe('PermissionDenied')
    const nosubUrl = await emu.dataPlaneUrl(ID.accountNoSubdomain)
    expect(nosubUrl).toBe('https://ai-nosub.cognitiveservices.azure.test')
    const nosub = await h.get(`${nosubUrl}/openai/v1/models`, token)
    expect(nosub.status).toBe(400)
    expect(nosub.text).toContain('custom subdomain')
    // The same listener, asked by its loopback address: the port still names the account.
    const target = emu.proxyJournal.find((e) => e.host === 'ai-demo.openai.azure.test')?.target ?? ''
    const byPort = await h.get(`https://${target}/openai/v1/models`, token)
    expect(byPort.json.error.code).toBe('PermissionDenied')
    expect(emu.dataPlaneAnswers.slice(-3).map((a) => a.accountId.split('/').at(-1))).toEqual([
      ID.account,
      ID.accountNoSubdomain,
      ID.account
    ])
    // Every request came through a tunnel to the host it named.
    for (const entry of emu.journal) {
      const t = emu.proxyJournal.find((p) => p.seq === entry.tunnel)
      expect(t?.target).toBe(`127.0.0.1:${entry.port}`)
      expect(new URL(`https://${entry.headers.host}`).hostname).toBe(t?.host)
    }
  })

  it('refuses names it does not serve, and its names on other ports', async () => {
    expect(await connectStatus(emu, 'unknown.openai.azure.test:443')).toBe('502')
    expect(await connectStatus(emu, 'management.azure.test:8443')).toBe('502')
    expect(await connectStatus(emu, 'login.microsoftonline.com:443')).toBe('502')
    expect(await connectStatus(emu, 'graph.azure.test:443')).toBe('200')
  })
})

describe('host names of accounts', () => {
  const account = (name: string, sub: string | null, rg = 'rg'): Account => ({
    subscriptionId: ID.subscriptionId,
    resourceGroup: rg,
    name,
    location: 'eastus',
    kind: 'AIServices',
    sku: 'S0',
    customSubDomainName: sub,
    publicNetworkAccess: 'Enabled',
    deployments: []
  })

  it('are the custom subdomain (else the name), lower-cased, with a suffix when two would clash', () => {
    const accounts = [account('a', 'Team-AI'), account('plain', null), account('plain', null, 'rg2')]
    const labels = accountLabels(accounts, (a) => `${a.resourceGroup}/${a.name}`)
    expect([...labels.values()]).toEqual(['team-ai', 'plain', 'plain-2'])
  })

  it('are read back from any of the three data-plane names', () => {
    expect(labelOfHostName('team-ai.openai.azure.test')).toBe('team-ai')
    expect(labelOfHostName('Team-AI.services.ai.azure.test')).toBe('team-ai')
    expect(labelOfHostName('team-ai.cognitiveservices.azure.test')).toBe('team-ai')
    expect(labelOfHostName('a.b.openai.azure.test')).toBeUndefined()
    expect(labelOfHostName('management.azure.test')).toBeUndefined()
  })
})
