import * as core from '@actions/core'
import { ActionError, messageOf, networkHint } from '../errors.js'
import { Env, Inputs, REQUEST_TIMEOUT_MS } from '../constants.js'
import { retry } from '../util/backoff.js'
import { claimText, decodeClaims } from './jwt.js'

export const OIDC_REQUEST_URL = Env.OidcRequestUrl
export const OIDC_REQUEST_TOKEN = Env.OidcRequestToken
/**
 * MSAL asks for the assertion twice for one token request (once to build the request, once to send it), and the
 * action signs in for up to three scopes at once. Those get the same ID token when they come this close together,
 * so every Entra request still gets one minted moments before, never one near its expiry.
 */
const SAME_REQUEST_MS = 5_000

export function hasOidcEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[OIDC_REQUEST_URL] ?? '') !== '' && (env[OIDC_REQUEST_TOKEN] ?? '') !== ''
}

export const MISSING_OIDC_MESSAGE =
  `GitHub gave this job no OIDC token: ${OIDC_REQUEST_URL} and ${OIDC_REQUEST_TOKEN} are not set. ` +
  'Add "permissions: id-token: write" to the workflow or to this job (a job with its own permissions block needs it ' +
  'there, with "contents: read" if it checks out code). GitHub withholds the token from pull_request runs from forks ' +
  `and from Dependabot; run those with ${Inputs.AuthType}: azure-cli after azure/login, or in a workflow that is allowed OIDC.`

/** Fails before any request when the runner cannot mint GitHub ID tokens. */
export function requireOidcEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (!hasOidcEnvironment(env)) throw new ActionError(MISSING_OIDC_MESSAGE)
}

export interface AssertionClaims {
  readonly iss?: string
  readonly sub?: string
  readonly aud?: string
}

/** Mints GitHub ID tokens for Entra token requests, and remembers the claims of the last one for error messages. */
export class GitHubAssertion {
  private last: AssertionClaims | undefined
  private recent: { token: string; mintedAt: number; expiresAt: number } | undefined
  private pending: Promise<string> | undefined
  readonly audience: string

  constructor(audience: string) {
    this.audience = audience
  }

  /** A GitHub ID token for this Entra request: minted now, or moments ago for the same request. */
  async mint(): Promise<string> {
    const now = Date.now()
    const recent = this.recent
    if (recent !== undefined && now - recent.mintedAt < SAME_REQUEST_MS && recent.expiresAt - now > 30_000) {
      return recent.token
    }
    this.pending ??= this.request().finally(() => (this.pending = undefined))
    return this.pending
  }

  lastClaims(): AssertionClaims | undefined {
    return this.last
  }

  private async request(): Promise<string> {
    const mintedAt = Date.now()
    const token = await retry({
      initialMs: 1_000,
      maxMs: 8_000,
      jitter: 0.3,
      deadlineMs: 30_000,
      retryable: isTransient,
      work: () => withTimeout(core.getIDToken(this.audience), REQUEST_TIMEOUT_MS)
    }).catch((error: unknown) => {
      throw new ActionError(
        `Requesting a GitHub OIDC ID token for audience '${this.audience}' failed: ${oneLine(messageOf(error))}.${networkHint(error)} ` +
          'Check that the job has "permissions: id-token: write"; if GitHub is having an outage, rerun the job later.',
        { cause: error }
      )
    })
    core.setSecret(token)
    const claims = decodeClaims(token)
    this.last = {
      iss: claimText(claims, 'iss'),
      sub: claimText(claims, 'sub'),
      aud: claimText(claims, 'aud')
    }
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : mintedAt
    this.recent = { token, mintedAt, expiresAt }
    return token
  }
}

/** @actions/core reports the status only in its message: retry throttling, server errors and network failures. */
function isTransient(error: unknown): boolean {
  const message = messageOf(error)
  // A host name that does not resolve will not resolve on a retry either.
  if (message.includes('ENOTFOUND')) return false
  const status = /Error Code : (\d+)/.exec(message)?.[1]
  if (status === undefined) return true
  const code = Number(status)
  return code === 408 || code === 429 || code >= 500
}

const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}
