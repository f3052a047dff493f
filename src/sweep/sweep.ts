import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import { Inputs } from '../constants.js'
import { readTargets } from '../grant/plan.js'
import { BUILT_IN_ROLES } from '../roles/roles.js'
import { setResultOutputs } from '../report/outputs.js'
import { failures, logResults, writeSummary } from '../report/log.js'
import { renderSummary } from '../report/summary.js'
import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import { withRefusalsExplained } from '../privilege/refusals.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, GrantResult, PrincipalType, ResolvedRole, Target } from '../types.js'
import { expiredTemporaryGrants } from './select.js'
import { checkPrivilege, readAllRights } from '../privilege/check.js'
import { DELETE_ACTION } from '../privilege/setup.js'
import { mapSettled } from '../util/concurrency.js'
import { SCOPE_READ_CONCURRENCY } from '../constants.js'

const TYPES: readonly string[] = ['User', 'Group', 'ServicePrincipal']

function roleOf(roleDefinitionId: string): ResolvedRole {
  const guid = (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase()
  const name = Object.entries(BUILT_IN_ROLES).find(([, id]) => id === guid)?.[0]
  return { id: roleDefinitionId, guid, name: name ?? guid }
}

async function removeOne(
  arm: ArmClient,
  target: Target,
  assignment: RoleAssignmentResource,
  dryRun: boolean
): Promise<GrantResult> {
  const type = TYPES.includes(assignment.principalType ?? '')
    ? (assignment.principalType as PrincipalType)
    : undefined
  const base = {
    target,
    role: roleOf(assignment.roleDefinitionId),
    principal: {
      spec: { raw: assignment.principalId, kind: 'object-id' as const, objectId: assignment.principalId },
      objectId: assignment.principalId,
      type
    },
    assignmentId: assignment.id
  }
  if (dryRun) return { ...base, outcome: 'would remove' }
  try {
    const removed = (await arm.deleteAssignment(assignment.id)) === 'removed'
    return { ...base, outcome: removed ? 'removed' : 'not assigned' }
  } catch (error) {
    return { ...base, outcome: 'failed', error: messageOf(error), assignmentId: undefined }
  }
}

/** The expired temporary grants that the signed-in identity made at one scope. */
async function expiredAt(
  session: AzureSession,
  target: Target,
  selfId: string,
  now: number
): Promise<RoleAssignmentResource[]> {
  const found = await session.arm.listAssignmentsAt(target.id)
  const expired = expiredTemporaryGrants(found, target.id, selfId, new Date(now))
  core.info(
    `${Inputs.Mode}: sweep: ${expired.length} of the ${found.length} role assignments at ${target.name} are temporary grants made by ${selfId} whose time has passed.`
  )
  return expired
}

/** Every scope's expired grants, read together with the identity's own rights there, checked before any delete. */
async function plannedRemovals(
  session: AzureSession,
  targets: readonly Target[],
  now: number
): Promise<{ expired: RoleAssignmentResource[][]; arm: ArmClient }> {
  const selfId = (await session.self()).objectId
  const rights = readAllRights(
    session.arm,
    targets.map((target) => target.id),
    selfId
  )
  rights.catch(() => undefined)
  const listed = await mapSettled(targets, SCOPE_READ_CONCURRENCY, (target) =>
    expiredAt(session, target, selfId, now)
  )
  const failed = listed.find((result) => result.status === 'rejected')
  if (failed !== undefined) throw failed.reason
  const expired = listed.map((result) => (result.status === 'fulfilled' ? result.value : []))
  const held = await rights
  checkPrivilege(held, {
    selfId,
    changes: expired.flat().map((assignment) => ({
      action: DELETE_ACTION,
      scope: assignment.scope,
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType
    })),
    required: targets.map((target) => [target.id, DELETE_ACTION] as const)
  })
  return { expired, arm: withRefusalsExplained(session.arm, held) }
}

/**
 * mode: sweep: removes, at every scope the inputs name, the expired temporary grants that the signed-in identity
 * made (a post step that never ran leaves them behind), and nothing else. With dry-run it lists them.
 */
export async function sweepExpired(
  inputs: ActionInputs,
  session: AzureSession,
  now: number = Date.now()
): Promise<void> {
  const targets = await readTargets(inputs, session)
  const { expired, arm } = await plannedRemovals(session, targets, now)
  const results: GrantResult[] = []
  for (const [index, target] of targets.entries())
    for (const assignment of expired[index] ?? [])
      results.push(await removeOne(arm, target, assignment, inputs.dryRun))
  logResults(results)
  setResultOutputs(
    results.map((result) => ({ target: result.target, role: result.role })),
    results.map((result) => result.principal),
    results
  )
  await writeSummary(renderSummary({ results, dryRun: inputs.dryRun }))
  const failed = failures(results)
  if (failed.length > 0)
    throw new ActionError(
      `${Inputs.Mode}: sweep could not remove ${failed.length} of ${results.length} expired grants:\n- ${failed.join('\n- ')}`
    )
}
