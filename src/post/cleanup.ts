import * as core from '@actions/core'
import { Inputs, PRINCIPAL_CONCURRENCY } from '../constants.js'
import { messageOf, restDetails } from '../errors.js'
import { readInputs } from '../inputs/inputs.js'
import { mapSettled } from '../util/concurrency.js'
import { selectOwn } from './select-own.js'
import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import { temporaryName } from '../grant/temporary-name.js'
import { roleDefinitionId } from '../roles/roles.js'
import { namesOf } from '../azure/arm-errors.js'
import { expectedId } from '../scopes/scopes.js'
import type { Dependencies } from '../session/dependencies.js'
import type { ActionInputs, TemporaryState } from '../types.js'
import { checkPrivilege, readAllRights } from '../privilege/check.js'
import type { Rights } from '../privilege/check.js'
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

/** One assignment the post step removes: by its ID, computed from the state (never only from a list). */
interface Removal {
  readonly id: string
  readonly scope: string
  /** What the identity's ABAC condition is judged on before the first delete (`@Resource[...]`). */
  readonly roleDefinitionId: string
  readonly principalId: string
  readonly principalType?: string
}

const idAt = (scope: string, name: string): string =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`

/** The list at the scope, as a second look: a failure to read it does not keep the post step from removing. */
async function listedAt(arm: ArmClient, scope: string): Promise<RoleAssignmentResource[]> {
  try {
    return await arm.listAssignmentsAt(scope)
  } catch (error) {
    core.info(
      `${Inputs.RevokeAfterJob}: could not list the role assignments at ${scope} (${messageOf(error)}); removing this step's grants by name.`
    )
    return []
  }
}

/**
 * This step's grants at one scope, by the names only it knows: every name is computed from the state (seed, scope,
 * role, principal; the adopted ones as saved), so a list that lags the main step's PUT cannot hide one. The list is
 * a second look: one of these names listed with another scope, role or creator is left alone, with a warning.
 */
async function ownAt(
  arm: ArmClient,
  state: TemporaryState,
  [scope, roleGuid, indexes]: TemporaryState['scopes'][number],
  self: string
): Promise<Removal[]> {
  const { remove, leave } = selectOwn(await listedAt(arm, scope), state, scope, roleGuid, self)
  for (const { assignment, why } of leave)
    core.warning(
      `${Inputs.RevokeAfterJob} left alone an assignment under one of this step's names: ${assignment.id}: ${why}.`
    )
  const left = new Set(leave.map(({ assignment }) => assignment.name.toLowerCase()))
  const listed = new Map(remove.map((assignment) => [assignment.name.toLowerCase(), assignment]))
  const role = roleDefinitionId(namesOf(scope).subscription ?? '', roleGuid)
  const named: [name: string, principalId: string][] = [
    ...indexes.map((i): [string, string] => [
      temporaryName(state.seed, scope, state.principals[i] ?? '', roleGuid),
      state.principals[i] ?? ''
    ]),
    ...state.adopted
      .filter(([s, r]) => s.toLowerCase() === scope.toLowerCase() && r === roleGuid)
      .map((a): [string, string] => [a[3], a[2]]),
    ...remove.map((assignment): [string, string] => [assignment.name, assignment.principalId])
  ]
  const byName = new Map(named.map(([name, principalId]) => [name.toLowerCase(), principalId]))
  return [...byName]
    .filter(([name]) => !left.has(name))
    .map(([name, principalId]) => ({
      id: idAt(scope, name),
      scope,
      roleDefinitionId: role,
      principalId,
      principalType: listed.get(name)?.principalType
    }))
}

/** Before the first delete: the identity may remove every one of them (its permission and its condition). */
async function checkDeletes(
  arm: ArmClient,
  own: readonly Removal[],
  self: string,
  read: Promise<Rights>
): Promise<ArmClient> {
  if (own.length === 0) return arm
  const rights = await read
  checkPrivilege(rights, {
    selfId: self,
    advise: false,
    changes: own.map((removal) => ({
      action: DELETE_ACTION,
      scope: removal.scope,
      roleDefinitionId: removal.roleDefinitionId,
      principalId: removal.principalId,
      principalType: removal.principalType
    }))
  })
  return withRefusalsExplained(arm, rights)
}

/** Deletes one by name; an assignment already gone (404, or 204) counts as done. True when it was removed. */
async function removeOne(arm: ArmClient, { id }: Removal): Promise<boolean> {
  try {
    const outcome = await arm.deleteAssignment(id)
    if (outcome === 'removed') core.info(`Removed ${id}.`)
    else core.debug(`${id} is not there (never made, or already gone).`)
    return outcome === 'removed'
  } catch (error) {
    if (restDetails(error).status !== 404) throw error
    core.debug(`${id} is not there (never made, or already gone).`)
    return false
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
    // The identity's own rights at these scopes are read with the lists, and judged before the first delete.
    const rights = readAllRights(
      session.arm,
      scopes.map(([scope]) => scope),
      self
    )
    rights.catch(() => undefined)
    const found = await mapSettled(scopes, PRINCIPAL_CONCURRENCY, (entry) =>
      ownAt(session.arm, loaded.state, entry, self)
    )
    found.forEach((result, index) => {
      if (result.status === 'rejected')
        failed.push(`${scopes[index]?.[0] ?? ''}: ${messageOf(result.reason)}`)
    })
    const own = found.flatMap((result) => (result.status === 'fulfilled' ? result.value : []))
    const arm = await checkDeletes(session.arm, own, self, rights)
    const removed = await mapSettled(own, PRINCIPAL_CONCURRENCY, (removal) => removeOne(arm, removal))
    removed.forEach((result, index) => {
      if (result.status === 'rejected') failed.push(`${own[index]?.id ?? ''}: ${messageOf(result.reason)}`)
    })
    const count = removed.filter((result) => result.status === 'fulfilled' && result.value).length
    if (count === 0 && failed.length === 0)
      core.info(`${Inputs.RevokeAfterJob}: none of this step's role assignments is left to remove.`)
  } catch (error) {
    failed.push(`${loaded.state.scopes.map(([scope]) => scope).join(', ')}: ${messageOf(error)}`)
  }
  if (failed.length > 0) {
    core.error(
      `${Inputs.RevokeAfterJob} could not remove ${failed.length} role assignment(s); ${FIX}:\n- ${failed.join('\n- ')}`
    )
  }
}
