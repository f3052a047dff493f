// Bearer-token checks at ARM's front door, with ARM's error codes and the WWW-Authenticate challenge
// that tells clients where to get a better token.
import type { Context } from '../../context.js'
import { armError, bearerToken, type EmuRequest, type EmuResponse } from '../../http.js'
import type { Claims } from '../../jwt.js'
import { checkAccessToken } from '../../tokens.js'

export function armAudiences(ctx: Context): string[] {
  return [`${ctx.urls.arm}/`]
}

export interface Caller {
  oid: string
  /** How ARM names the caller in AuthorizationFailed: the app ID for apps, the UPN for users. */
  client: string
  claims: Claims
}

export function authenticate(ctx: Context, req: EmuRequest): Caller | EmuResponse {
  const utc = (s: number): string =>
    new Date(s * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, '')
  const challenge = (description: string): Record<string, string> => ({
    'www-authenticate': `Bearer authorization_uri="${ctx.urls.login}/${ctx.world.tenantId}", error="invalid_token", error_description="${description}"`
  })
  const token = bearerToken(req)
  const check = checkAccessToken(ctx, token, armAudiences(ctx))
  if (!check.ok) {
    switch (check.reason) {
      case 'missing':
        return armError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing.",
          challenge("The authentication failed because of missing 'Authorization' header.")
        )
      case 'invalid':
        return armError(
          401,
          'InvalidAuthenticationToken',
          'The access token is invalid.',
          challenge('The access token is invalid.')
        )
      case 'expired':
        return armError(
          401,
          'ExpiredAuthenticationToken',
          `The access token expiry UTC time '${utc(Number(check.claims?.exp))}' is earlier than current UTC time '${utc(Date.now() / 1000)}'.`,
          challenge('The access token expiry UTC time is earlier than current UTC time.')
        )
      case 'audience': {
        const allowed = armAudiences(ctx)
          .flatMap((a) => [`'${a}'`, `'${a.replace(/\/$/, '')}'`])
          .join(',')
        return armError(
          401,
          'InvalidAuthenticationTokenAudience',
          `The access token has been obtained for wrong audience or resource '${String(check.claims?.aud)}'. It should exactly match with one of the allowed audiences ${allowed}.`,
          challenge('The access token has been obtained from wrong audience or resource.')
        )
      }
    }
  }
  const claims = check.claims
  if (String(claims.tid ?? '').toLowerCase() !== ctx.world.tenantId.toLowerCase()) {
    return armError(
      401,
      'InvalidAuthenticationTokenTenant',
      `The access token is from the wrong issuer '${String(claims.iss)}'. It must match the tenant 'https://sts.windows.net/${ctx.world.tenantId}/' associated with this subscription. Please use the authority (URL) '${ctx.urls.login}/${ctx.world.tenantId}' to get the token.`,
      challenge('The access token is from the wrong issuer.')
    )
  }
  const oid = String(claims.oid ?? '')
  const client = String(claims.upn ?? claims.appid ?? claims.azp ?? oid)
  return { oid, client, claims }
}

export const isCaller = (x: Caller | EmuResponse): x is Caller => 'oid' in x

/**
 * ARM's 403. For role-assignment writes and deletes, which ABAC conditions may limit, its text names both causes and
 * tells neither apart.
 */
export function authorizationFailed(caller: Caller, action: string, scope: string): EmuResponse {
  const why = /\/roleAssignments\/(write|delete)$/i.test(action)
    ? 'does not have authorization or an ABAC condition not fulfilled'
    : 'does not have authorization'
  return armError(
    403,
    'AuthorizationFailed',
    `The client '${caller.client}' with object id '${caller.oid}' ${why} to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`
  )
}
