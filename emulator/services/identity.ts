// The managed-identity token endpoints a runner on Azure asks, on loopback: the instance metadata service (IMDS,
// `GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=...` with `Metadata: true`; @azure/identity
// reaches it through AZURE_POD_IDENTITY_AUTHORITY_HOST) and App Service's identity endpoint (`GET /msi/token`
// with `X-IDENTITY-HEADER`, through IDENTITY_ENDPOINT and IDENTITY_HEADER). They answer for the identities of
// `world.runner`: the VM's system-assigned one without `client_id`, a user-assigned one by client ID, object ID or
// resource ID; anything else is IMDS's `400 Identity not found`. Tokens carry the identity's `oid` and `appid`.
import type { Context } from '../context.js'
import { json, type EmuRequest, type EmuResponse } from '../http.js'
import { issueAccessToken } from '../tokens.js'
import { identityId } from '../world/identities.js'
import type { ServicePrincipal } from '../world/types.js'
import { knownResources } from './login/token.js'

/** The secret App Service puts in IDENTITY_HEADER; a request without it is refused. */
export const APP_SERVICE_IDENTITY_HEADER = 'emulated-identity-header-secret'

const imdsError = (status: number, error: string, description: string): EmuResponse =>
  json(status, { error, error_description: description })

function identityFor(ctx: Context, q: URLSearchParams): ServicePrincipal | undefined {
  const world = ctx.world
  const byClient = q.get('client_id')
  const byObject = q.get('object_id') ?? q.get('principal_id')
  const byResource = q.get('msi_res_id') ?? q.get('mi_res_id')
  const attached = world.userAssignedIdentities.filter((i) =>
    world.runner.userAssigned.some((c) => c.toLowerCase() === i.clientId.toLowerCase())
  )
  const pick = attached.find(
    (i) =>
      (byClient !== null && i.clientId.toLowerCase() === byClient.toLowerCase()) ||
      (byObject !== null && i.principalId.toLowerCase() === byObject.toLowerCase()) ||
      (byResource !== null && identityId(i).toLowerCase() === byResource.toLowerCase())
  )
  const asked = byClient !== null || byObject !== null || byResource !== null
  // IMDS without an ID: the system-assigned identity, else the only user-assigned one.
  const objectId = asked
    ? pick?.principalId
    : (world.runner.systemAssigned ?? (attached.length === 1 ? attached[0]?.principalId : undefined))
  return objectId === undefined
    ? undefined
    : world.servicePrincipals.find((s) => s.id.toLowerCase() === objectId.toLowerCase())
}

function tokenAnswer(ctx: Context, req: EmuRequest, numericExpiry: boolean): EmuResponse {
  const resource = req.query.get('resource') ?? ''
  const trim = (s: string): string => s.replace(/\/+$/, '').toLowerCase()
  if (resource === '')
    return imdsError(400, 'invalid_request', "Required query variable 'resource' is missing")
  if (!knownResources(ctx).some((r) => trim(r) === trim(resource)))
    return imdsError(
      400,
      'invalid_resource',
      `AADSTS500011: The resource principal named ${resource} was not found in the tenant.`
    )
  const sp = identityFor(ctx, req.query)
  if (!sp) return imdsError(400, 'invalid_request', 'Identity not found')
  const lifetime = ctx.options.entraTokenLifetimeSeconds
  const now = Math.floor(Date.now() / 1000)
  const token = issueAccessToken(ctx, { oid: sp.id, aud: resource, appid: sp.appId, idtyp: 'app' })
  const expiresOn = numericExpiry ? now + lifetime : String(now + lifetime)
  return json(200, {
    access_token: token,
    client_id: sp.appId,
    expires_in: String(lifetime),
    expires_on: expiresOn,
    ext_expires_in: String(lifetime),
    not_before: String(now),
    resource,
    token_type: 'Bearer'
  })
}

export function identityHandler(ctx: Context) {
  return (req: EmuRequest): EmuResponse => {
    if (req.method === 'GET' && /^\/metadata\/identity\/oauth2\/token\/?$/.test(req.path)) {
      if ((req.headers['metadata'] ?? '').toLowerCase() !== 'true')
        return imdsError(400, 'invalid_request', 'Required metadata header not specified')
      if (req.query.get('api-version') === null)
        return imdsError(400, 'invalid_request', "Required query variable 'api-version' is missing")
      return tokenAnswer(ctx, req, false)
    }
    if (req.method === 'GET' && /^\/msi\/token\/?$/.test(req.path)) {
      if (req.headers['x-identity-header'] !== APP_SERVICE_IDENTITY_HEADER)
        return json(401, {
          statusCode: 401,
          message: 'Unauthorized: the X-IDENTITY-HEADER is missing or wrong.'
        })
      return tokenAnswer(ctx, req, true)
    }
    return json(404, { error: 'not_found', error_description: `No route for ${req.method} ${req.path}` })
  }
}
