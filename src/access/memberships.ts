import * as core from '@actions/core'
import { restDetails } from '../errors.js'
import { PRINCIPAL_CONCURRENCY } from '../constants.js'
import { mapAll } from '../util/concurrency.js'
import type { ArmClient, RoleAssignmentResource } from '../azure/arm.js'
import type { GraphClient } from '../azure/graph.js'
import type { ResolvedPrincipal } from '../types.js'
import type { ScopeReading } from './read.js'

/**
 * Each principal's groups from Microsoft Graph (`transitiveMemberOf`), one request per principal whatever the number
 * of scopes; undefined for a principal whose groups Graph would not give (403, or no type known).
 */
export async function readGroups(
  graph: () => GraphClient,
  principals: readonly ResolvedPrincipal[]
): Promise<(readonly string[] | undefined)[]> {
  let refused = false
  const groups = await mapAll(principals, PRINCIPAL_CONCURRENCY, async (principal) => {
    if (principal.type === undefined) return undefined
    try {
      return await graph().transitiveGroupsOf(principal.objectId, principal.type)
    } catch (error) {
      // 403 (no GroupMember.Read.All) or any other answer Graph gives: Resource Manager expands them instead.
      if (restDetails(error).status === undefined) throw error
      refused = true
      return undefined
    }
  })
  if (refused)
    core.info(
      'Microsoft Graph did not list group memberships (reading them needs GroupMember.Read.All): Resource Manager expands them instead (assignedTo(), one request per principal and scope). GroupMember.Read.All saves those requests.'
    )
  return groups
}

/**
 * The assignments that apply to each principal at each scope (its own and its groups'), scope by scope: from the
 * scope's list when its groups are known, else from Resource Manager's `atScope() and assignedTo()`.
 */
export async function applyingAssignments(
  arm: ArmClient,
  readings: readonly ScopeReading[],
  principals: readonly ResolvedPrincipal[],
  groups: readonly (readonly string[] | undefined)[]
): Promise<RoleAssignmentResource[][][]> {
  const pairs = readings.flatMap((reading) => principals.map((principal, p) => ({ reading, principal, p })))
  const lists = await mapAll(pairs, PRINCIPAL_CONCURRENCY, async ({ reading, principal, p }) => {
    const known = groups[p]
    if (known === undefined) return arm.listAssignmentsAssignedTo(reading.target.id, principal.objectId)
    const ids = new Set([principal.objectId, ...known].map((id) => id.toLowerCase()))
    return reading.assignments.filter((assignment) => ids.has(assignment.principalId.toLowerCase()))
  })
  return readings.map((_, s) => principals.map((_, p) => lists[s * principals.length + p] ?? []))
}
