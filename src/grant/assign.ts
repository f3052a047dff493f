import * as core from '@actions/core'
import { ActionError, restDetails } from '../errors.js'
import { assignmentName } from './assignment-name.js'
import { retryWhileReplicating } from './replication.js'
import type { Clock } from '../util/backoff.js'
import { Inputs, PRINCIPAL_REPLICATION_WAIT_MS } from '../constants.js'
import type { ArmClient, CreatedAssignment, RoleAssignmentResource } from '../azure/arm.js'
import { createdByThisStep } from '../resend/own-resend.js'
import { assignPim } from './pim/pim-assign.js'
import type { PimPlan } from './pim/pim-assign.js'
import { temporaryName } from './temporary-name.js'
import { judgeExisting } from './temporary.js'
import { utcSeconds } from './expiry.js'
import type { RunRef } from './temporary.js'
import type { Outcome, ResolvedPrincipal, ResolvedRole, StateStore } from '../types.js'

/** revoke-after-job (without PIM): names only this step knows, state saved before each write, reruns adopt. */
export interface TemporaryContext {
  readonly state: StateStore
  /** The signed-in identity's object ID: only its own earlier grants are taken over. */
  readonly self: () => Promise<string | undefined>
  readonly run?: RunRef
}

/** One scope's writes: the role to assign there and how. */
export interface AssignContext {
  readonly arm: ArmClient
  readonly scope: string
  readonly role: ResolvedRole
  readonly description: string
  readonly dryRun: boolean
  readonly clock?: Clock
  /** time-bound: pim: grant through PIM instead of a plain role assignment. */
  readonly pim?: PimPlan
  readonly temporary?: TemporaryContext
  /** The signed-in identity's object ID (undefined when unknown): a resent PUT's 200 is judged on it. */
  readonly self?: () => Promise<string | undefined>
}

/** What one principal's write did at one scope. */
export interface Done {
  readonly outcome: Outcome
  readonly assignmentId?: string
}

const label = (principal: ResolvedPrincipal): string =>
  principal.spec.raw === principal.objectId
    ? principal.objectId
    : `${principal.spec.raw} (${principal.objectId})`

/** Pure: the assignments of this role to this principal made exactly at the scope, whatever their names. */
export function matchingAssignments(
  found: readonly RoleAssignmentResource[],
  scope: string,
  roleGuid: string,
  principalId: string
): RoleAssignmentResource[] {
  // The list was asked for this principal only; checking again costs nothing and never mistakes another's grant.
  return found.filter(
    (item) =>
      item.principalId.toLowerCase() === principalId.toLowerCase() &&
      item.scope.toLowerCase() === scope.toLowerCase() &&
      item.roleDefinitionId.toLowerCase().endsWith(`/${roleGuid.toLowerCase()}`)
  )
}

export async function existingAssignments(
  context: AssignContext,
  principal: ResolvedPrincipal
): Promise<RoleAssignmentResource[]> {
  const found = await context.arm.listAssignmentsOf(context.scope, principal.objectId)
  return matchingAssignments(found, context.scope, context.role.guid, principal.objectId)
}

/** A principal still unknown after every retry: the client said why; this says for how long it was tried. */
function stillNotFound(error: unknown): unknown {
  if (restDetails(error).code !== 'PrincipalNotFound' || !(error instanceof Error)) return error
  return new ActionError(
    `${error.message} Still not found after ${PRINCIPAL_REPLICATION_WAIT_MS / 60_000} minutes of retries.`,
    { cause: error }
  )
}

async function put(
  context: AssignContext,
  principal: ResolvedPrincipal,
  name: string = assignmentName(context.scope, principal.objectId, context.role.guid)
): Promise<CreatedAssignment> {
  return retryWhileReplicating({
    service: 'Resource Manager',
    who: label(principal),
    notYetCode: 'PrincipalNotFound',
    clock: context.clock,
    work: () =>
      context.arm.createAssignment({
        scope: context.scope,
        name,
        roleDefinitionId: context.role.id,
        principalId: principal.objectId,
        principalType: principal.type,
        description: context.description
      })
  })
}

/**
 * A temporary grant step found the role in place: it takes over what an earlier attempt of its own run left, and
 * otherwise leaves the grant alone, warning when that grant is another job's temporary one.
 */
async function alreadyThere(
  context: AssignContext,
  temporary: TemporaryContext,
  principal: ResolvedPrincipal,
  existing: readonly RoleAssignmentResource[]
): Promise<Done> {
  const judged = judgeExisting(existing, await temporary.self(), temporary.run)
  const assignmentId = judged?.assignment.id ?? existing[0]?.id
  if (judged?.kind === 'adopt') {
    if (!context.dryRun) {
      temporary.state.adopt(context.scope, context.role.guid, principal.objectId, judged.assignment.name)
      core.info(
        `${label(principal)}: ${judged.assignment.id} is the temporary grant an earlier attempt of this run left behind; this step takes it over, and its post step removes it.`
      )
    }
  } else if (judged?.kind === 'temporary') {
    core.warning(
      `${label(principal)} already has '${context.role.name}' at ${context.scope} through another job's temporary grant (${judged.assignment.id}, temporary until ${utcSeconds(judged.until)}). It may vanish when that job ends, and this step will not remove or replace it. Jobs that run in parallel should share one grant made before them: a job that grants, needs: for the others, and a final job with ${Inputs.Mode}: revoke.`
    )
  }
  return { outcome: 'already assigned', assignmentId }
}

/** A temporary grant under a name only this step knows, announced in the state before the PUT. */
async function assignTemporary(
  context: AssignContext,
  temporary: TemporaryContext,
  principal: ResolvedPrincipal
): Promise<Done> {
  const name = temporaryName(temporary.state.seed, context.scope, principal.objectId, context.role.guid)
  temporary.state.aboutToWrite(context.scope, context.role.guid, principal.objectId)
  try {
    // 201, or 200 when a retried PUT finds its own first attempt: either way this step's, as nobody else knows the name.
    const { id } = await put(context, principal, name)
    return { outcome: 'created', assignmentId: id }
  } catch (error) {
    if (restDetails(error).code !== 'RoleAssignmentExists') throw stillNotFound(error)
    return alreadyThere(context, temporary, principal, await existingAssignments(context, principal))
  }
}

/** Grants the role to one principal, unless it already has it at this scope under any name. */
export async function assignOne(context: AssignContext, principal: ResolvedPrincipal): Promise<Done> {
  const readAt = context.clock?.now() ?? Date.now()
  const existing = await existingAssignments(context, principal)
  const temporary = context.pim === undefined ? context.temporary : undefined
  if (existing[0] !== undefined) {
    return temporary === undefined
      ? { outcome: 'already assigned', assignmentId: existing[0].id }
      : alreadyThere(context, temporary, principal, existing)
  }
  if (context.dryRun) return { outcome: 'would create' }
  if (context.pim !== undefined)
    return assignPim(context.pim, context, principal, () => existingAssignments(context, principal))
  if (temporary !== undefined) return assignTemporary(context, temporary, principal)
  try {
    // A permanent grant's name is the same for every run, so a 200 (the name existed, though the list just before did
    // not show it: reads lag writes) may be another run's grant or this step's own PUT resent after a lost answer.
    // It is this step's only when resent, made by the signed-in identity, after the read (createdByThisStep). A
    // temporary grant, which the post step removes, has a name only its step knows instead (assignTemporary).
    const answer = await put(context, principal)
    const self = answer.created || !answer.resent ? undefined : await context.self?.()
    return {
      outcome: createdByThisStep(answer, readAt, self) ? 'created' : 'already assigned',
      assignmentId: answer.id
    }
  } catch (error) {
    if (restDetails(error).code !== 'RoleAssignmentExists') throw stillNotFound(error)
    // The same grant exists under another name (made by the portal, the CLI or Bicep): report that one.
    const again = await existingAssignments(context, principal)
    return { outcome: 'already assigned', assignmentId: again[0]?.id }
  }
}

/** Removes the role from one principal at this scope, whatever the assignments are named. */
export async function revokeOne(context: AssignContext, principal: ResolvedPrincipal): Promise<Done> {
  const existing = await existingAssignments(context, principal)
  if (existing.length === 0) return { outcome: 'not assigned' }
  if (context.dryRun) return { outcome: 'would remove', assignmentId: existing[0]?.id }
  let removed = 0
  for (const assignment of existing) {
    try {
      if ((await context.arm.deleteAssignment(assignment.id)) === 'removed') removed++
    } catch (error) {
      if (restDetails(error).status !== 404) throw error
    }
  }
  // Every one was gone by the time it was deleted (another run removed it meanwhile): nothing changed here.
  if (removed === 0) return { outcome: 'not assigned' }
  return { outcome: 'removed', assignmentId: existing[0]?.id }
}
