import { temporaryUntil } from '../grant/expiry.js'
import type { RoleAssignmentResource } from '../azure/arm.js'

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const trimmed = (scope: string): string => scope.replace(/\/+$/, '')

/**
 * Pure: what the sweep removes: assignments made exactly at the scope (not inherited from above), whose description
 * says `temporary until` a time before `now`, and that the signed-in identity created. Nothing else, whatever the
 * role: the description alone is never enough, since anyone who can write an assignment can write it.
 */
export function expiredTemporaryGrants(
  assignments: readonly RoleAssignmentResource[],
  scope: string,
  self: string,
  now: Date
): RoleAssignmentResource[] {
  return assignments.filter((assignment) => {
    const until = temporaryUntil(assignment.description)
    return (
      same(trimmed(assignment.scope), trimmed(scope)) &&
      assignment.createdBy !== undefined &&
      same(assignment.createdBy, self) &&
      until !== undefined &&
      until.getTime() < now.getTime()
    )
  })
}
