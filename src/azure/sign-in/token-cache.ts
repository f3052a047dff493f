import type { AccessToken, GetTokenOptions, TokenCredential } from '@azure/core-auth'

/**
 * Shares one access token per scope between every client of the run, and one request per scope at a time. With
 * OIDC every Entra request costs a fresh GitHub ID token too, so this halves the requests of a typical run.
 * A token is renewed half its lifetime (at most two minutes) before it expires.
 */
export class TokenCache implements TokenCredential {
  private readonly inner: TokenCredential
  private readonly now: () => number
  private readonly tokens = new Map<string, { token: AccessToken; renewAt: number }>()
  private readonly pending = new Map<string, Promise<AccessToken | null>>()

  constructor(inner: TokenCredential, now: () => number = Date.now) {
    this.inner = inner
    this.now = now
  }

  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken | null> {
    const key = ([] as string[]).concat(scopes).join(' ')
    const cached = this.tokens.get(key)
    if (cached !== undefined && this.now() < cached.renewAt) return cached.token
    const inFlight = this.pending.get(key)
    if (inFlight !== undefined) return inFlight
    const request = this.fetch(key, scopes, options).finally(() => this.pending.delete(key))
    this.pending.set(key, request)
    return request
  }

  /** Drops the token of a scope, so the next request gets a new one. */
  forget(scopes: string | string[]): void {
    this.tokens.delete(([] as string[]).concat(scopes).join(' '))
  }

  private async fetch(
    key: string,
    scopes: string | string[],
    options?: GetTokenOptions
  ): Promise<AccessToken | null> {
    const obtainedAt = this.now()
    const token = await this.inner.getToken(scopes, options)
    if (token !== null) {
      const margin = Math.min(120_000, Math.max(0, token.expiresOnTimestamp - obtainedAt) / 2)
      this.tokens.set(key, { token, renewAt: token.expiresOnTimestamp - margin })
    }
    return token
  }
}
