import * as core from '@actions/core'
import { messageOf } from '../errors.js'
import { PRINCIPAL_CONCURRENCY } from '../constants.js'
import { assignOne, revokeOne } from './assign.js'
import { mapSettled } from '../util/concurrency.js'
import type { Plan } from './plan.js'
import type { StateStore } from '../post/state.js'
import type { ActionInputs, PrincipalResult, ResolvedPrincipal } from '../types.js'

/** One settled result per principal line, in input order. */
export type Results = PromiseSettledResult<PrincipalResult>[]

/** Each distinct principal once, a few at a time; the results come back in input order. */
export async function applyToAll(inputs: ActionInputs, plan: Plan, state: StateStore): Promise<Results> {
  const unique = [...new Map(plan.principals.map((principal) => [principal.objectId, principal])).values()]
  const apply = inputs.mode === 'revoke' ? revokeOne : assignOne
  const settled = await mapSettled(unique, PRINCIPAL_CONCURRENCY, (principal) =>
    apply(plan.context, principal)
  )
  if (inputs.revokeAfterJob && !inputs.dryRun) state.saveCreated(createdIds(settled))
  const byId = new Map(
    unique.map((principal, index) => [
      principal.objectId,
      settled[index] as PromiseSettledResult<PrincipalResult>
    ])
  )
  return plan.principals.map((principal) => {
    const result = byId.get(principal.objectId) as PromiseSettledResult<PrincipalResult>
    return result.status === 'fulfilled'
      ? { status: 'fulfilled', value: { ...result.value, principal } }
      : result
  })
}

/** Only what this step created: what the post step of revoke-after-job may remove. */
function createdIds(settled: Results): string[] {
  return settled.flatMap((result) =>
    result.status === 'fulfilled' &&
    result.value.outcome === 'created' &&
    result.value.assignmentId !== undefined
      ? [result.value.assignmentId]
      : []
  )
}

export const succeeded = (results: Results): PrincipalResult[] =>
  results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))

export const failures = (results: Results, principals: readonly ResolvedPrincipal[]): string[] =>
  results.flatMap((result, index) =>
    result.status === 'rejected' ? [`${principals[index]?.spec.raw}: ${messageOf(result.reason)}`] : []
  )

export function logResults(results: Results, roleName: string): void {
  for (const { principal, outcome, assignmentId } of succeeded(results)) {
    const id = assignmentId === undefined ? '' : ` — ${assignmentId}`
    core.info(
      `${principal.spec.raw} (${principal.objectId}, ${principal.type ?? 'type unknown'}): ${roleName} ${outcome}${id}`
    )
  }
}

/** The rows of the job summary: every principal, a failed one with its reason. */
export function summaryRows(results: Results, principals: readonly ResolvedPrincipal[]) {
  return results.map((result, index) =>
    result.status === 'fulfilled'
      ? result.value
      : { failed: messageOf(result.reason), principal: principals[index] as ResolvedPrincipal }
  )
}
