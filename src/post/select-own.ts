import { temporaryName } from '../grant/temporary-name.js'
import type { RoleAssignmentResource } from '../azure/arm.js'
import type { TemporaryState } from '../types.js'

export interface Selection {
  /** This step's own grants at the scope: removed by name. */
  readonly remove: RoleAssignmentResource[]
  /** Assignments that carry one of this step's names but fail a check: logged and left. */
  readonly leave: { readonly assignment: RoleAssignmentResource; readonly why: string }[]
}

const same = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase()

/**
 * Pure: of the assignments listed at one scope, the ones this step made. An assignment is this step's only when its
 * name is one only this step could give (from the seed) or one it took over, and its scope, principal, role and
 * creator (`createdBy` = the signed-in identity) are what the step made.
 */
export function selectOwn(
  listed: readonly RoleAssignmentResource[],
  state: TemporaryState,
  scope: string,
  roleGuid: string,
  selfObjectId: string
): Selection {
  const remove: RoleAssignmentResource[] = []
  const leave: Selection['leave'] = []
  for (const assignment of listed) {
    const ours = same(assignment.name, temporaryName(state.seed, scope, assignment.principalId, roleGuid))
    const adopted = state.adopted.some(
      ([s, r, p, n]) =>
        same(s, scope) && same(r, roleGuid) && same(p, assignment.principalId) && same(n, assignment.name)
    )
    if (!ours && !adopted) continue
    const why = !same(assignment.scope, scope)
      ? `its scope is ${assignment.scope}, not ${scope}`
      : !assignment.roleDefinitionId.toLowerCase().endsWith(`/${roleGuid.toLowerCase()}`)
        ? `its role is ${assignment.roleDefinitionId}, not ${roleGuid}`
        : !same(assignment.createdBy, selfObjectId)
          ? `it was created by ${assignment.createdBy ?? 'an unknown identity'}, not by the signed-in identity ${selfObjectId}`
          : undefined
    if (why === undefined) remove.push(assignment)
    else leave.push({ assignment, why })
  }
  return { remove, leave }
}
