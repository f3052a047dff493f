import { messageOf } from '../errors.js'
import { PRINCIPAL_CONCURRENCY } from '../constants.js'
import { assignOne, revokeOne } from './assign.js'
import type { AssignContext, Done, TemporaryContext } from './assign.js'
import { currentRun } from './temporary.js'
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

function contextOf(
  inputs: ActionInputs,
  plan: Plan,
  arm: ArmClient,
  scope: ScopePlan,
  temporary: TemporaryContext | undefined,
  self: () => Promise<string | undefined>
): AssignContext {
  return {
    arm,
    scope: scope.target.id,
    role: scope.role,
    description: plan.description,
    dryRun: inputs.dryRun,
    pim: plan.pim,
    temporary,
    self
  }
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined
  return () => (made ??= make())
}

/** revoke-after-job with a plain role assignment (PIM grants keep their own state: post/pim.ts). */
function temporaryOf(
  inputs: ActionInputs,
  state: StateStore,
  self: () => Promise<string | undefined>
): TemporaryContext | undefined {
  if (!inputs.revokeAfterJob || inputs.mode !== 'assign') return undefined
  return { state, self, run: currentRun() }
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
  state: StateStore,
  self: () => Promise<string | undefined> = () => Promise.resolve(undefined)
): Promise<GrantResult[]> {
  const apply = inputs.mode === 'revoke' ? revokeOne : assignOne
  const jobs = jobsOf(plan)
  const signedIn = once(() => self().catch(() => undefined))
  const temporary = temporaryOf(inputs, state, signedIn)
  // Each job starts from its list read while the plan was made (when it was).
  const client = plan.lists?.client(arm) ?? arm
  const settled = await mapSettled(jobs, PRINCIPAL_CONCURRENCY, (job) =>
    apply(contextOf(inputs, plan, client, job.scope, temporary, signedIn), job.principal)
  )
  const done = new Map(jobs.map((job, index) => [key(job.scope, job.principal.objectId), settled[index]]))
  const results = plan.scopes.flatMap((scope) =>
    plan.principals.map((principal) => resultOf(scope, principal, done.get(key(scope, principal.objectId))))
  )
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
