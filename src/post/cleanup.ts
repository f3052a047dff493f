import * as core from '@actions/core'
import { Inputs, PRINCIPAL_CONCURRENCY } from '../constants.js'
import { messageOf, restDetails } from '../errors.js'
import { readInputs } from '../inputs/inputs.js'
import { mapSettled } from '../util/concurrency.js'
import { selectOwn } from './select-own.js'
import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import { expectedId } from '../grant/scopes.js'
import type { Dependencies } from '../session/dependencies.js'
import type { ActionInputs, TemporaryState } from '../types.js'
import { checkPrivilege, readAllRights } from '../privilege/check.js'
import { DELETE_ACTION } from '../privilege/setup.js'
import { withRefusalsExplained } from '../privilege/refusals.js'

const FIX = `remove them by hand (az role assignment delete --ids <id>) or rerun with ${Inputs.Mode}: revoke`

/** Reads the inputs for the post step; a problem there is reported, not thrown: post never fails the job. */
function inputsOrUndefined(): ActionInputs | undefined {
  try {
    return readInputs()
  } catch (error) {
    core.warning(
      `${Inputs.RevokeAfterJob}: the post step could not read its inputs, so it removed nothing: ${messageOf(error)}`
    )
    return undefined
  }
}

/** This step's grants at one scope, found by the names only it knows and checked before anything is deleted. */
async function ownAt(
  arm: ArmClient,
  state: TemporaryState,
  [scope, roleGuid]: readonly [string, string],
  self: string
): Promise<RoleAssignmentResource[]> {
  const { remove, leave } = selectOwn(await arm.listAssignmentsAt(scope), state, scope, roleGuid, self)
  for (const { assignment, why } of leave)
    core.warning(
      `${Inputs.RevokeAfterJob} left alone an assignment under one of this step's names: ${assignment.id}: ${why}.`
    )
  return remove
}

/** Before the first delete: the identity may remove every one of them (its permission and its condition). */
async function checkDeletes(
  arm: ArmClient,
  own: readonly RoleAssignmentResource[],
  self: string
): Promise<ArmClient> {
  if (own.length === 0) return arm
  const rights = await readAllRights(
    arm,
    own.map((assignment) => assignment.scope),
    self
  )
  checkPrivilege(rights, {
    selfId: self,
    advise: false,
    changes: own.map((assignment) => ({
      action: DELETE_ACTION,
      scope: assignment.scope,
      roleDefinitionId: assignment.roleDefinitionId,
      principalId: assignment.principalId,
      principalType: assignment.principalType
    }))
  })
  return withRefusalsExplained(arm, rights)
}

/** Deletes one by name; an assignment already gone (404, or 204) counts as done. */
async function removeOne(arm: ArmClient, assignment: RoleAssignmentResource): Promise<void> {
  try {
    const outcome = await arm.deleteAssignment(assignment.id)
    core.info(outcome === 'removed' ? `Removed ${assignment.id}.` : `${assignment.id} was already gone.`)
  } catch (error) {
    if (restDetails(error).status !== 404) throw error
    core.info(`${assignment.id} was already gone.`)
  }
}

/**
 * The post step of revoke-after-job: removes exactly the assignments the main step created (or took over from an
 * earlier attempt of its run), and only with revoke-after-job: true. It never fails the job (the cleanup can be
 * repeated by hand or with mode: revoke) but says loudly what it could not remove or could not read.
 */
export async function cleanup(dependencies: Dependencies): Promise<void> {
  const loaded = dependencies.state.load()
  if (loaded.kind === 'none') {
    core.info(
      `${Inputs.RevokeAfterJob}: this step created no role assignment, so there is nothing to remove.`
    )
    return
  }
  const inputs = inputsOrUndefined()
  if (inputs === undefined) return
  if (!inputs.revokeAfterJob) {
    core.info(`${Inputs.RevokeAfterJob} is not true, so the post step removes nothing.`)
    return
  }
  if (loaded.kind === 'unreadable') {
    core.warning(
      `${Inputs.RevokeAfterJob}: the state the main step saved cannot be read (${loaded.reason}), so the post step removed nothing. Temporary grants of this step may remain: ${FIX}, or let ${Inputs.Mode}: sweep remove them after their time.`
    )
    return
  }
  const failed: string[] = []
  try {
    const session = await dependencies.openSession(inputs)
    const self = (await session.self()).objectId
    // Only scopes this step was given: a state naming any other is not acted on.
    const given = new Set(
      inputs.scopes.map((scope) => expectedId(scope, session.subscriptionId).toLowerCase())
    )
    const scopes = loaded.state.scopes.filter(([scope]) => {
      if (given.has(scope.toLowerCase())) return true
      failed.push(`${scope}: not a scope this step was given; left alone`)
      return false
    })
    const found = await mapSettled(scopes, PRINCIPAL_CONCURRENCY, (entry) =>
      ownAt(session.arm, loaded.state, entry, self)
    )
    found.forEach((result, index) => {
      if (result.status === 'rejected')
        failed.push(`${scopes[index]?.[0] ?? ''}: ${messageOf(result.reason)}`)
    })
    const own = found.flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
    if (own.length === 0 && failed.length === 0)
      core.info(`${Inputs.RevokeAfterJob}: none of this step's role assignments is left to remove.`)
    const arm = await checkDeletes(session.arm, own, self)
    const removed = await mapSettled(own, PRINCIPAL_CONCURRENCY, (assignment) => removeOne(arm, assignment))
    removed.forEach((result, index) => {
      if (result.status === 'rejected') failed.push(`${own[index]?.id ?? ''}: ${messageOf(result.reason)}`)
    })
  } catch (error) {
    failed.push(`${loaded.state.scopes.map(([scope]) => scope).join(', ')}: ${messageOf(error)}`)
  }
  if (failed.length > 0) {
    core.error(
      `${Inputs.RevokeAfterJob} could not remove ${failed.length} role assignment(s); ${FIX}:\n- ${failed.join('\n- ')}`
    )
  }
}
