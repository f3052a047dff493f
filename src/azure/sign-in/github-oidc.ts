import * as core from '@actions/core'
import { ActionError, messageOf, networkHint } from '../../errors.js'
import { Env, Inputs, REQUEST_TIMEOUT_MS } from '../../constants.js'
import { retry } from '../../util/backoff.js'
import { claimText, decodeClaims } from './jwt.js'
import { requestLine } from '../http/request-log.js'

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

export const NO_TOKEN_SERVICE_MESSAGE =
  'no GitHub OIDC token service is available here: @actions/core answered "Not implemented", as it does under ' +
  '@github/local-action, which stubs getIDToken(). The permission is not the problem. Sign in another way ' +
  `(${Inputs.AuthType}: azure-cli after az login, or workload-identity with a token file), or run the action on a ` +
  'GitHub runner.'

/** A stand-in for @actions/core (local-action) that cannot mint ID tokens: no permission would change that. */
const isNotImplemented = (error: unknown): boolean => /^Not implemented\b/i.test(messageOf(error).trim())

/** Fails before any request when the runner cannot mint GitHub ID tokens. */
export function requireOidcEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  if (!hasOidcEnvironment(env)) throw new ActionError(MISSING_OIDC_MESSAGE)
}

export interface AssertionClaims {
  readonly iss?: string
  readonly sub?: string
  readonly aud?: string
  /** The workflow file that ran the job (for a reusable workflow: that file, not the caller), with its ref. */
  readonly job_workflow_ref?: string
  /** The workflow the run started from: for a job of a reusable workflow, the caller's file. */
  readonly workflow_ref?: string
  readonly repository?: string
  readonly repository_id?: string
  readonly repository_owner?: string
  readonly repository_owner_id?: string
}

const CLAIMS_FOR_ERRORS = [
  'iss',
  'sub',
  'aud',
  'job_workflow_ref',
  'workflow_ref',
  'repository',
  'repository_id',
  'repository_owner',
  'repository_owner_id'
] as const

/** Mints GitHub ID tokens for Entra token requests, and remembers the claims of the last one for error messages. */
export class GitHubAssertion {
  private last: AssertionClaims | undefined
  private recent: { token: string; mintedAt: number; expiresAt: number } | undefined
  private pending: Promise<string> | undefined
  private prefetched: Promise<string> | undefined
  readonly audience: string
  private readonly logged: ReturnType<typeof loggedRequest>

  constructor(audience: string) {
    this.audience = audience
    this.logged = loggedRequest(audience)
  }

  /**
   * Asks GitHub for an ID token now, before the first Entra request needs it (while the cloud metadata is read).
   * Every mint() until it has come takes it, or its failure; one no longer fresh by then is asked for again.
   */
  prefetch(): void {
    const ahead = this.mint()
    ahead.catch(() => undefined)
    this.prefetched = ahead
  }

  /** A GitHub ID token for this Entra request: minted now, or moments ago for the same request. */
  async mint(): Promise<string> {
    const prefetched = this.prefetched
    if (prefetched !== undefined) {
      // Every request that comes while it is on its way shares it, and its failure: it was retried already.
      try {
        await prefetched
      } finally {
        if (this.prefetched === prefetched) this.prefetched = undefined
      }
    }
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
    let attempt = 0
    const token = await retry({
      initialMs: 1_000,
      maxMs: 8_000,
      jitter: 0.3,
      deadlineMs: 30_000,
      retryable: isTransient,
      work: () =>
        this.logged(++attempt, () => withTimeout(core.getIDToken(this.audience), REQUEST_TIMEOUT_MS))
    }).catch((error: unknown) => {
      if (isNotImplemented(error))
        throw new ActionError(
          `Requesting a GitHub OIDC ID token for audience '${this.audience}' failed: ${NO_TOKEN_SERVICE_MESSAGE}`,
          { cause: error }
        )
      throw new ActionError(
        `Requesting a GitHub OIDC ID token for audience '${this.audience}' failed: ${oneLine(messageOf(error))}.${networkHint(error)} ` +
          'Check that the job has "permissions: id-token: write"; if GitHub is having an outage, rerun the job later.',
        { cause: error }
      )
    })
    core.setSecret(token)
    const claims = decodeClaims(token)
    this.last = Object.fromEntries(CLAIMS_FOR_ERRORS.map((name) => [name, claimText(claims, name)]))
    const expiresAt = typeof claims.exp === 'number' ? claims.exp * 1000 : mintedAt
    this.recent = { token, mintedAt, expiresAt }
    return token
  }
}

/** One debug line per attempt, like the Azure pipeline's (`request-log.ts`); @actions/core makes the request. */
function loggedRequest(audience: string) {
  return async (attempt: number, work: () => Promise<string>): Promise<string> => {
    const request = { method: 'GET', url: `${process.env[OIDC_REQUEST_URL] ?? ''}&audience=${audience}` }
    const started = Date.now()
    try {
      const token = await work()
      core.debug(requestLine(request, attempt, Date.now() - started, { status: 200 }))
      return token
    } catch (error) {
      core.debug(requestLine(request, attempt, Date.now() - started, { error }))
      throw error
    }
  }
}

/** @actions/core reports the status only in its message: retry throttling, server errors and network failures. */
function isTransient(error: unknown): boolean {
  if (isNotImplemented(error)) return false
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
