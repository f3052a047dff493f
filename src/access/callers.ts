import { temporaryUntil, utcSeconds } from '../grant/expiry.js'
import type { RoleAssignmentResource } from '../azure/arm.js'
import type { Caller } from './types.js'

/** What the report knows of a role: its name and whether it can call models (src/roles/data-actions.ts). */
export interface JudgedRole {
  readonly name: string
  readonly opens: boolean
}

/** The role definition GUID at the end of a role definition ID, lower-cased: the key roles are judged by. */
export const roleGuidOf = (roleDefinitionId: string): string =>
  (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase()

const trimmed = (scope: string): string => scope.replace(/\/+$/, '').toLowerCase()

/** Pure: is the assignment made above this scope (its account, resource group, subscription, ...)? */
export const isInherited = (assignment: RoleAssignmentResource, scope: string): boolean =>
  trimmed(assignment.scope) !== trimmed(scope)

/** Pure: the role of an assignment can call models, as far as the judged roles say. */
export const opensModels = (
  assignment: RoleAssignmentResource,
  roles: ReadonlyMap<string, JudgedRole>
): boolean => roles.get(roleGuidOf(assignment.roleDefinitionId))?.opens === true

/**
 * Pure: the callers of a scope, from every assignment at or above it: those whose role has data actions that reach
 * the Cognitive Services data plane, in the order Resource Manager listed them. A grant marked `temporary until`
 * carries that time and whether it has passed; an assignment with an ABAC condition is marked, not evaluated.
 */
export function callersOf(
  assignments: readonly RoleAssignmentResource[],
  scope: string,
  roles: ReadonlyMap<string, JudgedRole>,
  names: ReadonlyMap<string, string>,
  now: Date
): Caller[] {
  return assignments
    .filter((assignment) => opensModels(assignment, roles))
    .map((assignment) => {
      const until = temporaryUntil(assignment.description)
      const displayName = names.get(assignment.principalId.toLowerCase())
      return {
        objectId: assignment.principalId,
        ...(assignment.principalType === undefined ? {} : { type: assignment.principalType }),
        ...(displayName === undefined ? {} : { displayName }),
        role: {
          name:
            roles.get(roleGuidOf(assignment.roleDefinitionId))?.name ??
            roleGuidOf(assignment.roleDefinitionId),
          id: assignment.roleDefinitionId
        },
        assignedAt: assignment.scope,
        inherited: isInherited(assignment, scope),
        ...(until === undefined
          ? {}
          : { temporaryUntil: utcSeconds(until), expired: until.getTime() <= now.getTime() }),
        ...(assignment.condition === undefined || assignment.condition === ''
          ? {}
          : { conditional: true as const }),
        assignmentId: assignment.id
      }
    })
}
