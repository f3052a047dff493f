import * as core from '@actions/core'
import { ActionError, messageOf } from './errors.js'
import { realClock } from './backoff.js'
import type { Clock } from './backoff.js'
import { classify } from './probe-verdict.js'
import type { ProbeTarget, Verdict } from './probe-verdict.js'
import type { DataPlaneProbe } from './azure/dataplane.js'

/** Probe every 2 s (plus up to 20 % jitter) for two minutes, then every 4 s: access is noticed within about 2 s. */
export function probeDelay(elapsedMs: number, random: () => number = Math.random): number {
  const base = elapsedMs < 120_000 ? 2_000 : 4_000
  return Math.round(base * (1 + 0.2 * random()))
}

export interface WaitResult {
  readonly seconds: number
  readonly probes: number
  readonly note?: string
}

export interface WaitOptions {
  readonly probe: DataPlaneProbe
  readonly target: ProbeTarget
  readonly timeoutMs: number
  readonly clock?: Clock
  readonly random?: () => number
}

async function ask(probe: DataPlaneProbe, target: ProbeTarget): Promise<Verdict> {
  try {
    return classify(await probe.send(), target)
  } catch (error) {
    if (error instanceof ActionError) throw error
    return { kind: 'retry', seen: `no answer (${messageOf(error)})` }
  }
}

/** Calls the inference endpoint until access works, waiting out "not yet", throttling and transient failures. */
export async function waitForAccess(options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock ?? realClock
  const start = clock.now()
  let probes = 0
  let renewed = false
  core.info(
    `Waiting up to ${Math.round(options.timeoutMs / 1000)} s for access to work: ${options.probe.description}`
  )
  for (;;) {
    probes++
    const verdict = await ask(options.probe, options.target)
    const elapsed = clock.now() - start
    if (verdict.kind === 'ok') return { seconds: elapsed / 1000, probes, note: verdict.note }
    if (verdict.kind === 'fatal' && verdict.unlessNewToken === true && !renewed) {
      renewed = true
      options.probe.renewToken()
      continue
    }
    if (verdict.kind === 'fatal') throw new ActionError(verdict.message)
    renewed = false
    const last = verdict.seen
    // Retry-After is a floor, not a schedule: a 0 or a few milliseconds must not turn the wait into a busy loop.
    const delay = Math.max(
      verdict.kind === 'retry' && verdict.afterMs !== undefined ? verdict.afterMs : 0,
      probeDelay(elapsed, options.random)
    )
    const remaining = options.timeoutMs - elapsed
    if (remaining <= 0) {
      throw new ActionError(
        `Access did not work within wait-timeout (${Math.round(options.timeoutMs / 1000)} s): waited ${(elapsed / 1000).toFixed(1)} s, ` +
          `sent ${probes} probe${probes === 1 ? '' : 's'}; the last answer was ${last}. Role assignments usually take effect within ` +
          'five minutes; raise wait-timeout, or check that the role carries data actions for inference (Owner and Contributor do not).'
      )
    }
    if (probes === 1 || probes % 10 === 0)
      core.info(`Not yet (${last}); probing again in ${(delay / 1000).toFixed(1)} s.`)
    await clock.sleep(Math.min(delay, remaining))
  }
}
