import { Inputs } from '../constants.js'
import { quoteRequestIds, requestIdsOf } from '../errors.js'
import type { ProbeAnswer } from '../azure/dataplane.js'

/**
 * What one answer of the inference endpoint means for the wait, on its own. `proof` and `indirect` are weighed
 * against the other answers of the wait by the evidence rules (evidence.ts): only `proof` ends a wait by itself.
 */
export type Verdict =
  /** A 2xx on a route that needs the data action: access works. */
  | { readonly kind: 'proof'; readonly seen: string; readonly answer: string }
  /** A 404/400 about the deployment, the model or the request: past the role check only if the gateway checks it first. */
  | { readonly kind: 'indirect'; readonly seen: string; readonly answer: string }
  /** PermissionDenied: no role yet, and this route checks the role. */
  | { readonly kind: 'not-yet'; readonly seen: string; readonly answer: string }
  | { readonly kind: 'retry'; readonly seen: string; readonly afterMs?: number }
  | { readonly kind: 'fatal'; readonly message: string; readonly unlessNewToken?: boolean }

function errorOf(body: unknown): { code: string; message: string } {
  const record =
    typeof body === 'object' && body !== null ? (body as { error?: unknown; message?: unknown }) : {}
  const error = record.error as { code?: unknown; message?: unknown } | undefined
  // The gateway in front of the service answers some 401s without the `error` wrapper:
  // {"statusCode":401,"message":"Unauthorized. Access token is missing, invalid, audience is incorrect ..."}
  const text = typeof body === 'string' ? body : typeof record.message === 'string' ? record.message : ''
  return {
    code: typeof error?.code === 'string' ? error.code : String(error?.code ?? ''),
    message: typeof error?.message === 'string' ? error.message : text
  }
}

/** Milliseconds a 429 asks to wait: retry-after-ms first, then Retry-After in seconds or as an HTTP date. */
export function retryAfterMs(headers: Record<string, string>, now: number = Date.now()): number | undefined {
  const ms = Number(headers['retry-after-ms'] ?? headers['x-ms-retry-after-ms'])
  if (Number.isFinite(ms) && ms >= 0) return ms
  const value = headers['retry-after']
  if (value === undefined) return undefined
  const seconds = Number(value)
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

export interface ProbeTarget {
  readonly inferenceScope: string
  readonly probeModel?: string
  /** What to do when the endpoint refuses the token's audience; default: set inference-scope. */
  readonly audienceFix?: string
}

/** Pure: classifies an answer. Only what waiting can fix is retried; the rest fails fast with the fix. */
export function classify(answer: ProbeAnswer, target: ProbeTarget): Verdict {
  const verdict = classifyAnswer(answer, target)
  // A failure waiting cannot fix quotes the request IDs of the answer, for a support case.
  return verdict.kind === 'fatal'
    ? { ...verdict, message: verdict.message + quoteRequestIds(requestIdsOf(answer.headers)) }
    : verdict
}

function classifyAnswer(answer: ProbeAnswer, target: ProbeTarget): Verdict {
  const { status } = answer
  const { code, message } = errorOf(answer.body)
  // `short` names the answer in the evidence (status and code); `seen` quotes it in full for errors.
  const short = `${status}${code === '' ? '' : ` ${code}`}`
  const seen = `${short}${message === '' ? '' : `: ${message}`}`
  if (status >= 200 && status < 300) return { kind: 'proof', seen: short, answer: short }
  if (answer.noSuchDeployment === true && status === 404 && code === 'DeploymentNotFound')
    return { kind: 'indirect', seen, answer: short }
  // Azure OpenAI answers 401; some Cognitive Services answer the same "no role yet" with 403.
  if (
    (status === 401 || status === 403) &&
    (code === 'PermissionDenied' || /does not have access|lacks the required data action/i.test(message))
  ) {
    return { kind: 'not-yet', seen, answer: short }
  }
  if (status === 401 && /audience is incorrect/i.test(message)) {
    // The service says the same for an expired token: only a new token rejected again proves a wrong audience.
    return {
      kind: 'fatal',
      unlessNewToken: true,
      message: `The inference endpoint rejected the token's audience (${seen}). The token was requested for '${target.inferenceScope}'; ${target.audienceFix ?? `set ${Inputs.InferenceScope} to the scope of this cloud's Cognitive Services (e.g. https://cognitiveservices.azure.com/.default) or remove it.`}`
    }
  }
  if (/custom subdomain/i.test(message)) {
    return {
      kind: 'fatal',
      message: `The account has no custom subdomain, and Microsoft Entra ID authentication needs one (${seen}). Give the account a custom subdomain (az cognitiveservices account update --custom-domain <name>); it cannot be removed later.`
    }
  }
  if (status === 403) {
    return {
      kind: 'fatal',
      message: `The inference endpoint refused the runner's network (${seen}). Public network access is disabled or firewall rules exclude this runner: run the job on a runner inside the account's virtual network, or allow the runner's address.`
    }
  }
  if ((status === 404 && code === 'DeploymentNotFound') || (status === 400 && code === 'unknown_model')) {
    return {
      kind: 'fatal',
      message: `The model deployment '${target.probeModel ?? ''}' does not exist on this account (${seen}). Check ${Inputs.ProbeModel}: it is the deployment's name, not the model's.`
    }
  }
  if (status === 429) return { kind: 'retry', seen, afterMs: retryAfterMs(answer.headers) }
  if (status >= 500 || status === 408 || status === 401) return { kind: 'retry', seen }
  // The deployment refused the probe's body: past the role check only on a gateway that checks the role first.
  if (status === 400) return { kind: 'indirect', seen, answer: short }
  return { kind: 'fatal', message: `The inference endpoint answered ${seen}, which waiting cannot fix.` }
}
