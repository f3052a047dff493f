import * as core from '@actions/core'
import { ActionError, messageOf, restDetails } from '../errors.js'
import { Inputs, SCOPE_READ_CONCURRENCY } from '../constants.js'
import { mapSettled } from '../util/concurrency.js'
import type { ArmClient } from '../azure/arm.js'
import { allows, guidOf, readRights } from './rights.js'
import type { RightsAt } from './rights.js'
import { judgeChange, overPrivileged } from './judge.js'
import type { PlannedChange, Refusal } from './judge.js'
import { PIM_ACTION, RBAC_ADMINISTRATOR, roleNameOf, setupCommand } from './setup.js'
import { refusalText } from './refusal-text.js'

/** What the identity holds at every scope of the run, read before the first write. */
export type Rights = ReadonlyMap<string, RightsAt>

const keyOf = (scope: string): string => scope.toLowerCase()

/**
 * Reads the identity's rights at every scope, a few scopes at a time. A scope whose rights Resource Manager does
 * not give (an answer with an error status: a cloud without the permissions API, a scope that is not there) gets no
 * verdict, and Resource Manager decides at the write; a failure without an answer (the network) is thrown.
 */
export async function readAllRights(
  arm: ArmClient,
  scopes: readonly string[],
  selfId: string
): Promise<Rights> {
  const unique = [...new Map(scopes.map((scope) => [keyOf(scope), scope])).values()]
  const read = await mapSettled(unique, SCOPE_READ_CONCURRENCY, (scope) => readRights(arm, scope, selfId))
  const rights = new Map<string, RightsAt>()
  read.forEach((result, index) => {
    if (result.status === 'fulfilled') rights.set(keyOf(result.value.scope), result.value)
    else if (restDetails(result.reason).status === undefined) throw result.reason
    else
      core.debug(
        `The pipeline identity's own rights at ${unique[index] ?? ''} could not be read (${messageOf(result.reason)}): no check there before the write; Resource Manager decides.`
      )
  })
  return rights
}

/** What a run needs: its changes, the actions it needs at scopes where it may change nothing yet (sweep). */
export interface PrivilegeNeeds {
  readonly selfId: string
  readonly changes: readonly PlannedChange[]
  /** Scope and action that must be held even without a planned change. */
  readonly required?: readonly (readonly [scope: string, action: string])[]
  /** time-bound: pim: grants go through PIM's schedule requests, which ABAC conditions do not limit. */
  readonly pim?: boolean
  /** false: no notice (the post step, whose main step gave it already). */
  readonly advise?: boolean
}

function missingPermission(needs: PrivilegeNeeds, scope: string, action: string): ActionError {
  if (action === PIM_ACTION) {
    return new ActionError(
      `${Inputs.TimeBound}: pim needs '${PIM_ACTION}' at ${scope}, and the pipeline identity (${needs.selfId}) does not hold it. Nothing was changed. ` +
        `Owner or User Access Administrator carry it; ${RBAC_ADMINISTRATOR} does not. Grant one of them at the scope, or leave ${Inputs.TimeBound} out.`
    )
  }
  const roles = [...new Set(needs.changes.map((change) => guidOf(change.roleDefinitionId)))]
  const setup = setupCommand(needs.selfId, scope, roles)
  return new ActionError(
    `The pipeline identity (${needs.selfId}) lacks '${action}' at ${scope}, so this step would be refused; nothing was changed. ` +
      `None of its roles there carries it: ${RBAC_ADMINISTRATOR}, User Access Administrator and Owner do, Contributor does not carry it. The least it needs for this run, ${RBAC_ADMINISTRATOR} limited to the roles it grants:\n${setup}`
  )
}

/** Pure: the first missing permission, in the order of the changes (then of the scopes that need one anyway). */
function firstMissing(rights: Rights, needs: PrivilegeNeeds): ActionError | undefined {
  const wanted = [
    ...needs.changes.map((change) => [change.scope, change.action] as const),
    ...(needs.required ?? [])
  ]
  for (const [scope, action] of wanted) {
    const held = rights.get(keyOf(scope))
    if (held !== undefined && !allows(held.permissions, action))
      return missingPermission(needs, scope, action)
  }
  return undefined
}

function advise(needs: PrivilegeNeeds, through: { role: string; scope: string; id: string }): void {
  const scopes = [...new Set(needs.changes.map((change) => change.scope))]
  const roles = [...new Set(needs.changes.map((change) => guidOf(change.roleDefinitionId)))]
  const names = roles.map(roleNameOf).join(', ')
  core.notice(
    `The pipeline identity writes role assignments through an unconditioned ${through.role} at ${through.scope} (${through.id}): it could grant any role to anyone there. ` +
      `This run needs only ${RBAC_ADMINISTRATOR} limited to ${names}:\n` +
      scopes.map((scope) => setupCommand(needs.selfId, scope, roles)).join('\n')
  )
}

/**
 * Before the first write, dry runs included: fails when the identity lacks the permission a change needs, or when
 * no condition of its assignments allows a change (so that no half of a plan is ever applied); gives one notice
 * when the writes go through an unconditioned Owner, User Access Administrator or RBAC Administrator.
 */
export function checkPrivilege(rights: Rights, needs: PrivilegeNeeds): void {
  const missing = firstMissing(rights, needs)
  if (missing !== undefined) throw missing
  if (needs.pim === true) return
  const refusals: Refusal[] = []
  let broad: { role: string; scope: string; id: string } | undefined
  for (const change of needs.changes) {
    const held = rights.get(keyOf(change.scope))
    if (held === undefined) continue
    const verdict = judgeChange(held, change)
    if (verdict.kind === 'refused') refusals.push(verdict.refusal)
    const over = overPrivileged(verdict)
    if (over !== undefined && broad === undefined)
      broad = { role: over.role?.name ?? '', scope: over.assignment.scope, id: over.assignment.id }
  }
  if (refusals.length > 0) {
    throw new ActionError(
      `The pipeline identity's ABAC condition does not allow ${refusals.length} of the ${needs.changes.length} role-assignment changes of this step, so nothing was changed:\n- ` +
        refusals.map(refusalText).join('\n- ')
    )
  }
  if (broad !== undefined && needs.advise !== false) advise(needs, broad)
}
