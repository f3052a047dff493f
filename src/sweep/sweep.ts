import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import { Inputs, PRINCIPAL_CONCURRENCY, SCOPE_READ_CONCURRENCY } from '../constants.js'
import { readTargets } from '../grant/plan.js'
import { expectedId } from '../grant/scopes.js'
import { joined, mapSettled, valuesOf } from '../util/concurrency.js'
import { BUILT_IN_ROLES } from '../roles/roles.js'
import { setResultOutput, setResultOutputs } from '../report/outputs.js'
import { failures, logResults, writeSummary } from '../report/log.js'
import { renderSummary } from '../report/summary.js'
import type { RoleAssignmentResource } from '../azure/arm.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, GrantResult, PrincipalType, ResolvedRole, Target } from '../types.js'
import { expiredTemporaryGrants } from './select.js'

const TYPES: readonly string[] = ['User', 'Group', 'ServicePrincipal']

function roleOf(roleDefinitionId: string): ResolvedRole {
  const guid = (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase()
  const name = Object.entries(BUILT_IN_ROLES).find(([, id]) => id === guid)?.[0]
  return { id: roleDefinitionId, guid, name: name ?? guid }
}

async function removeOne(
  session: AzureSession,
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
    const removed = (await session.arm.deleteAssignment(assignment.id)) === 'removed'
    return { ...base, outcome: removed ? 'removed' : 'not assigned' }
  } catch (error) {
    return { ...base, outcome: 'failed', error: messageOf(error), assignmentId: undefined }
  }
}

/**
 * mode: sweep: removes, at the account, the expired temporary grants that the signed-in identity made (a post step
 * that never ran leaves them behind), and nothing else. With dry-run it lists them.
 */
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

/**
 * mode: sweep: removes, at every scope the inputs name, the expired temporary grants that the signed-in identity
 * made (a post step that never ran leaves them behind), and nothing else. With dry-run it lists them.
 */
export async function sweepExpired(
  inputs: ActionInputs,
  session: AzureSession,
  now: number = Date.now()
): Promise<void> {
  // Each scope's list needs only its ID, which the inputs give: read with the scopes themselves. Every read
  // succeeds before the first delete.
  const lists = mapSettled(inputs.scopes, SCOPE_READ_CONCURRENCY, (scope) =>
    session.arm.listAssignmentsAt(expectedId(scope, session.subscriptionId))
  )
  const [targets, found, self] = await joined(readTargets(inputs, session), lists, session.self())
  const expired = valuesOf(found).flatMap((list, index) => {
    const target = targets[index] as Target
    return expiredAt(target, list, self.objectId, now).map((assignment) => ({ target, assignment }))
  })
  const removed = await mapSettled(expired, PRINCIPAL_CONCURRENCY, ({ target, assignment }) =>
    removeOne(session, target, assignment, inputs.dryRun)
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
