// Entra's discovery documents as MSAL reads them: the tenant's OpenID configuration, instance discovery
// (for the emulated host only, as for a sovereign or private cloud known to Entra), and the signing keys.
import type { Context } from '../../context.js'
import { json, type EmuRequest, type EmuResponse } from '../../http.js'
import { jwks } from '../../jwt.js'
import { PUBLIC_LOGIN_HOST } from '../../names.js'
import { entraError, unknownTenant } from './errors.js'

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

/** The public cloud's entries of Entra's instance metadata, as login.microsoftonline.com lists them. */
const PUBLIC_INSTANCE_METADATA = [
  {
    preferred_network: 'login.microsoftonline.com',
    preferred_cache: 'login.windows.net',
    aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net']
  },
  {
    preferred_network: 'login.partner.microsoftonline.cn',
    preferred_cache: 'login.partner.microsoftonline.cn',
    aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn']
  },
  {
    preferred_network: 'login.microsoftonline.us',
    preferred_cache: 'login.microsoftonline.us',
    aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net']
  },
  {
    preferred_network: 'login-us.microsoftonline.com',
    preferred_cache: 'login-us.microsoftonline.com',
    aliases: ['login-us.microsoftonline.com']
  }
]

/**
 * GET /common/discovery/instance: the instance discovery MSAL does before trusting an authority host it does not
 * know. Answered for the emulated Entra host, and with `publicLogin` for `login.microsoftonline.com` too (then
 * the metadata lists the public cloud's aliases as well, as Entra's does); any other host gets Entra's
 * `400 invalid_instance` (AADSTS50049). Hosts are compared without port: MSAL Python drops it from the
 * `authorization_endpoint` it sends. Real Entra knows no emulator, of course: that its host is "known" is the
 * one liberty taken, so that MSAL's validation of a custom authority can pass at all.
 */
export function instanceDiscovery(ctx: Context, req: EmuRequest): EmuResponse {
  const own = new URL(ctx.urls.login)
  const metadata = [
    { preferred_network: own.host, preferred_cache: own.host, aliases: [own.host] },
    ...(ctx.publicLogin ? PUBLIC_INSTANCE_METADATA : [])
  ]
  const authorize = req.query.get('authorization_endpoint')
  if (!authorize) {
    return json(200, {
      tenant_discovery_endpoint: `${ctx.urls.login}/common/v2.0/.well-known/openid-configuration`,
      'api-version': '1.1',
      metadata
    })
  }
  let asked: URL | undefined
  try {
    asked = new URL(authorize)
  } catch {
    // a malformed authorization_endpoint is an unknown instance, as for Entra
  }
  const host = asked?.hostname.toLowerCase()
  const isOwn = host === own.hostname.toLowerCase()
  if (!asked || !(isOwn || (ctx.publicLogin && host === PUBLIC_LOGIN_HOST)))
    return entraError(req, ctx.urls.login, 400, 'invalid_instance', 50049, 'Unknown or invalid instance.')
  const segments = asked.pathname.split('/').filter(Boolean)
  const tenant = segments[0] ?? 'common'
  // The tenant's configuration on the host asked about: v2.0 for a v2.0 authorize path, as Entra answers.
  const base = isOwn ? ctx.urls.login : `https://${PUBLIC_LOGIN_HOST}`
  const v2 = isOwn || segments.includes('v2.0') ? '/v2.0' : ''
  return json(200, {
    tenant_discovery_endpoint: `${base}/${tenant}${v2}/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata
  })
}

export const signingKeys = (ctx: Context): EmuResponse => json(200, jwks(ctx.keys.entra))
