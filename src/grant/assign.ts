import * as core from '@actions/core'
import { ActionError, restDetails } from '../errors.js'
import { explainArmError } from '../azure/arm-errors.js'
import type { ArmNames } from '../azure/arm-errors.js'
import { assignmentName } from './assignment-name.js'
import { retry } from '../util/backoff.js'
import type { Clock } from '../util/backoff.js'
import { Inputs } from '../constants.js'
import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import type { PrincipalResult, ResolvedPrincipal, ResolvedRole } from '../types.js'

/** How long a principal that Resource Manager does not know yet (directory replication) is retried. */
export const PRINCIPAL_REPLICATION_WAIT_MS = 5 * 60_000

export interface AssignContext {
  readonly arm: ArmClient
  readonly scope: string
  readonly role: ResolvedRole
  readonly description: string
  readonly names: ArmNames
  readonly dryRun: boolean
  readonly clock?: Clock
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
  try {
    const found = await context.arm.listAssignmentsOf(context.scope, principal.objectId)
    return matchingAssignments(found, context.scope, context.role.guid, principal.objectId)
  } catch (error) {
    throw explainArmError(error, `Listing the role assignments of ${label(principal)}`, context.names)
  }
}

function explainPutError(error: unknown, principal: ResolvedPrincipal, context: AssignContext): ActionError {
  const { code } = restDetails(error)
  const doing = `Assigning '${context.role.name}' to ${label(principal)}`
  if (code === 'UnmatchedPrincipalType') {
    return new ActionError(
      `${doing}: Resource Manager says the object is not a ${principal.type ?? 'principal of the given type'}. Check ${Inputs.PrincipalType}.`,
      { cause: error }
    )
  }
  if (code === 'PrincipalNotFound') {
    return new ActionError(
      `${doing}: Resource Manager still did not find the principal in the directory after ${PRINCIPAL_REPLICATION_WAIT_MS / 60_000} minutes. Check the object ID and tenant-id.`,
      { cause: error }
    )
  }
  return explainArmError(error, doing, context.names)
}

async function put(
  context: AssignContext,
  principal: ResolvedPrincipal
): Promise<{ id: string; created: boolean; description?: string }> {
  const name = assignmentName(context.scope, principal.objectId, context.role.guid)
  return retry({
    initialMs: 2_000,
    maxMs: 20_000,
    jitter: 0.3,
    deadlineMs: PRINCIPAL_REPLICATION_WAIT_MS,
    clock: context.clock,
    retryable: (error) => restDetails(error).code === 'PrincipalNotFound',
    onRetry: (_, attempt, delay) =>
      core.info(
        `Resource Manager does not see ${label(principal)} yet (directory replication); retry ${attempt} in ${Math.round(delay / 1000)} s.`
      ),
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
 * A 200 (not 201) means the assignment already existed under our name, though the list just before did not show
 * it. If it carries this step's own description, it is our own PUT, answered too late and sent again by the retry
 * policy: still this step's creation, which revoke-after-job must remove. Otherwise another run made it meanwhile,
 * and this step must never remove it.
 */
function ownPut(description: string | undefined, context: AssignContext): boolean {
  return description !== undefined && description === context.description
}

/** Grants the role to one principal, unless it already has it at this scope under any name. */
export async function assignOne(
  context: AssignContext,
  principal: ResolvedPrincipal
): Promise<PrincipalResult> {
  const existing = await existingAssignments(context, principal)
  if (existing[0] !== undefined)
    return { principal, outcome: 'already assigned', assignmentId: existing[0].id }
  if (context.dryRun) return { principal, outcome: 'would create' }
  try {
    const { id, created, description } = await put(context, principal)
    return {
      principal,
      outcome: created || ownPut(description, context) ? 'created' : 'already assigned',
      assignmentId: id
    }
  } catch (error) {
    if (restDetails(error).code !== 'RoleAssignmentExists') throw explainPutError(error, principal, context)
    // The same grant exists under another name (made by the portal, the CLI or Bicep): report that one.
    const again = await existingAssignments(context, principal)
    return { principal, outcome: 'already assigned', assignmentId: again[0]?.id }
  }
}

/** Removes the role from one principal at this scope, whatever the assignments are named. */
export async function revokeOne(
  context: AssignContext,
  principal: ResolvedPrincipal
): Promise<PrincipalResult> {
  const existing = await existingAssignments(context, principal)
  if (existing.length === 0) return { principal, outcome: 'not assigned' }
  if (context.dryRun) return { principal, outcome: 'would remove', assignmentId: existing[0]?.id }
  let removed = 0
  for (const assignment of existing) {
    try {
      if ((await context.arm.deleteAssignment(assignment.id)) === 'removed') removed++
    } catch (error) {
      if (restDetails(error).status !== 404) {
        throw explainArmError(
          error,
          `Removing '${context.role.name}' from ${label(principal)}`,
          context.names
        )
      }
    }
  }
  // Every one was gone by the time it was deleted (another run removed it meanwhile): nothing changed here.
  if (removed === 0) return { principal, outcome: 'not assigned' }
  return { principal, outcome: 'removed', assignmentId: existing[0]?.id }
}
