import type { AzureSession } from '../session/session.js'
import type { ActionInputs, ResolvedPrincipal, ScopePlan } from '../types.js'
import { checkPrivilege, readAllRights } from './check.js'
import type { Rights } from './check.js'
import type { PlannedChange } from './judge.js'
import { DELETE_ACTION, PIM_ACTION, WRITE_ACTION } from './setup.js'

/** The stage of the plan that checks the pipeline identity's own rights: reads now, judges the changes later. */
export interface PrivilegeStage {
  /** Throws, before any write, when a change of the plan would be refused; returns what was read. */
  check(scopes: readonly ScopePlan[], principals: readonly ResolvedPrincipal[]): Promise<Rights>
}

const pimOf = (inputs: ActionInputs): boolean =>
  inputs.timeBound === 'pim' && inputs.revokeAfterJob && inputs.mode === 'assign'

/** The actions a plan's change at one scope needs: the write, and the post step's delete for a temporary grant. */
function actionsOf(inputs: ActionInputs): string[] {
  if (inputs.mode === 'revoke') return [DELETE_ACTION]
  if (pimOf(inputs)) return [PIM_ACTION]
  return inputs.revokeAfterJob ? [WRITE_ACTION, DELETE_ACTION] : [WRITE_ACTION]
}

export function changesOf(
  inputs: ActionInputs,
  scopes: readonly ScopePlan[],
  principals: readonly ResolvedPrincipal[]
): PlannedChange[] {
  const unique = [...new Map(principals.map((principal) => [principal.objectId, principal])).values()]
  return scopes.flatMap((scope) =>
    unique.flatMap((principal) =>
      actionsOf(inputs).map((action) => ({
        action,
        scope: scope.target.id,
        roleDefinitionId: scope.role.id,
        principalId: principal.objectId,
        principalType: principal.type
      }))
    )
  )
}

/**
 * Starts reading the identity's permissions and own assignments at every scope the inputs name (by the IDs they
 * name, so alongside the reads of the scopes themselves and the plan's other reads), to judge the changes later.
 */
export function startPrivilegeStage(
  inputs: ActionInputs,
  session: AzureSession,
  scopeIds: readonly string[]
): PrivilegeStage {
  const selfId = session.self().then((self) => self.objectId)
  const rights = selfId.then((id) => readAllRights(session.arm, scopeIds, id))
  // Judged later; a failure is reported then, not as an unhandled rejection meanwhile.
  rights.catch(() => undefined)
  return {
    async check(scopes, principals) {
      const read = await rights
      checkPrivilege(read, {
        selfId: await selfId,
        changes: changesOf(inputs, scopes, principals),
        pim: pimOf(inputs)
      })
      return read
    }
  }
}
