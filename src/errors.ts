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

/** Runs `work`; if it throws, rethrows with `doing` in front so the top-level message tells where it failed. */
export async function withContext<T>(doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ActionError) throw error
    throw new ActionError(`${doing}: ${messageOf(error)}`, { cause: error })
  }
}

/** The HTTP status and service error code of an Azure SDK error, a core-rest-pipeline RestError or our own. */
export function restDetails(error: unknown): { status?: number; code?: string } {
  if (typeof error !== 'object' || error === null) return {}
  const record = error as { statusCode?: unknown; code?: unknown }
  return {
    status: typeof record.statusCode === 'number' ? record.statusCode : undefined,
    code: typeof record.code === 'string' ? record.code : undefined
  }
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
