import { actionMatches } from '../roles/roles.js'
import { restDetails } from '../errors.js'
import { builtInDataPermissions } from '../roles/data-actions.js'
import { roleNameOf } from './setup.js'
import type { ArmClient, PermissionResource, RoleAssignmentResource } from '../azure/arm.js'

/** What the pipeline identity holds at one scope: its effective permissions and the assignments behind them. */
export interface RightsAt {
  readonly scope: string
  readonly permissions: readonly PermissionResource[]
  /** Its own assignments at or above the scope (groups included), each with the actions of its role when known. */
  readonly assignments: readonly HeldAssignment[]
}

export interface HeldAssignment {
  readonly assignment: RoleAssignmentResource
  /** The role's actions and notActions; undefined when its definition could not be read. */
  readonly role?: PermissionResource & { readonly name: string }
}

/** The management-plane actions of the built-in roles that decide who may write role assignments. */
const BUILT_IN_ACTIONS: Readonly<Record<string, PermissionResource & { readonly name: string }>> = {
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635': { name: 'Owner', actions: ['*'], notActions: [] },
  'b24988ac-6180-42a0-ab88-20f7382dd24c': {
    name: 'Contributor',
    actions: ['*'],
    notActions: [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action'
    ]
  },
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9': {
    name: 'User Access Administrator',
    actions: ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'],
    notActions: []
  },
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168': {
    name: 'Role Based Access Control Administrator',
    actions: [
      'Microsoft.Authorization/roleAssignments/write',
      'Microsoft.Authorization/roleAssignments/delete',
      '*/read',
      'Microsoft.Support/*'
    ],
    notActions: []
  },
  'acdd72a7-3385-48ef-bd42-f606fba81ae7': { name: 'Reader', actions: ['*/read'], notActions: [] }
}

export const UNCONDITIONED_ADVICE_ROLES = [
  '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'f58310d9-a9f6-439a-9e8d-f62e7b41a168'
]

export const guidOf = (roleDefinitionId: string): string =>
  (roleDefinitionId.split('/').pop() ?? roleDefinitionId).toLowerCase()

/** Pure: do these permissions allow the action (some entry allows it and does not take it back)? */
export function allows(permissions: readonly PermissionResource[], action: string): boolean {
  return permissions.some(
    (p) =>
      p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((a) => actionMatches(a, action))
  )
}

async function roleOf(
  arm: ArmClient,
  scope: string,
  guid: string
): Promise<(PermissionResource & { name: string }) | undefined> {
  const known = BUILT_IN_ACTIONS[guid]
  if (known !== undefined) return known
  // The inference roles the action knows carry no Microsoft.Authorization action: nothing to read.
  if (builtInDataPermissions(guid) !== undefined)
    return { name: roleNameOf(guid), actions: [], notActions: [] }
  try {
    const definition = await arm.getRoleDefinition(scope, guid)
    return { name: definition.roleName, actions: definition.actions, notActions: definition.notActions }
  } catch (error) {
    // A role the identity cannot read (a definition elsewhere): its grant is judged by Resource Manager alone.
    if (restDetails(error).status !== undefined) return undefined
    throw error
  }
}

/**
 * Reads, at one scope and all at once, the pipeline identity's effective permissions and its own role assignments
 * (`assignedTo()`: its groups' too), with the actions of each assignment's role.
 */
export async function readRights(arm: ArmClient, scope: string, selfId: string): Promise<RightsAt> {
  const [permissions, held] = await Promise.all([
    arm.listPermissions(scope),
    arm.listAssignmentsAssignedTo(scope, selfId)
  ])
  const roles = new Map<string, Promise<(PermissionResource & { name: string }) | undefined>>()
  for (const assignment of held) {
    const guid = guidOf(assignment.roleDefinitionId)
    if (!roles.has(guid)) roles.set(guid, roleOf(arm, scope, guid))
  }
  const assignments = await Promise.all(
    held.map(async (assignment) => ({
      assignment,
      role: await roles.get(guidOf(assignment.roleDefinitionId))
    }))
  )
  return { scope, permissions, assignments }
}

/** The assignments whose role gives the action (those whose role is unknown are not counted). */
export function grantorsOf(rights: RightsAt, action: string): HeldAssignment[] {
  return rights.assignments.filter((held) => held.role !== undefined && allows([held.role], action))
}
