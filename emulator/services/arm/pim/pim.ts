// Routes of PIM for Azure resources under any scope (api-version 2020-10-01): schedule requests, the schedules
// they create, and the role management policies with their assignments. ARM's front door checks come first
// (subscription, the caller's permission, the scope), then the PIM service's own: the tenant's licence.
import type { Context } from '../../../context.js'
import { armError, type EmuRequest, type EmuResponse } from '../../../http.js'
import { expirePim, pimOf } from '../../../world/pim.js'
import { authorizationFailed, type Caller } from '../auth.js'
import { canPerform } from '../authorization/permissions.js'
import { getPolicy, getPolicyAssignment, listPolicies, listPolicyAssignments } from './pim-policy.js'
import {
  getSchedule,
  getScheduleRequest,
  licenceRequired,
  listScheduleRequests,
  listSchedules,
  putScheduleRequest
} from './pim-requests.js'
import { normalizeScope, parseScope, scopeMissing, subscriptionMissing } from '../scope.js'

const ROUTE =
  /^(.*)\/providers\/Microsoft\.Authorization\/(roleAssignmentScheduleRequests|roleAssignmentSchedules|roleManagementPolicies|roleManagementPolicyAssignments)(?:\/([^/]+))?$/i

const RESOURCE: Record<string, string> = {
  roleassignmentschedulerequests: 'roleAssignmentScheduleRequests',
  roleassignmentschedules: 'roleAssignmentSchedules',
  rolemanagementpolicies: 'roleManagementPolicies',
  rolemanagementpolicyassignments: 'roleManagementPolicyAssignments'
}

function frontDoor(
  ctx: Context,
  caller: Caller,
  scope: string,
  action: string,
  target: string
): EmuResponse | undefined {
  const parsed = parseScope(scope)
  const sub = subscriptionMissing(ctx.world, parsed)
  if (sub) return sub
  if (!canPerform(ctx.world, caller.oid, parsed.normalized, action))
    return authorizationFailed(caller, action, target)
  const missing = scopeMissing(ctx.world, parsed)
  if (missing) return missing
  return pimOf(ctx.world).licensed ? undefined : licenceRequired()
}

/** The PIM answer for the request, or undefined when the path is not one of PIM's. */
export function routePim(
  ctx: Context,
  caller: Caller,
  req: EmuRequest,
  path: string
): EmuResponse | undefined {
  const m = ROUTE.exec(path)
  if (!m) return undefined
  const scope = normalizeScope(m[1] ?? '')
  const kind = RESOURCE[(m[2] ?? '').toLowerCase()] ?? ''
  const name = m[3]
  const target = `${scope}/providers/Microsoft.Authorization/${kind}${name ? `/${name}` : ''}`
  const write = req.method === 'PUT'
  if (!write && req.method !== 'GET') return undefined
  if (write && (kind !== 'roleAssignmentScheduleRequests' || !name)) return undefined
  const denied = frontDoor(
    ctx,
    caller,
    scope,
    `Microsoft.Authorization/${kind}/${write ? 'write' : 'read'}`,
    target
  )
  if (denied) return denied
  expirePim(ctx.world)
  const filter = req.query.get('$filter')
  switch (kind) {
    case 'roleAssignmentScheduleRequests':
      if (write) return putScheduleRequest(ctx, caller, scope, name ?? '', req.body)
      return name ? getScheduleRequest(ctx.world, scope, name) : listScheduleRequests(ctx.world, scope)
    case 'roleAssignmentSchedules':
      return name ? getSchedule(ctx.world, scope, name) : listSchedules(ctx.world, scope)
    case 'roleManagementPolicies':
      return name ? getPolicy(ctx.world, scope, name) : listPolicies(ctx.world, scope, filter)
    case 'roleManagementPolicyAssignments':
      return name
        ? getPolicyAssignment(ctx.world, scope, name)
        : listPolicyAssignments(ctx.world, scope, filter)
  }
  return armError(
    404,
    'InvalidResourceType',
    `The resource type could not be found for ${req.method} '${path}'.`
  )
}
