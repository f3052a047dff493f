// Issuing and checking the emulator's tokens. Every token issued is recorded in ctx.issuedTokens, so
// tests can scan the action's logs and outputs for any of them.
import { randomUUID } from 'node:crypto'
import type { Context } from './context.js'
import { nowSeconds, signJwt, verifyJwt, type Claims } from './jwt.js'
import { GITHUB_ISSUER } from './world/default-world.js'

export function issueGithubIdToken(ctx: Context, audience: string): string {
  const now = nowSeconds()
  const claims: Claims = {
    jti: randomUUID(),
    ...ctx.world.github.claims,
    aud: audience,
    iss: GITHUB_ISSUER,
    nbf: now - 5,
    iat: now,
    exp: now + ctx.options.githubTokenLifetimeSeconds
  }
  const token = signJwt(ctx.keys.github, claims)
  ctx.issuedTokens.push({ kind: 'github-id-token', token, claims, issuedAt: Date.now() })
  return token
}

export interface AccessTokenRequest {
  oid: string
  aud: string
  appid?: string
  tid?: string
  idtyp?: 'app' | 'user'
  roles?: string[]
  upn?: string
  lifetimeSeconds?: number
  /** Any further claims. */
  extra?: Claims
}

export function issueAccessToken(ctx: Context, req: AccessTokenRequest, minted = false): string {
  const now = nowSeconds()
  const tid = req.tid ?? ctx.world.tenantId
  const claims: Claims = {
    aud: req.aud,
    iss: `https://sts.windows.net/${tid}/`,
    iat: now,
    nbf: now,
    exp: now + (req.lifetimeSeconds ?? ctx.options.entraTokenLifetimeSeconds),
    aio: randomUUID(),
    ...(req.appid ? { appid: req.appid, appidacr: '2' } : {}),
    idp: `https://sts.windows.net/${tid}/`,
    idtyp: req.idtyp ?? 'app',
    oid: req.oid,
    ...(req.roles && req.roles.length > 0 ? { roles: req.roles } : {}),
    sub: req.oid,
    tid,
    ...(req.upn ? { upn: req.upn, unique_name: req.upn } : {}),
    uti: randomUUID().replace(/-/g, '').slice(0, 22),
    ver: '1.0',
    ...req.extra
  }
  const token = signJwt(ctx.keys.entra, claims)
  ctx.issuedTokens.push({
    kind: 'entra-access-token',
    token,
    claims,
    issuedAt: Date.now(),
    ...(minted ? { minted } : {})
  })
  return token
}

export type TokenCheck =
  | { ok: true; claims: Claims }
  | { ok: false; reason: 'missing' | 'invalid' | 'expired' | 'audience'; claims?: Claims }

const trimSlash = (s: string): string => s.replace(/\/+$/, '').toLowerCase()

/** Checks an access token for one resource; `audiences` are compared without trailing slashes. */
export function checkAccessToken(ctx: Context, token: string | undefined, audiences: string[]): TokenCheck {
  if (!token) return { ok: false, reason: 'missing' }
  const claims = verifyJwt(ctx.keys.entra, token)
  if (!claims) return { ok: false, reason: 'invalid' }
  if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds())
    return { ok: false, reason: 'expired', claims }
  const aud = typeof claims.aud === 'string' ? trimSlash(claims.aud) : ''
  if (!audiences.some((a) => trimSlash(a) === aud)) return { ok: false, reason: 'audience', claims }
  return { ok: true, claims }
}
