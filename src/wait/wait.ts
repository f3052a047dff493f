import * as core from '@actions/core'
import { messageOf } from '../errors.js'
import { waitForAccess } from './run.js'
import type { WaitResult } from './run.js'
import type { PreparedWait, ScopeProbe } from './prepare.js'
import type { GrantResult, WaitReport } from '../types.js'

/** The outcome of the wait: what the summary shows, and the error that fails the step when access never came. */
export interface WaitOutcome extends WaitReport {
  readonly error?: unknown
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`

function lineOf(probe: ScopeProbe, waited: WaitResult, several: boolean): string {
  const where = several ? ` at ${probe.target.name}` : ''
  return (
    `inference access worked${where} ${waited.seconds.toFixed(1)} s after the assignments (${plural(waited.probes, 'probe')}). ` +
    `Proved for ${probe.identity} by ${waited.proof}.`
  )
}

/**
 * Probes every scope at once until access works there, when the wait was asked for and every grant succeeded.
 * Returns what the summary shows; never throws (the caller fails the step with `error` after the summary).
 */
export async function runWait(
  wait: PreparedWait | undefined,
  results: readonly GrantResult[]
): Promise<WaitOutcome | undefined> {
  if (wait === undefined || results.some((result) => result.outcome === 'failed')) return undefined
  const justAssigned = (probe: ScopeProbe): boolean =>
    results.some((result) => result.target.id === probe.target.id && result.outcome === 'created')
  try {
    const waited = await Promise.all(
      wait.probes.map((probe) =>
        waitForAccess({
          probe: probe.probe,
          target: probe.expect,
          timeoutMs: wait.timeoutMs,
          identity: probe.identity,
          justAssigned: justAssigned(probe)
        })
      )
    )
    const several = wait.probes.length > 1
    const lines = wait.probes.map((probe, index) => lineOf(probe, waited[index] as WaitResult, several))
    const seconds = Math.max(...waited.map((result) => result.seconds))
    core.info(`Access works: ${lines.join(' ')}`)
    return { seconds, line: lines.join(' ') }
  } catch (error) {
    return { line: `failed: ${messageOf(error)}`, error }
  }
}
