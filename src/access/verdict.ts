import type { DenyAssignmentResource, RoleAssignmentResource } from '../azure/arm.js'
import type { ResolvedPrincipal } from '../types.js'
import { opensModels, roleGuidOf } from './callers.js'
import type { JudgedRole } from './callers.js'
import { denyingAssignment } from './deny.js'
import type { Through, Verdict } from './types.js'

/** What decides one principal's verdict at one scope. */
export interface VerdictInput {
  readonly principal: ResolvedPrincipal
  readonly scope: string
  /** `atScope() and assignedTo(principal)`: its own assignments and its groups', at the scope and above. */
  readonly applying: readonly RoleAssignmentResource[]
  readonly roles: ReadonlyMap<string, JudgedRole>
  readonly names: ReadonlyMap<string, string>
  readonly denies: readonly DenyAssignmentResource[]
}

function throughOf(assignment: RoleAssignmentResource, input: VerdictInput): Through {
  const own = assignment.principalId.toLowerCase() === input.principal.objectId.toLowerCase()
  const displayName = input.names.get(assignment.principalId.toLowerCase())
  const guid = roleGuidOf(assignment.roleDefinitionId)
  return {
    assignmentId: assignment.id,
    role: input.roles.get(guid)?.name ?? guid,
    assignedAt: assignment.scope,
    ...(own
      ? {}
      : {
          group: { objectId: assignment.principalId, ...(displayName === undefined ? {} : { displayName }) }
        }),
    ...(assignment.condition === undefined || assignment.condition === ''
      ? {}
      : { conditional: true as const })
  }
}

/**
 * Pure: can this principal call models at the scope? Yes when an assignment that applies to it (its own, or one of
 * a group it belongs to) has a role with data actions, and no deny assignment takes the inference actions away.
 */
export function verdictOf(input: VerdictInput): Verdict {
  const { principal } = input
  const base = {
    principal: principal.spec.raw,
    objectId: principal.objectId,
    ...(principal.type === undefined ? {} : { type: principal.type })
  }
  const granting = input.applying.filter((assignment) => opensModels(assignment, input.roles))
  if (granting.length === 0) {
    return {
      ...base,
      result: 'cannot call',
      through: [],
      reason:
        'no role with data actions is assigned to it or to a group it belongs to, at this scope or above'
    }
  }
  const identities = [principal.objectId, ...granting.map((assignment) => assignment.principalId)]
  const deny = denyingAssignment(input.denies, input.scope, identities)
  const through = granting.map((assignment) => throughOf(assignment, input))
  if (deny !== undefined) {
    return {
      ...base,
      result: 'cannot call',
      through,
      reason: `deny assignment ${deny.id} takes the inference data actions away`
    }
  }
  return { ...base, result: 'can call', through }
}
