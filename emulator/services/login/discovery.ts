// Entra's discovery documents as MSAL reads them: the tenant's OpenID configuration, instance discovery
// (answered for this host only, as a sovereign or private cloud would), and the signing keys.
import type { Context } from '../../context.js'
import { json, type EmuRequest, type EmuResponse } from '../../http.js'
import { jwks } from '../../jwt.js'
import { unknownTenant } from './errors.js'

export function knownTenant(ctx: Context, tenant: string): boolean {
  const t = tenant.toLowerCase()
  return (
    t === ctx.world.tenantId.toLowerCase() ||
    t === ctx.world.tenantDomain.toLowerCase() ||
    t === 'organizations' ||
    t === 'common'
  )
}

export function openIdConfiguration(ctx: Context, req: EmuRequest, tenant: string): EmuResponse {
  if (!knownTenant(ctx, tenant)) return unknownTenant(req, ctx.urls.login, tenant)
  const base = `${ctx.urls.login}/${tenant}`
  const host = new URL(ctx.urls.login).host
  const tid = tenant === 'common' || tenant === 'organizations' ? '{tenantid}' : ctx.world.tenantId
  return json(200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${ctx.urls.login}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${ctx.urls.login}/${tid}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${ctx.urls.graph}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'acr',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'at_hash',
      'c_hash',
      'email'
    ],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: 'NA',
    cloud_instance_name: host,
    cloud_graph_host_name: new URL(ctx.urls.graph).host,
    msgraph_host: new URL(ctx.urls.graph).host,
    rbac_url: ctx.urls.arm
  })
}

export function instanceDiscovery(ctx: Context, req: EmuRequest): EmuResponse {
  const host = new URL(ctx.urls.login).host
  let tenant = 'common'
  const authorize = req.query.get('authorization_endpoint')
  if (authorize) {
    try {
      tenant = new URL(authorize).pathname.split('/').filter(Boolean)[0] ?? 'common'
    } catch {
      // a malformed authorization_endpoint falls back to "common", as AAD does
    }
  }
  return json(200, {
    tenant_discovery_endpoint: `${ctx.urls.login}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }]
  })
}

export const signingKeys = (ctx: Context): EmuResponse => json(200, jwks(ctx.keys.entra))
