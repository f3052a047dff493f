import { messageOf } from '../errors.js'
import { PRINCIPAL_CONCURRENCY } from '../constants.js'
import { assignOne, revokeOne } from './assign.js'
import type { AssignContext, Done } from './assign.js'
import { mapSettled } from '../util/concurrency.js'
import type { Plan } from './plan.js'
import type { ArmClient } from '../azure/arm.js'
import type { ActionInputs, GrantResult, ResolvedPrincipal, ScopePlan, StateStore } from '../types.js'

/** One write to make: a principal (each object ID once) at a scope. */
interface Job {
  readonly scope: ScopePlan
  readonly principal: ResolvedPrincipal
}

const key = (scope: ScopePlan, objectId: string): string => `${scope.target.id.toLowerCase()}\n${objectId}`

function contextOf(inputs: ActionInputs, plan: Plan, arm: ArmClient, scope: ScopePlan): AssignContext {
  return {
    arm,
    scope: scope.target.id,
    role: scope.role,
    description: plan.description,
    dryRun: inputs.dryRun,
    pim: plan.pim
  }
}

function jobsOf(plan: Plan): Job[] {
  const unique = [...new Map(plan.principals.map((principal) => [principal.objectId, principal])).values()]
  return plan.scopes.flatMap((scope) => unique.map((principal) => ({ scope, principal })))
}

/**
 * Every principal at every scope, a few writes at a time (well inside Resource Manager's write limits). The results
 * come back scope by scope, each in the principals' input order; a principal given twice shares its result.
 */
export async function applyPlan(
  inputs: ActionInputs,
  plan: Plan,
  arm: ArmClient,
  state: StateStore
): Promise<GrantResult[]> {
  const apply = inputs.mode === 'revoke' ? revokeOne : assignOne
  const jobs = jobsOf(plan)
  const settled = await mapSettled(jobs, PRINCIPAL_CONCURRENCY, (job) =>
    apply(contextOf(inputs, plan, arm, job.scope), job.principal)
  )
  const done = new Map(jobs.map((job, index) => [key(job.scope, job.principal.objectId), settled[index]]))
  const results = plan.scopes.flatMap((scope) =>
    plan.principals.map((principal) => resultOf(scope, principal, done.get(key(scope, principal.objectId))))
  )
  // A PIM grant is ended by a PIM request (post/pim.ts), never by deleting its role assignment.
  if (inputs.revokeAfterJob && !inputs.dryRun && plan.pim === undefined)
    state.saveCreated(createdIds(results))
  return results
}

function resultOf(
  scope: ScopePlan,
  principal: ResolvedPrincipal,
  settled: PromiseSettledResult<Done> | undefined
): GrantResult {
  const base = { target: scope.target, role: scope.role, principal }
  if (settled?.status === 'fulfilled') return { ...base, ...settled.value }
  return { ...base, outcome: 'failed', error: messageOf(settled?.reason ?? 'not attempted') }
}

/** Only what this step created: what the post step of revoke-after-job may remove. */
function createdIds(results: readonly GrantResult[]): string[] {
  const ids = results.flatMap((result) =>
    result.outcome === 'created' && result.assignmentId !== undefined ? [result.assignmentId] : []
  )
  return [...new Set(ids)]
}
