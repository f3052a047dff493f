import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import { Inputs, PRINCIPAL_CONCURRENCY, SCOPE_READ_CONCURRENCY } from '../constants.js'
import { readTargets } from '../grant/plan.js'
import { expectedId } from '../scopes/scopes.js'
import { joined, mapSettled, valuesOf } from '../util/concurrency.js'
import { BUILT_IN_ROLES } from '../roles/roles.js'
import { setResultOutput, setResultOutputs } from '../report/outputs.js'
import { failures, logResults, writeSummary } from '../report/log.js'
import { renderSummary } from '../report/summary.js'
import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import { withRefusalsExplained } from '../privilege/refusals.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, GrantResult, PrincipalType, ResolvedRole, Target } from '../types.js'
import { expiredTemporaryGrants } from './select.js'
import { checkPrivilege, readAllRights } from '../privilege/check.js'
import type { Rights } from '../privilege/check.js'
import { DELETE_ACTION } from '../privilege/setup.js'

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

/** The expired temporary grants that the signed-in identity made at one scope, of those listed there. */
function expiredAt(
  target: Target,
  found: readonly RoleAssignmentResource[],
  self: string,
  now: number
): RoleAssignmentResource[] {
  const expired = expiredTemporaryGrants(found, target.id, self, new Date(now))
  core.info(
    `${Inputs.Mode}: sweep: ${expired.length} of the ${found.length} role assignments at ${target.name} are temporary grants made by ${self} whose time has passed.`
  )
  return expired
}

/** Before the first delete: the identity may remove every one of them (its permission and its condition). */
function checkRemovals(
  session: AzureSession,
  held: Rights,
  targets: readonly Target[],
  expired: readonly { assignment: RoleAssignmentResource }[],
  selfId: string
): ArmClient {
  checkPrivilege(held, {
    selfId,
    changes: expired.map(({ assignment }) => ({
      action: DELETE_ACTION,
      scope: assignment.scope,
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType
    })),
    required: targets.map((target) => [target.id, DELETE_ACTION] as const)
  })
  return withRefusalsExplained(session.arm, held)
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
  // Each scope's list and the identity's own rights there need only the scope's ID, which the inputs give: read
  // with the scopes themselves. Every read succeeds, and every delete is checked, before the first delete.
  const scopeIds = inputs.scopes.map((scope) => expectedId(scope, session.subscriptionId))
  const lists = mapSettled(scopeIds, SCOPE_READ_CONCURRENCY, (id) => session.arm.listAssignmentsAt(id))
  const selfId = session.self().then((self) => self.objectId)
  const rights = selfId.then((id) => readAllRights(session.arm, scopeIds, id))
  const [targets, found, self, held] = await joined(readTargets(inputs, session), lists, selfId, rights)
  const expired = valuesOf(found).flatMap((list, index) => {
    const target = targets[index] as Target
    return expiredAt(target, list, self, now).map((assignment) => ({ target, assignment }))
  })
  const arm = checkRemovals(session, held, targets, expired, self)
  const removed = await mapSettled(expired, PRINCIPAL_CONCURRENCY, ({ target, assignment }) =>
    removeOne(arm, target, assignment, inputs.dryRun)
  )
  const results = valuesOf(removed)
  logResults(results)
  setResultOutputs(
    results.map((result) => ({ target: result.target, role: result.role })),
    results.map((result) => result.principal),
    results
  )
  setResultOutput(results, undefined)
  await writeSummary(renderSummary({ results, dryRun: inputs.dryRun }))
  const failed = failures(results)
  if (failed.length > 0)
    throw new ActionError(
      `${Inputs.Mode}: sweep could not remove ${failed.length} of ${results.length} expired grants:\n- ${failed.join('\n- ')}`
    )
}
