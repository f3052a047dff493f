/**
 * An error meant for the person reading the failed job: it says what happened and what to do. Anything else that
 * reaches the top-level handler is reported with the context that was added on its way up.
 */
export class ActionError extends Error {
  override name = 'ActionError'
}

/** An input that cannot be used: names the input, the value and the fix. Raised before any request. */
export class InputError extends ActionError {
  override name = 'InputError'
  readonly input: string

  constructor(input: string, message: string) {
    super(`Input '${input}': ${message}`)
    this.input = input
  }
}

/** What an Azure service said when it refused or failed a request, and the IDs a support engineer asks for. */
export interface RestDetails {
  readonly status?: number
  readonly code?: string
  readonly correlationId?: string
  readonly requestId?: string
}

/**
 * A refusal or failure of an Azure service, explained by the client that made the request. It keeps the status
 * and code (callers still decide on `RoleAssignmentExists` or a 404) and the request IDs, which its message quotes.
 */
export class AzureError extends ActionError {
  override name = 'AzureError'
  readonly statusCode?: number
  readonly code?: string
  readonly correlationId?: string
  readonly requestId?: string

  constructor(message: string, details: RestDetails, options?: ErrorOptions) {
    super(message, options)
    this.statusCode = details.status
    this.code = details.code
    this.correlationId = details.correlationId
    this.requestId = details.requestId
  }
}

/** The message of anything thrown, whether or not it is an Error. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error) ?? String(error)
  } catch {
    return String(error)
  }
}

/** The first line of a message that has text: enough to quote inside another message. */
export function firstLine(error: unknown): string {
  const message = messageOf(error)
  return message.split(/\r?\n/).find((line) => line.trim() !== '') ?? message
}

type HeaderSource = { get?: (name: string) => string | undefined } | Record<string, string> | undefined

function header(headers: HeaderSource, name: string): string | undefined {
  if (headers === undefined || headers === null) return undefined
  if (typeof headers.get === 'function') return (headers.get as (n: string) => string | undefined)(name)
  const value = (headers as Record<string, unknown>)[name]
  return typeof value === 'string' ? value : undefined
}

/** The request IDs of an answer's headers (a plain record or the SDK's HttpHeaders). */
export function requestIdsOf(headers: HeaderSource): Pick<RestDetails, 'correlationId' | 'requestId'> {
  return {
    correlationId: header(headers, 'x-ms-correlation-request-id'),
    requestId: header(headers, 'x-ms-request-id') ?? header(headers, 'request-id')
  }
}

/** Status, service code and request IDs of an Azure SDK RestError, a core-rest-pipeline error or our own. */
export function restDetails(error: unknown): RestDetails {
  if (typeof error !== 'object' || error === null) return {}
  const record = error as {
    statusCode?: unknown
    code?: unknown
    correlationId?: unknown
    requestId?: unknown
    response?: { headers?: HeaderSource }
  }
  const ids = requestIdsOf(record.response?.headers)
  return {
    status: typeof record.statusCode === 'number' ? record.statusCode : undefined,
    code: typeof record.code === 'string' ? record.code : undefined,
    correlationId: typeof record.correlationId === 'string' ? record.correlationId : ids.correlationId,
    requestId: typeof record.requestId === 'string' ? record.requestId : ids.requestId
  }
}

/** ` [x-ms-correlation-request-id: …, x-ms-request-id: …]`, or nothing when the answer carried neither. */
export function quoteRequestIds(details: RestDetails): string {
  const ids = [
    details.correlationId === undefined ? '' : `x-ms-correlation-request-id: ${details.correlationId}`,
    details.requestId === undefined ? '' : `x-ms-request-id: ${details.requestId}`
  ].filter((id) => id !== '')
  return ids.length === 0 ? '' : ` [${ids.join(', ')}]`
}

const NETWORK_CODES = [
  'HOST_NOT_FOUND',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EHOSTUNREACH'
]

/** For a request that got no answer at all: where to look, since no service said anything. */
export function networkHint(error: unknown): string {
  const { code, status } = restDetails(error)
  const text = messageOf(error)
  if (status !== undefined) return ''
  if (!NETWORK_CODES.some((known) => code === known || text.includes(known))) return ''
  return ' No answer came back: check that the runner can reach the host, and HTTPS_PROXY / NO_PROXY if it needs a proxy.'
}
