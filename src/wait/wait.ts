import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import { waitForAccess } from './run.js'
import type { WaitResult } from './run.js'
import type { PreparedWait, ScopeProbe } from './prepare.js'
import type { GrantResult, ScopeWait, WaitReport } from '../types.js'

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

/** One scope's wait: when access worked there, or why it never did. */
type Waited = { readonly probe: ScopeProbe } & (
  { readonly result: WaitResult; readonly error?: undefined } | { readonly error: unknown }
)

function scopeWaitOf(waited: Waited): ScopeWait {
  const targetId = waited.probe.target.id
  return 'result' in waited
    ? { targetId, outcome: 'access works', seconds: waited.result.seconds, probes: waited.result.probes }
    : { targetId, outcome: 'failed', error: messageOf(waited.error) }
}

function lineOfWaited(waited: Waited, several: boolean): string {
  if ('result' in waited) return lineOf(waited.probe, waited.result, several)
  return `failed${several ? ` at ${waited.probe.target.name}` : ''}: ${messageOf(waited.error)}`
}

/** The error that fails the step: a scope's own, or one that lists every scope where access never came. */
function failureOf(failed: readonly Waited[], scopes: number): unknown {
  if (failed.length === 1) return failed[0]?.error
  return new ActionError(
    `Access did not work at ${failed.length} of ${scopes} scopes:\n- ${failed.map((f) => `${f.probe.target.name}: ${messageOf(f.error)}`).join('\n- ')}`
  )
}

/**
 * Probes every scope at once until access works there, when the wait was asked for and every grant succeeded.
 * Returns what the summary shows, scope by scope; never throws (the caller fails the step with `error` after the
 * summary).
 */
export async function runWait(
  wait: PreparedWait | undefined,
  results: readonly GrantResult[]
): Promise<WaitOutcome | undefined> {
  if (wait === undefined || results.some((result) => result.outcome === 'failed')) return undefined
  const justAssigned = (probe: ScopeProbe): boolean =>
    results.some((result) => result.target.id === probe.target.id && result.outcome === 'created')
  const waited: Waited[] = await Promise.all(
    wait.probes.map(async (probe) => {
      try {
        const options = {
          probe: probe.probe,
          target: probe.expect,
          timeoutMs: wait.timeoutMs,
          identity: probe.identity
        }
        return { probe, result: await waitForAccess({ ...options, justAssigned: justAssigned(probe) }) }
      } catch (error) {
        return { probe, error }
      }
    })
  )
  const several = wait.probes.length > 1
  const scopes = waited.map(scopeWaitOf)
  const line = waited.map((each) => lineOfWaited(each, several)).join(' ')
  const failed = waited.filter((each) => !('result' in each))
  if (failed.length > 0) return { line, error: failureOf(failed, waited.length), scopes }
  const seconds = Math.max(...scopes.map((scope) => (scope.outcome === 'access works' ? scope.seconds : 0)))
  core.info(`Access works: ${line}`)
  return { seconds, line, scopes }
}
