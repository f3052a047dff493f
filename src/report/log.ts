import * as core from '@actions/core'
import { Env } from '../constants.js'
import type { GrantResult } from '../types.js'

/** One log line per principal and scope: what was done, to whom, where. */
export function logResults(results: readonly GrantResult[]): void {
  const several = new Set(results.map((result) => result.target.id)).size > 1
  for (const result of results) {
    if (result.outcome === 'failed') continue
    const { principal, role, target, outcome, assignmentId } = result
    const id = assignmentId === undefined ? '' : ` — ${assignmentId}`
    const where = several ? ` at ${target.name}` : ''
    core.info(
      `${principal.spec.raw} (${principal.objectId}, ${principal.type ?? 'type unknown'}): ${role.name}${where} ${outcome}${id}`
    )
  }
}

/** The failed grants, one line each, for the step's error. */
export function failures(results: readonly GrantResult[]): string[] {
  const several = new Set(results.map((result) => result.target.id)).size > 1
  return results.flatMap((result) =>
    result.outcome === 'failed'
      ? [`${result.principal.spec.raw}${several ? ` at ${result.target.name}` : ''}: ${result.error}`]
      : []
  )
}

/** Writes the job summary, when the runner gives a place for it. */
export async function writeSummary(markdown: string): Promise<void> {
  if ((process.env[Env.StepSummary] ?? '') === '') return
  await core.summary.addRaw(markdown).write()
}
