// Pure: how many round trips deep a run was, from the start and end times the emulator journaled for its requests.

export interface Span {
  readonly startedAt: number
  readonly endedAt: number
}

/** Whether `later` started only after `earlier` had ended, forgiving `slackMs` (at most half of either request). */
function follows(earlier: Span, later: Span, slackMs: number): boolean {
  const slack = Math.min(
    slackMs,
    (later.endedAt - later.startedAt) / 2,
    (earlier.endedAt - earlier.startedAt) / 2
  )
  return earlier.endedAt - slack <= later.startedAt
}

/**
 * The longest chain of requests each of which started only after the one before it had ended, first request
 * first: the round trips a user waited for one after the other. Requests that overlap in time are on no chain
 * together (they were waited for at once). `slackMs` forgives a start this much before the previous end (clock
 * granularity of the journal), never more than half of the shorter request.
 */
export function criticalPath<T extends Span>(spans: readonly T[], slackMs = 0): T[] {
  const byEnd = [...spans].sort((a, b) => a.endedAt - b.endedAt || a.startedAt - b.startedAt)
  const depth: number[] = []
  const previous: (number | undefined)[] = []
  let last: number | undefined
  for (const [index, span] of byEnd.entries()) {
    let best: number | undefined
    for (let j = 0; j < index; j++) {
      if (!follows(byEnd[j] as T, span, slackMs)) continue
      if (best === undefined || (depth[j] ?? 0) > (depth[best] ?? 0)) best = j
    }
    previous[index] = best
    depth[index] = (best === undefined ? 0 : (depth[best] ?? 0)) + 1
    if (last === undefined || (depth[index] ?? 0) > (depth[last] ?? 0)) last = index
  }
  const chain: T[] = []
  for (let at = last; at !== undefined; at = previous[at]) chain.unshift(byEnd[at] as T)
  return chain
}

/** The number of round trips on the critical path (0 for no requests). */
export const roundTripDepth = (spans: readonly Span[], slackMs = 0): number =>
  criticalPath(spans, slackMs).length
