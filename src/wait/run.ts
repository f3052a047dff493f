import * as core from '@actions/core'
import { Inputs } from '../constants.js'
import { ActionError, messageOf } from '../errors.js'
import { backoffDelay, realClock } from '../util/backoff.js'
import type { Clock } from '../util/backoff.js'
import { classify } from './verdict.js'
import type { ProbeTarget, Verdict } from './verdict.js'
import { judge } from './evidence.js'
import type { Judgement, Observation, Reading } from './evidence.js'
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
  /** Which answer was taken as proof, in words (see evidence.ts). */
  readonly proof: string
}

export interface WaitOptions {
  readonly probe: DataPlaneProbe
  readonly target: ProbeTarget
  readonly timeoutMs: number
  /** Object ID of the identity the probe calls as: the evidence is about it, and the log names it. */
  readonly identity?: string
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

/** What would prove access where only indirect answers came: a deployment that answers a one-token chat. */
function unprovenError(
  options: WaitOptions,
  elapsedMs: number,
  probes: number,
  indirect: Observation
): ActionError {
  const model = options.target.probeModel
  const fix =
    model === undefined
      ? `Set ${Inputs.ProbeModel} to the name of a chat deployment of the account: a 200 to a one-token chat completion proves access on any gateway.`
      : `Set ${Inputs.ProbeModel} to a chat deployment that answers a one-token chat completion (max_tokens: 1): a 200 proves access on any gateway.`
  return new ActionError(
    `Could not prove access within ${Inputs.WaitTimeout} (${Math.round(options.timeoutMs / 1000)} s): waited ${(elapsedMs / 1000).toFixed(1)} s, ` +
      `sent ${probes} probe${probes === 1 ? '' : 's'}${options.identity === undefined ? '' : ` as ${options.identity}`}. The endpoint answered ${indirect.answer} on ${indirect.route}, ` +
      'which does not prove access on its own: a gateway that looks the deployment up before it checks the role answers the same ' +
      `without the role, and no PermissionDenied came first on that call to show otherwise. ${fix}`
  )
}

const READINGS: Partial<Record<Verdict['kind'], Reading>> = {
  proof: 'proof',
  'not-yet': 'denied',
  indirect: 'indirect'
}

/** Adds the answer to the evidence when it says something about access; judges the evidence so far. */
function weigh(history: Observation[], verdict: Verdict, route: string, identity: string): Judgement {
  const reading = READINGS[verdict.kind]
  if (reading !== undefined && 'answer' in verdict) {
    history.push({ route, identity, reading, answer: verdict.answer })
  }
  return judge(history, identity)
}

/** One line per probe for step debug: who asked what, the answer, and what it counted as with the evidence so far. */
function debugProbe(
  count: number,
  identity: string,
  route: string,
  verdict: Verdict,
  judgement: Judgement
): void {
  const said = verdict.kind === 'fatal' ? verdict.message : verdict.seen
  const meaning = judgement.proven
    ? 'taken as proof'
    : verdict.kind === 'indirect'
      ? 'indirect (not proof on its own)'
      : verdict.kind
  core.debug(
    `Probe ${count}${identity === '' ? '' : ` as ${identity}`}: ${route} answered ${said} -> ${meaning}.`
  )
}

function noticeIndirect(indirect: Observation): void {
  core.info(
    `${indirect.answer} on ${indirect.route} does not prove access on its own: a gateway that looks the deployment up ` +
      'before it checks the role answers the same without the role. Probing on: a PermissionDenied first on this call, ' +
      `or a 200, would prove it (${Inputs.ProbeModel} naming a chat deployment gives one).`
  )
}

/**
 * Calls the inference endpoint until an answer proves access (evidence.ts), waiting out "not yet", throttling and
 * transient failures.
 */
export async function waitForAccess(options: WaitOptions): Promise<WaitResult> {
  const clock = options.clock ?? realClock
  const random = options.random ?? Math.random
  const identity = options.identity ?? ''
  const start = clock.now()
  const history: Observation[] = []
  let probes = 0
  let failures = 0
  let renewed = false
  let noticed = false
  core.info(
    `Waiting up to ${Math.round(options.timeoutMs / 1000)} s for access to work${identity === '' ? '' : ` for ${identity}`}: ${options.probe.description}`
  )
  if (options.justAssigned === true) await clock.sleep(Math.min(probeDelay(random), options.timeoutMs))
  for (;;) {
    probes++
    const verdict = await ask(options.probe, options.target)
    const route = options.probe.description
    const elapsed = clock.now() - start
    const judgement = weigh(history, verdict, route, identity)
    debugProbe(probes, identity, route, verdict, judgement)
    if (judgement.proven) return { seconds: elapsed / 1000, probes, proof: judgement.proof }
    if (verdict.kind === 'fatal' && verdict.unlessNewToken === true && !renewed) {
      renewed = true
      options.probe.renewToken()
      continue
    }
    if (verdict.kind === 'fatal') throw new ActionError(verdict.message)
    renewed = false
    if (judgement.indirect !== undefined && !noticed) {
      noticed = true
      noticeIndirect(judgement.indirect)
    }
    failures = verdict.kind === 'retry' ? failures + 1 : 0
    const delay = nextDelay(verdict, failures, random)
    const remaining = options.timeoutMs - elapsed
    if (remaining <= 0) {
      if (judgement.indirect !== undefined) throw unprovenError(options, elapsed, probes, judgement.indirect)
      throw timeoutError(options.timeoutMs, elapsed, probes, verdict.seen)
    }
    if (probes === 1 || probes % 10 === 0) {
      core.info(`Not yet (${verdict.seen}); probing again in ${(delay / 1000).toFixed(1)} s.`)
    }
    await clock.sleep(Math.min(delay, remaining))
  }
}
