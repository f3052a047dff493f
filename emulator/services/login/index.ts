// Routes of the emulated Entra ID host (login.microsoftonline.com).
import type { Context } from '../../context.js'
import { json, type EmuRequest, type EmuResponse } from '../../http.js'
import { instanceDiscovery, openIdConfiguration, signingKeys } from './discovery.js'
import { tokenEndpoint } from './token.js'

export function loginHandler(ctx: Context) {
  return (req: EmuRequest): EmuResponse => {
    let m: RegExpExecArray | null
    if (req.method === 'GET' && req.path === '/common/discovery/instance') return instanceDiscovery(ctx, req)
    if (
      req.method === 'GET' &&
      (m = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(req.path))
    ) {
      return openIdConfiguration(ctx, req, m[1] ?? '')
    }
    if (req.method === 'GET' && /^\/([^/]+)\/discovery\/v2\.0\/keys$/.test(req.path)) return signingKeys(ctx)
    if (req.method === 'POST' && (m = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(req.path))) {
      return tokenEndpoint(ctx, req, m[1] ?? '')
    }
    return json(404, { error: 'not_found', error_description: `No route for ${req.method} ${req.path}` })
  }
}
