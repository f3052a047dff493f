// Shortcuts for emulator tests: tokens by the real flows (or minted), and requests to each host.
import { DEFAULT_IDS, type Emulator } from '../emulator/index.js'
import { httpRequest, type HttpResult } from './https-client.js'

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'

export function helpers(emu: Emulator) {
  // In host-name mode the emulator's names resolve only through its proxy, so every request goes through it.
  const ca = emu.caPem
  const proxy = emu.hostnames ? emu.urls.proxy : undefined
  const bearer = (token?: string): Record<string, string> =>
    token ? { authorization: `Bearer ${token}` } : {}
  return {
    async githubToken(audience: string = DEFAULT_IDS.githubAudience): Promise<HttpResult> {
      const env = emu.runnerEnv()
      return httpRequest(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${encodeURIComponent(audience)}`, {
        ca,
        proxy,
        headers: bearer(env.ACTIONS_ID_TOKEN_REQUEST_TOKEN)
      })
    },
    async tokenRequest(
      fields: Record<string, string>,
      tenant: string = emu.world.tenantId
    ): Promise<HttpResult> {
      return httpRequest(`${emu.urls.login}/${tenant}/oauth2/v2.0/token`, {
        method: 'POST',
        ca,
        proxy,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString()
      })
    },
    /** The full OIDC exchange, as the action does it. */
    async signIn(scope: string, clientId: string = DEFAULT_IDS.pipelineApp.clientId): Promise<HttpResult> {
      const assertion = (await this.githubToken()).json.value as string
      return this.tokenRequest({
        grant_type: 'client_credentials',
        client_id: clientId,
        scope,
        client_assertion_type: JWT_BEARER,
        client_assertion: assertion
      })
    },
    /** An ARM token for the pipeline app (or another principal), minted in-process. */
    armToken(
      oid: string = DEFAULT_IDS.pipelineApp.objectId,
      appid: string = DEFAULT_IDS.pipelineApp.clientId
    ): string {
      return emu.mintAccessToken({ oid, appid, aud: `${emu.urls.arm}/` })
    },
    async arm(
      method: string,
      path: string,
      token?: string,
      body?: object | string,
      apiVersion = '2022-04-01'
    ): Promise<HttpResult> {
      const sep = path.includes('?') ? '&' : '?'
      return httpRequest(`${emu.urls.arm}${path}${sep}api-version=${apiVersion}`, {
        method,
        ca,
        proxy,
        headers: bearer(token),
        body
      })
    },
    async get(url: string, token?: string, extra: Record<string, string> = {}): Promise<HttpResult> {
      return httpRequest(url, { ca, proxy, headers: { ...bearer(token), ...extra } })
    },
    async post(url: string, token: string | undefined, body: object): Promise<HttpResult> {
      return httpRequest(url, { method: 'POST', ca, proxy, headers: bearer(token), body })
    }
  }
}
