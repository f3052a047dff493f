// Microsoft.Authorization/roleAssignments (api-version 2022-04-01): create (idempotent by name), read,
// delete, with ARM's checks in ARM's order: subscription, caller's permission, scope, role definition,
// existing name, principal (replication and type), duplicate grant.
import type { Context } from '../../../context.js'
import { armError, armJsonBody, json, type EmuResponse } from '../../../http.js'
import { findObject, isReplicated } from '../../../world/directory.js'
import type { RoleAssignment } from '../../../world/types.js'
import { authorizationFailed, type Caller } from '../auth.js'
import { canPerform, canPerformUnder, findRoleDefinition } from './permissions.js'
import { usableAt } from './role-definitions.js'
import { assignmentId, renderAssignment } from './role-assignment-view.js'
import { noteDeleted, readView } from './read-lag.js'
import { normalizeScope, parseScope, renderScope, scopeMissing, subscriptionMissing } from '../scope.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const WRITE = 'Microsoft.Authorization/roleAssignments/write'
const DELETE = 'Microsoft.Authorization/roleAssignments/delete'
export const READ = 'Microsoft.Authorization/roleAssignments/read'

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const sameScope = (a: string, b: string): boolean => same(normalizeScope(a), normalizeScope(b))

function opScope(scope: string, name: string): string {
  return `${normalizeScope(scope)}/providers/Microsoft.Authorization/roleAssignments/${name}`
}

interface PutBody {
  properties?: {
    roleDefinitionId?: string
    principalId?: string
    principalType?: string
    description?: string | null
    condition?: string | null
  }
}

export function putRoleAssignment(
  ctx: Context,
  caller: Caller,
  scope: string,
  name: string,
  rawBody: string
): EmuResponse {
  const world = ctx.world
  const parsed = parseScope(scope)
  const subMissing = subscriptionMissing(world, parsed)
  if (subMissing) return subMissing
  if (!GUID.test(name)) {
    return armError(
      400,
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`
    )
  }
  const read = armJsonBody<PutBody>(rawBody)
  if ('refused' in read) return read.refused
  const body = read.body
  const p = body.properties
  if (!p?.roleDefinitionId || !p.principalId) {
    return armError(
      400,
      'InvalidRequestContent',
      "The request content was invalid: 'properties.roleDefinitionId' and 'properties.principalId' are required."
    )
  }
  // A delegated writer's condition sees the request: the role, principal and principal type of the body.
  const request = {
    roleDefinitionId: p.roleDefinitionId,
    principalId: p.principalId,
    principalType: p.principalType
  }
  if (!canPerformUnder(world, caller.oid, parsed.normalized, { action: WRITE, request }))
    return authorizationFailed(caller, WRITE, opScope(scope, name))
  const missing = scopeMissing(world, parsed)
  if (missing) return missing

  const roleGuid = /\/roleDefinitions\/([^/]+)$/i.exec(p.roleDefinitionId)?.[1] ?? ''
  const role = findRoleDefinition(world, roleGuid)
  if (!role || !usableAt(role, parsed.normalized)) {
    return armError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${roleGuid || p.roleDefinitionId}' does not exist.`
    )
  }

  const existing = world.roleAssignments.find((a) => same(a.name, name))
  if (existing) {
    const unchanged =
      sameScope(existing.scope, scope) &&
      same(existing.principalId, p.principalId) &&
      same(existing.roleDefinitionGuid, role.id)
    if (!unchanged) {
      return armError(
        400,
        'RoleAssignmentUpdateNotPermitted',
        'Tenant ID, application ID, principal ID, and scope are not allowed to be updated.'
      )
    }
    // Only the description (and condition) may change; the same content again is a no-op, answered 200.
    if (p.description !== undefined && p.description !== existing.description) {
      existing.description = p.description
      existing.updatedOn = Date.now()
      existing.updatedBy = caller.oid
    }
    return json(200, renderAssignment(existing))
  }

  const obj = findObject(world, p.principalId)
  const visible = obj !== undefined && isReplicated(obj)
  if (!p.principalType && !visible) {
    return armError(
      400,
      'PrincipalNotFound',
      `Principal ${p.principalId.replace(/-/g, '')} does not exist in the directory ${world.tenantId}. Check that you have the correct principal ID. If you are creating this principal and then immediately assigning a role, this error might be related to a replication delay. In this case, set the role assignment principalType property to a value, such as ServicePrincipal, User, or Group.  See https://aka.ms/docs-principaltype`
    )
  }
  // With principalType given ARM skips the directory look-up when it cannot see the object yet.
  if (p.principalType && visible && obj && !same(obj.kind, p.principalType)) {
    return armError(
      400,
      'UnmatchedPrincipalType',
      `The PrincipalId '${p.principalId.replace(/-/g, '')}' has type '${obj.kind}' , which is different from specified PrincipalType '${p.principalType}'.`
    )
  }
  const duplicate = world.roleAssignments.find(
    (a) =>
      sameScope(a.scope, scope) &&
      same(a.principalId, p.principalId ?? '') &&
      same(a.roleDefinitionGuid, role.id)
  )
  if (duplicate) return armError(409, 'RoleAssignmentExists', 'The role assignment already exists.')

  const now = Date.now()
  const created: RoleAssignment = {
    name: name.toLowerCase(),
    scope: renderScope(parsed.normalized),
    roleDefinitionGuid: role.id,
    principalId: p.principalId,
    principalType: p.principalType ?? obj?.kind ?? 'Unknown',
    description: p.description ?? null,
    condition: p.condition ?? null,
    createdOn: now,
    updatedOn: now,
    createdBy: caller.oid,
    updatedBy: caller.oid
  }
  world.roleAssignments.push(created)
  return json(201, renderAssignment(created))
}

export function getRoleAssignment(ctx: Context, caller: Caller, scope: string, name: string): EmuResponse {
  const parsed = parseScope(scope)
  const missing = subscriptionMissing(ctx.world, parsed)
  if (missing) return missing
  if (!canPerform(ctx.world, caller.oid, parsed.normalized, READ))
    return authorizationFailed(caller, READ, opScope(scope, name))
  const found = readView(ctx).find((a) => same(a.name, name) && sameScope(a.scope, scope))
  if (!found) return armError(404, 'RoleAssignmentNotFound', `The role assignment '${name}' is not found.`)
  return json(200, renderAssignment(found))
}

export function deleteRoleAssignment(ctx: Context, caller: Caller, scope: string, name: string): EmuResponse {
  const parsed = parseScope(scope)
  const subMissing = subscriptionMissing(ctx.world, parsed)
  if (subMissing) return subMissing
  if (!canPerform(ctx.world, caller.oid, parsed.normalized, DELETE))
    return authorizationFailed(caller, DELETE, opScope(scope, name))
  const missing = scopeMissing(ctx.world, parsed)
  if (missing) return missing
  const found = ctx.world.roleAssignments.find((a) => same(a.name, name) && sameScope(a.scope, scope))
  if (!found) return { status: 204 }
  // On a delete the condition sees the assignment itself.
  const resource = {
    roleDefinitionId: found.roleDefinitionGuid,
    principalId: found.principalId,
    principalType: found.principalType
  }
  if (!canPerformUnder(ctx.world, caller.oid, parsed.normalized, { action: DELETE, resource }))
    return authorizationFailed(caller, DELETE, opScope(scope, name))
  ctx.world.roleAssignments = ctx.world.roleAssignments.filter((a) => a !== found)
  noteDeleted(ctx, found)
  return json(200, renderAssignment(found))
}

export { assignmentId }
