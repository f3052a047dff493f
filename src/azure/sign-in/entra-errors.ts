import type { PipelinePolicy } from '@azure/core-rest-pipeline'
import { ActionError, firstLine, messageOf, networkHint } from '../../errors.js'
import { retryAfterMs } from '../http/pipeline.js'
import { Inputs } from '../../constants.js'
import type { AssertionClaims } from './github-oidc.js'

const FEDERATION_CODES = ['AADSTS70021', 'AADSTS700211', 'AADSTS700212', 'AADSTS700213', 'AADSTS7002138']

function federationHelp(
  code: string,
  claims: AssertionClaims | undefined,
  clientId: string,
  ids: string
): string {
  const iss = claims?.iss ?? '(unknown)'
  const sub = claims?.sub ?? '(unknown)'
  const aud = claims?.aud ?? '(unknown)'
  return (
    `Microsoft Entra ID rejected the GitHub OIDC token (${code}): no federated credential on the app or managed ` +
    `identity with client ID ${clientId} matches it. The token has issuer '${iss}', subject '${sub}' and ` +
    `audience '${aud}'. Add a federated credential with exactly issuer '${iss}', subject '${sub}' and audience ` +
    `'${aud}' (az ad app federated-credential create --id ${clientId} --parameters ` +
    `'{"name":"github","issuer":"${iss}","subject":"${sub}","audiences":["${aud}"]}'; for a user-assigned managed ` +
    `identity: az identity federated-credential create --name github --identity-name <identity> --resource-group ` +
    `<group> --issuer '${iss}' --subject '${sub}' --audiences '${aud}'), ` +
    'or change the workflow so its subject matches an existing credential (the subject changes with the branch, tag, ' +
    `environment or pull request the job runs for). ${subjectFormatHelp(claims)}` +
    (claims?.job_workflow_ref === undefined
      ? ''
      : ` The token's job_workflow_ref is '${claims.job_workflow_ref}' (the workflow file that ran this job; a reusable workflow's own file, while the subject names the calling repository).`) +
    flexibleCredentialHint(claims, clientId) +
    ids
  )
}

/**
 * A job of a reusable workflow (job_workflow_ref names another file than workflow_ref, the caller's): rather than
 * one credential per calling repository and branch (an identity holds at most 20), one flexible federated credential
 * can trust that workflow for every caller of the owner. The expression keeps the subject's context (branch, tag,
 * environment) and the owner, and lets any of the owner's repositories call. Empty for any other job.
 */
export function flexibleCredentialHint(claims: AssertionClaims | undefined, clientId: string): string {
  const called = claims?.job_workflow_ref
  if (called === undefined || claims?.workflow_ref === undefined || claims.workflow_ref === called) return ''
  const callers = ownerWildcard(claims.sub ?? '')
  if (callers === undefined) return ''
  const expression = `claims['job_workflow_ref'] matches '${called}' and claims['sub'] matches '${callers}'`
  return (
    ` This job ran a reusable workflow: instead of one federated credential per calling repository and branch ` +
    `(an identity holds at most 20), one flexible federated credential can trust this workflow for all callers, ` +
    `with no subject and "claimsMatchingExpression": {"value": "${expression}", "languageVersion": 1} ` +
    `(Microsoft Graph: POST https://graph.microsoft.com/beta/applications(appId='${clientId}')/federatedIdentityCredentials ` +
    'with the issuer and audience above; see docs/reusable-workflows.md of the action).'
  )
}

/** The subject with any repository of its owner: `repo:OWNER/*:<context>`, in the subject's own format. */
function ownerWildcard(sub: string): string | undefined {
  const immutable = IMMUTABLE.exec(sub)
  if (immutable !== null) return `repo:${immutable[1]}@${immutable[2]}/*${immutable[5]}`
  const classic = CLASSIC.exec(sub)
  return classic === null ? undefined : `repo:${classic[1]}/*${classic[3]}`
}

const IMMUTABLE = /^repo:([^/:@]+)@(\d+)\/([^/:@]+)@(\d+)(:.*)$/
const CLASSIC = /^repo:([^/:@]+)\/([^/:@]+)(:.*)$/

/**
 * GitHub has two default subject formats: the classic `repo:OWNER/REPO:...`, and the immutable one with the owner's
 * and the repository's numeric IDs, `repo:OWNER@ID/REPO@ID:...`, which repositories created, renamed or transferred
 * since 15 July 2026 get (and older ones whose owner opted in). A credential written for one never matches the other.
 */
export function subjectFormatHelp(claims: AssertionClaims | undefined): string {
  const sub = claims?.sub ?? ''
  const immutable = IMMUTABLE.exec(sub)
  if (immutable !== null) {
    const [, owner, , repo, , rest] = immutable
    return (
      `This subject is in GitHub's immutable format (repo:OWNER@ID/REPO@ID:..., with the numeric IDs of the owner ` +
      `and the repository); a credential in the classic format, 'repo:${owner}/${repo}${rest}', does not match it.`
    )
  }
  const classic = CLASSIC.exec(sub)
  if (classic === null) return ''
  const [, owner, repo, rest] = classic
  const ownerId = claims?.repository_owner_id
  const repoId = claims?.repository_id
  const alternative =
    ownerId !== undefined && repoId !== undefined
      ? `'repo:${owner}@${ownerId}/${repo}@${repoId}${rest}'`
      : 'repo:OWNER@ID/REPO@ID:...'
  return (
    `This subject is in GitHub's classic format (repo:OWNER/REPO:...); a credential in the immutable format, ${alternative}, ` +
    'does not match it (GitHub sends that one for repositories created, renamed or transferred since 15 July 2026, and ' +
    'for those whose owner opted in).'
  )
}

const KNOWN: Record<string, string> = {
  AADSTS700016: `the client ID is not an application in this tenant. Check ${Inputs.ClientId} and ${Inputs.TenantId} (the app registration's "Application (client) ID" and "Directory (tenant) ID").`,
  AADSTS90002: `the tenant does not exist. Check ${Inputs.TenantId}.`,
  AADSTS700024:
    'the GitHub OIDC token had expired when Entra ID received it. Check the runner clock; the action mints a fresh token for every request.',
  AADSTS7000215: `Entra ID reports a wrong client secret, but this action sends none: check ${Inputs.ClientId}, and report this with the log.`,
  AADSTS50020: `the identity is not in this tenant. Check ${Inputs.TenantId}.`
}

/**
 * Entra ID's own request IDs, as its error descriptions carry them ("Trace ID: ... Correlation ID: ..."): what a
 * support case about a failed sign-in needs. Quoted after every sign-in error that has them.
 */
export function entraRequestIds(message: string): string {
  const trace = /Trace ID: ([0-9a-f-]{36})/i.exec(message)?.[1]
  const correlation = /Correlation ID: ([0-9a-f-]{36})/i.exec(message)?.[1]
  const ids = [
    trace === undefined ? '' : `Trace ID: ${trace}`,
    correlation === undefined ? '' : `Correlation ID: ${correlation}`
  ].filter((id) => id !== '')
  return ids.length === 0 ? '' : ` [Microsoft Entra ID ${ids.join(', ')}]`
}

/** The last answer from Entra ID that was not a success: what MSAL's `network_error` hides. */
export type EntraAnswer =
  | {
      readonly kind: 'answer'
      readonly status: number
      readonly code?: string
      readonly retryAfterSeconds?: number
      readonly description?: string
    }
  | { readonly kind: 'error'; readonly message: string }

/** Pure: what a failed answer of the token endpoint says (OAuth's `error`, `error_description`, Retry-After). */
export function entraAnswerOf(
  status: number,
  headers: { get(name: string): string | undefined },
  body: string | undefined
): EntraAnswer {
  let parsed: { error?: unknown; error_description?: unknown } = {}
  try {
    parsed = JSON.parse(body ?? '') as typeof parsed
  } catch {
    // Not JSON (a gateway's page): the status says it all.
  }
  const wait = retryAfterMs(headers)
  return {
    kind: 'answer',
    status,
    code: typeof parsed.error === 'string' ? parsed.error : undefined,
    retryAfterSeconds: wait === undefined ? undefined : Math.ceil(wait / 1000),
    description:
      typeof parsed.error_description === 'string' ? firstLine(parsed.error_description) : undefined
  }
}

/**
 * Records what Entra ID last answered when it was not a success (placed per call, so after the retries), for the
 * error the sign-in then reports: MSAL turns a throttled or failed token request into `network_error`.
 */
export class EntraAnswers {
  #last: EntraAnswer | undefined

  get last(): EntraAnswer | undefined {
    return this.#last
  }

  readonly policy: PipelinePolicy = {
    name: 'entraAccessEntraAnswers',
    sendRequest: async (request, next) => {
      try {
        const response = await next(request)
        this.#last =
          response.status < 400
            ? undefined
            : entraAnswerOf(response.status, response.headers, response.bodyAsText ?? undefined)
        return response
      } catch (error) {
        this.#last = answerOfError(error)
        throw error
      }
    }
  }
}

/** What a request that threw tells: the answer it carries (retries used up), or why there was none. */
function answerOfError(error: unknown): EntraAnswer {
  if (error instanceof ActionError) return { kind: 'error', message: error.message }
  const response = (
    error as {
      response?: {
        status: number
        headers: { get(name: string): string | undefined }
        bodyAsText?: string | null
      }
    }
  ).response
  if (response !== undefined)
    return entraAnswerOf(response.status, response.headers, response.bodyAsText ?? undefined)
  return {
    kind: 'error',
    message: `no answer from Microsoft Entra ID (${firstLine(error)})${networkHint(error)}`
  }
}

/** Pure: a failed answer as the user reads it: status, code, Retry-After, Entra's own words. */
export function describeEntraAnswer(answer: EntraAnswer): string {
  if (answer.kind === 'error') return answer.message
  const code = answer.code === undefined ? '' : ` ${answer.code}`
  const wait =
    answer.retryAfterSeconds === undefined
      ? ''
      : ` and asked to wait ${answer.retryAfterSeconds} s (Retry-After)`
  const said = answer.description === undefined ? '' : `: ${answer.description}`
  const what =
    answer.status === 429
      ? ' Entra ID is throttling sign-ins of this app (too many token requests); rerun the job later.'
      : answer.status >= 500
        ? ' Entra ID failed on its side and kept failing through the retries; rerun the job later, and check https://status.azure.com.'
        : ''
  return `Microsoft Entra ID answered ${answer.status}${code}${wait}${said}.${what}`
}

/** Turns a sign-in failure into an error that says which setting to fix. */
export function explainSignInError(
  error: unknown,
  clientId: string,
  claims: AssertionClaims | undefined,
  answer?: EntraAnswer
): ActionError {
  const message = messageOf(error)
  const code = /AADSTS\d+/.exec(message)?.[0]
  const ids = entraRequestIds(message)
  if (answer !== undefined && (code === undefined || /network_error/.test(message))) {
    return new ActionError(
      `Signing in to Microsoft Entra ID as client ${clientId} failed: ${describeEntraAnswer(answer)}${ids}`,
      { cause: error }
    )
  }
  if (code !== undefined && FEDERATION_CODES.includes(code)) {
    return new ActionError(federationHelp(code, claims, clientId, ids), { cause: error })
  }
  if (code !== undefined && KNOWN[code] !== undefined) {
    return new ActionError(`Signing in to Microsoft Entra ID failed (${code}): ${KNOWN[code]}${ids}`, {
      cause: error
    })
  }
  return new ActionError(
    `Signing in to Microsoft Entra ID as client ${clientId} failed: ${firstLine(message)}${networkHint(error)}${ids}`,
    {
      cause: error
    }
  )
}
