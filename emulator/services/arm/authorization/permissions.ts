// Azure RBAC evaluation: a principal (with its groups) may perform an action at a scope when a role
// assigned at that scope or above allows it through `actions` minus `notActions` (data actions likewise),
// with `*` wildcards and case-insensitive names, as Azure evaluates them.
import type { Context } from '../../../context.js'
import { BUILTIN_ROLES, FOUNDRY_ROLE_NAMES } from '../../../world/builtin-roles.js'
import { principalAndGroups } from '../../../world/directory.js'
import type { RoleAssignment, RoleDefinition, World } from '../../../world/types.js'
import { inheritsFrom } from '../scope.js'
import { isDenied } from './deny-assignments.js'
import { evaluateCondition, type ConditionInput } from './conditions.js'

const patternCache = new Map<string, RegExp>()

export function actionMatches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern)
  if (!re) {
    re = new RegExp(
      `^${pattern
        .split('*')
        .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
        .join('.*')}$`,
      'i'
    )
    patternCache.set(pattern, re)
  }
  return re.test(action)
}

export function roleAllows(role: RoleDefinition, action: string, data: boolean): boolean {
  return role.permissions.some((p) => {
    const allow = data ? p.dataActions : p.actions
    const deny = data ? p.notDataActions : p.notActions
    return allow.some((a) => actionMatches(a, action)) && !deny.some((a) => actionMatches(a, action))
  })
}

export function allRoleDefinitions(world: World): RoleDefinition[] {
  const builtIns =
    world.roleNames === 'foundry'
      ? BUILTIN_ROLES.map((r) => ({ ...r, roleName: FOUNDRY_ROLE_NAMES[r.id] ?? r.roleName }))
      : BUILTIN_ROLES
  return [...builtIns, ...world.roleDefinitions]
}

export function findRoleDefinition(world: World, guid: string): RoleDefinition | undefined {
  const g = guid.toLowerCase()
  return allRoleDefinitions(world).find((r) => r.id.toLowerCase() === g)
}

/** Assignments that apply to the principal (directly or through groups) at the scope or above. */
export function applicableAssignments(world: World, principalId: string, scope: string): RoleAssignment[] {
  const ids = new Set(principalAndGroups(world, principalId))
  return world.roleAssignments.filter(
    (a) => ids.has(a.principalId.toLowerCase()) && inheritsFrom(world, a.scope, scope)
  )
}

export function canPerform(world: World, principalId: string, scope: string, action: string): boolean {
  return applicableAssignments(world, principalId, scope).some((a) => {
    const role = findRoleDefinition(world, a.roleDefinitionGuid)
    return role !== undefined && roleAllows(role, action, false)
  })
}

/**
 * When the principal's data action at the scope takes effect: the earliest granting assignment's creation
 * plus the propagation delay; undefined when nothing grants it.
 */
export function dataAccessEffectiveAt(
  ctx: Context,
  principalId: string,
  scope: string,
  dataAction: string
): number | undefined {
  // A deny assignment wins over any role that allows the action.
  if (isDenied(ctx.world, principalId, scope, dataAction, true)) return undefined
  const times = applicableAssignments(ctx.world, principalId, scope)
    .filter((a) => {
      const role = findRoleDefinition(ctx.world, a.roleDefinitionGuid)
      return role !== undefined && roleAllows(role, dataAction, true)
    })
    .map((a) => a.createdOn + ctx.options.propagationDelayMs)
  return times.length === 0 ? undefined : Math.min(...times)
}

/**
 * As Resource Manager decides a delegated role-assignment write or delete: some assignment at or above the scope
 * whose role allows the action, and whose condition (if any) holds for the request (PUT) or the resource (DELETE).
 */
export function canPerformUnder(
  world: World,
  principalId: string,
  scope: string,
  input: ConditionInput
): boolean {
  return applicableAssignments(world, principalId, scope).some((a) => {
    const role = findRoleDefinition(world, a.roleDefinitionGuid)
    if (role === undefined || !roleAllows(role, input.action, false)) return false
    const condition = (a.condition ?? '').trim()
    return condition === '' || evaluateCondition(condition, input) === true
  })
}

/** `Microsoft.Authorization/permissions`: the permissions of every role the principal holds at or above the scope. */
export function effectivePermissions(
  world: World,
  principalId: string,
  scope: string
): RoleDefinition['permissions'] {
  return applicableAssignments(world, principalId, scope).flatMap(
    (a) => findRoleDefinition(world, a.roleDefinitionGuid)?.permissions ?? []
  )
}
