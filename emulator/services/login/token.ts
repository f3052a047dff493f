// POST /{tenant}/oauth2/v2.0/token for the client-credentials grant with a federated client assertion
// (the GitHub ID token, or a Kubernetes service account token for workload identity), checked the way Entra does: known tenant and app, well-formed scope, an
// assertion matching one of the app's federated credentials, a valid signature and time range.
import type { Context } from '../../context.js'
import { json, type EmuRequest, type EmuResponse } from '../../http.js'
import { decodeJwt, nowSeconds, verifyJwt, type Claims } from '../../jwt.js'
import { issueAccessToken } from '../../tokens.js'
import { findServicePrincipalByAppId } from '../../world/directory.js'
import type { FederatedCredential, ServicePrincipal } from '../../world/types.js'
import { knownTenant } from './discovery.js'
import { entraError, unknownTenant } from './errors.js'

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
const FIC_DOCS = 'https://learn.microsoft.com/entra/workload-id/workload-identity-federation'

const iso = (seconds: unknown): string =>
  typeof seconds === 'number' ? new Date(seconds * 1000).toISOString().replace('Z', '0000Z') : 'unknown'

/** The resources this tenant can issue tokens for (a token for anything else is AADSTS500011). */
export function knownResources(ctx: Context): string[] {
  return [
    ctx.urls.arm,
    ctx.urls.graph,
    'https://graph.microsoft.com',
    'https://management.azure.com',
    'https://management.core.windows.net',
    'https://cognitiveservices.azure.com',
    'https://ai.azure.com'
  ]
}

const audList = (aud: unknown): string[] =>
  Array.isArray(aud) ? aud.map(String) : typeof aud === 'string' ? [aud] : []

function matchCredential(
  sp: ServicePrincipal,
  claims: Claims
): { match?: FederatedCredential; miss: 'issuer' | 'subject' | 'audience' } {
  const creds = sp.federatedCredentials ?? []
  const auds = audList(claims.aud)
  const byIssuer = creds.filter((c) => c.issuer === claims.iss)
  const bySubject = byIssuer.filter((c) => c.subject === claims.sub)
  const match = bySubject.find((c) => c.audiences.some((a) => auds.includes(a)))
  return { match, miss: byIssuer.length === 0 ? 'issuer' : bySubject.length === 0 ? 'subject' : 'audience' }
}

export function tokenEndpoint(ctx: Context, req: EmuRequest, tenant: string): EmuResponse {
  const login = ctx.urls.login
  if (!knownTenant(ctx, tenant)) return unknownTenant(req, login, tenant)
  const form = new URLSearchParams(req.body)
  const grantType = form.get('grant_type')
  if (grantType !== 'client_credentials') {
    return entraError(
      req,
      login,
      400,
      'unsupported_grant_type',
      70003,
      'The app requested an unsupported grant type.'
    )
  }
  const clientId = form.get('client_id') ?? ''
  const sp = findServicePrincipalByAppId(ctx.world, clientId)
  if (!sp) {
    return entraError(
      req,
      login,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${ctx.world.tenantDomain}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`
    )
  }
  const scope = (form.get('scope') ?? '').trim()
  const scopes = scope.split(/\s+/).filter((s) => s.endsWith('/.default'))
  if (scopes.length !== 1) {
    return entraError(
      req,
      login,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`
    )
  }
  const resource = (scopes[0] ?? '').slice(0, -'/.default'.length)
  const trim = (s: string): string => s.replace(/\/+$/, '').toLowerCase()
  if (!knownResources(ctx).some((r) => trim(r) === trim(resource))) {
    return entraError(
      req,
      login,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${ctx.world.tenantDomain}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`
    )
  }
  const assertion = form.get('client_assertion')
  if (!assertion || form.get('client_assertion_type') !== JWT_BEARER) {
    return entraError(
      req,
      login,
      401,
      'invalid_client',
      7000216,
      "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type."
    )
  }
  const decoded = decodeJwt(assertion)
  if (!decoded)
    return entraError(req, login, 400, 'invalid_request', 50027, 'JWT token is invalid or malformed.')
  const claims = decoded.claims
  const { match, miss } = matchCredential(sp, claims)
  if (!match) {
    const aud = audList(claims.aud).join(',')
    if (ctx.options.federationErrors === 'specific') {
      const [code, what, value] =
        miss === 'issuer'
          ? [700211, 'issuer', String(claims.iss)]
          : miss === 'subject'
            ? [700213, 'subject', String(claims.sub)]
            : [700212, 'audience', aud]
      return entraError(
        req,
        login,
        401,
        'invalid_client',
        code,
        `No matching federated identity record found for presented assertion ${what} '${value}'. Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${FIC_DOCS}`
      )
    }
    return entraError(
      req,
      login,
      400,
      'invalid_request',
      70021,
      `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(claims.iss)}'. Assertion Subject: '${String(claims.sub)}'. Assertion Audience: '${aud}'. ${FIC_DOCS}`
    )
  }
  // A service account token of the AKS cluster (workload identity) is signed by the cluster's issuer.
  const issuerKey = claims.iss === ctx.world.runner.kubernetesIssuer ? ctx.keys.kubernetes : ctx.keys.github
  if (!verifyJwt(issuerKey, assertion)) {
    return entraError(
      req,
      login,
      401,
      'invalid_client',
      50013,
      `Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${String(decoded.header.kid)}', Found key 'Start=01/01/2024 00:00:00, End=01/01/2099 00:00:00']`
    )
  }
  const now = nowSeconds()
  const nbf = typeof claims.nbf === 'number' ? claims.nbf : typeof claims.iat === 'number' ? claims.iat : 0
  if (typeof claims.exp !== 'number' || now >= claims.exp || now < nbf) {
    return entraError(
      req,
      login,
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${iso(now)}, assertion valid from ${iso(nbf)}, expiry time of assertion ${iso(claims.exp)}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`
    )
  }
  const isGraph = [ctx.urls.graph, 'https://graph.microsoft.com'].some((g) => trim(g) === trim(resource))
  const accessToken = issueAccessToken(ctx, {
    oid: sp.id,
    aud: resource,
    appid: sp.appId,
    idtyp: 'app',
    roles: isGraph ? sp.graphAppRoles : undefined
  })
  const lifetime = ctx.options.entraTokenLifetimeSeconds
  return json(
    200,
    { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: accessToken },
    { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' }
  )
}
