import * as core from '@actions/core'
import type { PipelinePolicy, PipelineRequest } from '@azure/core-rest-pipeline'
import { firstLine, quoteRequestIds, requestIdsOf } from '../../errors.js'

/** Query parameters whose values the debug log shows: they say what was asked, and no secret travels in them. */
const SHOWN_PARAMETERS = new Set(['api-version', '$filter', '$select', '$top', 'audience'])

/**
 * A URL as the debug log shows it: scheme, host, path, and the query with every value but the ones above replaced
 * by `***`; no user name, password or fragment. A URL that cannot be parsed is not shown at all.
 */
export function loggableUrl(url: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return '(a URL that cannot be parsed)'
  }
  const query = [...parsed.searchParams.entries()].map(
    ([name, value]) => `${name}=${SHOWN_PARAMETERS.has(name) ? value : '***'}`
  )
  return `${parsed.origin}${parsed.pathname}${query.length === 0 ? '' : `?${query.join('&')}`}`
}

/** `GET url`, its outcome, the time it took and which try it was: one debug line per attempt. */
export function requestLine(
  request: { method: string; url: string },
  attempt: number,
  ms: number,
  outcome: { status: number; headers?: Parameters<typeof requestIdsOf>[0] } | { error: unknown }
): string {
  const what = `${request.method} ${loggableUrl(request.url)}`
  const retry = attempt > 1 ? `, retry ${attempt - 1}` : ''
  if ('error' in outcome) {
    const code = (outcome.error as { code?: unknown } | undefined)?.code
    const why = typeof code === 'string' ? code : firstLine(outcome.error)
    return `${what} -> no answer (${why}) after ${ms} ms${retry}`
  }
  return `${what} -> ${outcome.status} in ${ms} ms${retry}${quoteRequestIds(requestIdsOf(outcome.headers))}`
}

/**
 * Logs every attempt of every request through the Azure pipeline (the SDK clients, the Entra token requests and
 * the action's own JSON client) with `core.debug`, shown with step debug on. Placed inside the retry policy, so a
 * retried request shows each try. No header and no body is logged: tokens travel only there.
 */
export function requestLogPolicy(log: (line: string) => void = core.debug, now = Date.now): PipelinePolicy {
  const attempts = new WeakMap<PipelineRequest, number>()
  return {
    name: 'entraAccessRequestLog',
    async sendRequest(request, next) {
      const attempt = (attempts.get(request) ?? 0) + 1
      attempts.set(request, attempt)
      const started = now()
      try {
        const response = await next(request)
        log(requestLine(request, attempt, now() - started, response))
        return response
      } catch (error) {
        log(requestLine(request, attempt, now() - started, { error }))
        throw error
      }
    }
  }
}
