import * as core from '@actions/core'
import { Inputs } from '../constants.js'
import { ActionError, messageOf } from '../errors.js'
import { backoffDelay, realClock } from '../util/backoff.js'
import type { Clock } from '../util/backoff.js'
import { classify } from './verdict.js'
import type { ProbeTarget, Verdict } from './verdict.js'
import type { DataPlaneProbe } from '../azure/dataplane.js'

/**
 * While access is "not yet", probe every 2 to 2.4 s, however long the wait: access is noticed within about 2 s of
 * starting to work, with at most one probe per 2 s of waiting.
 */
export function probeDelay(random: () => number = Math.random): number {
  return Math.round(2_000 * (1 + 0.2 * random()))
}

/** After a server error or no answer: back off from 2 s, doubling, to at most 16 s. */
const FAILURE_BACKOFF = { initialMs: 2_000, maxMs: 16_000, jitter: 0.2 }

export interface WaitResult {
  readonly seconds: number
  readonly probes: number
  readonly note?: string
}

export interface WaitOptions {
  readonly probe: DataPlaneProbe
  readonly target: ProbeTarget
  readonly timeoutMs: number
  /** True when this step has just created an assignment: it cannot have propagated yet, so the first probe waits. */
  readonly justAssigned?: boolean
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

/** How long to wait before the next probe: Retry-After is a floor, never a schedule that busy-loops. */
function nextDelay(verdict: Verdict, failures: number, random: () => number): number {
  if (verdict.kind !== 'retry') return probeDelay(random)
  const backoff = verdict.afterMs === undefined ? backoffDelay(failures, FAILURE_BACKOFF, random) : 0
  return Math.max(verdict.afterMs ?? 0, backoff, probeDelay(random))
}

function timeoutError(timeoutMs: number, elapsedMs: number, probes: number, last: string): ActionError {
  return new ActionError(
    `Access did not work within ${Inputs.WaitTimeout} (${Math.round(timeoutMs / 1000)} s): waited ${(elapsedMs / 1000).toFixed(1)} s, ` +
      `sent ${probes} probe${probes === 1 ? '' : 's'}; the last answer was ${last}. Role assignments usually take effect within ` +
      `five minutes; raise ${Inputs.WaitTimeout}, or check that the role carries data actions for inference (Owner and Contributor do not).`
  )
}

/** Calls the inference endpoint until access works, waiting out "not yet", throttling and transient failures. */
export async function waitForAccess(options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock ?? realClock
  const random = options.random ?? Math.random
  const start = clock.now()
  let probes = 0
  let failures = 0
  let renewed = false
  core.info(
    `Waiting up to ${Math.round(options.timeoutMs / 1000)} s for access to work: ${options.probe.description}`
  )
  if (options.justAssigned === true) await clock.sleep(Math.min(probeDelay(random), options.timeoutMs))
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
    failures = verdict.kind === 'retry' ? failures + 1 : 0
    const delay = nextDelay(verdict, failures, random)
    const remaining = options.timeoutMs - elapsed
    if (remaining <= 0) throw timeoutError(options.timeoutMs, elapsed, probes, verdict.seen)
    if (probes === 1 || probes % 10 === 0) {
      core.info(`Not yet (${verdict.seen}); probing again in ${(delay / 1000).toFixed(1)} s.`)
    }
    await clock.sleep(Math.min(delay, remaining))
  }
}
