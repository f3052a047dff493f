// Microsoft.Authorization/roleAssignmentScheduleRequests (api-version 2020-10-01): AdminAssign creates a
// time-bound active assignment (a schedule and the role assignment it holds), AdminRemove ends one early.
// Checks in PIM's order, each with its real answer: licence (AadPremiumLicenseRequired), role, subject
// (SubjectNotFound while replicating), schedule (ActiveDurationTooShort under five minutes), an existing
// grant (RoleAssignmentExists), the role's policy (RoleAssignmentRequestPolicyValidationFailed), and on
// removal the five-minute rule.
import { randomUUID } from 'node:crypto'
import type { Context } from '../../../context.js'
import { armError, armJsonBody, json, type EmuResponse } from '../../../http.js'
import { findObject, isReplicated } from '../../../world/directory.js'
import {
  isoDurationMs,
  PIM_SERVICE_OBJECT_ID,
  pimNow,
  pimOf,
  type PimRequest,
  type PimSchedule
} from '../../../world/pim.js'
import type { RoleAssignment, RoleDefinition, World } from '../../../world/types.js'
import type { Caller } from '../auth.js'
import { findRoleDefinition } from '../authorization/permissions.js'
import { effectivePolicy } from './pim-policy.js'
import { roleDefinitionId, usableAt } from '../authorization/role-definitions.js'
import { normalizeScope, parseScope, renderScope } from '../scope.js'

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const FIVE_MINUTES = 5 * 60_000
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const sameScope = (a: string, b: string): boolean => same(normalizeScope(a), normalizeScope(b))
const iso = (ms: number): string => new Date(ms).toISOString()

interface RequestBody {
  properties?: {
    roleDefinitionId?: string
    principalId?: string
    requestType?: string
    justification?: string | null
    ticketInfo?: { ticketNumber?: string | null; ticketSystem?: string | null } | null
    scheduleInfo?: {
      startDateTime?: string | null
      expiration?: { type?: string; duration?: string | null; endDateTime?: string | null } | null
    } | null
  }
}

export const licenceRequired = (): EmuResponse =>
  armError(400, 'AadPremiumLicenseRequired', 'The tenant needs an AAD Premium 2 license.')

const tooShort = (): EmuResponse =>
  armError(400, 'ActiveDurationTooShort', 'The Active duration is too short. Miniumum Required is 5 minutes.')

const scheduleId = (s: { scope: string; name: string }): string =>
  `${normalizeScope(s.scope)}/providers/Microsoft.Authorization/roleAssignmentSchedules/${s.name}`

export function renderRequest(world: World, r: PimRequest): Record<string, unknown> {
  const sub = parseScope(r.scope).subscriptionId
  const role = findRoleDefinition(world, r.roleDefinitionGuid)
  return {
    properties: {
      targetRoleAssignmentScheduleId: r.scheduleName
        ? scheduleId({ scope: r.scope, name: r.scheduleName })
        : null,
      targetRoleAssignmentScheduleInstanceId: null,
      scope: renderScope(normalizeScope(r.scope)),
      roleDefinitionId: roleDefinitionId(sub, r.roleDefinitionGuid),
      principalId: r.principalId,
      principalType: r.principalType,
      requestType: r.requestType,
      status: r.status,
      approvalId: null,
      scheduleInfo: { startDateTime: r.startDateTime, expiration: r.expiration },
      ticketInfo: { ticketNumber: r.ticketNumber, ticketSystem: r.ticketSystem },
      justification: r.justification,
      requestorId: r.requestorId,
      createdOn: iso(r.createdOn),
      condition: null,
      conditionVersion: null,
      expandedProperties: {
        scope: {
          id: renderScope(normalizeScope(r.scope)),
          displayName: r.scope.split('/').pop(),
          type: 'resource'
        },
        roleDefinition: {
          id: roleDefinitionId(sub, r.roleDefinitionGuid),
          displayName: role?.roleName ?? null,
          type: role?.type ?? null
        },
        principal: { id: r.principalId, displayName: null, email: null, type: r.principalType }
      }
    },
    name: r.name,
    id: `${normalizeScope(r.scope)}/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/${r.name}`,
    type: 'Microsoft.Authorization/RoleAssignmentScheduleRequests'
  }
}

interface Parsed {
  role: RoleDefinition
  principalId: string
  principalType: string
  requestType: string
  body: NonNullable<RequestBody['properties']>
}

function parse(world: World, scope: string, rawBody: string): Parsed | EmuResponse {
  const parsed = armJsonBody<RequestBody>(rawBody)
  if ('refused' in parsed) return parsed.refused
  const body = parsed.body
  const p = body.properties
  if (!p?.roleDefinitionId || !p.principalId || !p.requestType) {
    return armError(
      400,
      'InvalidRequestContent',
      "The request content was invalid: 'properties.roleDefinitionId', 'properties.principalId' and 'properties.requestType' are required."
    )
  }
  const guid = /\/roleDefinitions\/([^/]+)$/i.exec(p.roleDefinitionId)?.[1] ?? ''
  const role = findRoleDefinition(world, guid)
  if (!role || !usableAt(role, normalizeScope(scope))) {
    return armError(
      400,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${guid || p.roleDefinitionId}' does not exist.`
    )
  }
  const obj = findObject(world, p.principalId)
  // PIM has no principalType to pass, so a principal its directory cannot see yet is simply not found.
  if (!obj || !isReplicated(obj)) {
    return armError(400, 'SubjectNotFound', 'The subject is not found.')
  }
  return { role, principalId: p.principalId, principalType: obj.kind, requestType: p.requestType, body: p }
}

/** The failed rules of the role's policy at the scope, in the order PIM names them. */
function failedRules(
  ctx: Context,
  caller: Caller,
  scope: string,
  parsed: Parsed,
  durationMs: number | null
): string[] {
  const policy = effectivePolicy(ctx.world, scope, parsed.role.id)
  const failed: string[] = []
  const max = isoDurationMs(policy.maximumDuration) ?? Infinity
  if ((durationMs === null && policy.isExpirationRequired) || (durationMs !== null && durationMs > max))
    failed.push('ExpirationRule')
  if (policy.enabledRules.includes('Justification') && !parsed.body.justification?.trim())
    failed.push('JustificationRule')
  if (policy.enabledRules.includes('Ticketing') && !parsed.body.ticketInfo?.ticketNumber?.trim())
    failed.push('TicketingRule')
  // Tokens of applications never carry the mfa claim: an app cannot satisfy this rule.
  const amr = caller.claims.amr
  if (
    policy.enabledRules.includes('MultiFactorAuthentication') &&
    !(Array.isArray(amr) && amr.includes('mfa'))
  )
    failed.push('MfaRule')
  return failed
}

function activeGrant(
  world: World,
  scope: string,
  principalId: string,
  roleGuid: string
): RoleAssignment | undefined {
  return world.roleAssignments.find(
    (a) =>
      sameScope(a.scope, scope) && same(a.principalId, principalId) && same(a.roleDefinitionGuid, roleGuid)
  )
}

function record(
  ctx: Context,
  caller: Caller,
  scope: string,
  name: string,
  parsed: Parsed,
  extra: Partial<PimRequest>
): PimRequest {
  const now = pimNow(ctx.world)
  const e = parsed.body.scheduleInfo?.expiration
  const request: PimRequest = {
    name: name.toLowerCase(),
    scope: renderScope(normalizeScope(scope)),
    roleDefinitionGuid: parsed.role.id,
    principalId: parsed.principalId,
    principalType: parsed.principalType,
    requestType: parsed.requestType,
    status: 'Provisioned',
    justification: parsed.body.justification ?? null,
    ticketNumber: parsed.body.ticketInfo?.ticketNumber ?? null,
    ticketSystem: parsed.body.ticketInfo?.ticketSystem ?? null,
    startDateTime: parsed.body.scheduleInfo?.startDateTime ?? iso(now),
    expiration: {
      type: e?.type ?? 'NoExpiration',
      duration: e?.duration ?? null,
      endDateTime: e?.endDateTime ?? null
    },
    requestorId: caller.oid,
    createdOn: now,
    scheduleName: null,
    ...extra
  }
  pimOf(ctx.world).requests.push(request)
  return request
}

/** The schedule's length from its expiration: ms, null for none, or the error PIM answers. */
function durationOf(parsed: Parsed, start: number): number | null | EmuResponse {
  const e = parsed.body.scheduleInfo?.expiration
  const invalid = (): EmuResponse =>
    armError(400, 'InvalidRoleAssignmentRequestSchedule', 'The role assignment request schedule is invalid.')
  const type = e?.type ?? 'NoExpiration'
  if (same(type, 'NoExpiration')) return null
  if (same(type, 'AfterDuration')) {
    const ms = isoDurationMs(e?.duration ?? '')
    return ms === undefined ? invalid() : ms
  }
  if (same(type, 'AfterDateTime')) {
    const end = Date.parse(e?.endDateTime ?? '')
    return Number.isNaN(end) ? invalid() : end - start
  }
  return invalid()
}

function adminAssign(ctx: Context, caller: Caller, scope: string, name: string, parsed: Parsed): EmuResponse {
  const world = ctx.world
  const now = pimNow(world)
  const startText = parsed.body.scheduleInfo?.startDateTime
  const start = startText ? Date.parse(startText) : now
  if (Number.isNaN(start)) {
    return armError(
      400,
      'InvalidRoleAssignmentRequestSchedule',
      'The role assignment request schedule is invalid.'
    )
  }
  const duration = durationOf(parsed, start)
  if (duration !== null && typeof duration === 'object') return duration
  if (duration !== null && duration < FIVE_MINUTES) return tooShort()
  if (activeGrant(world, scope, parsed.principalId, parsed.role.id))
    return armError(409, 'RoleAssignmentExists', 'The Role assignment already exists.')
  const failed = failedRules(ctx, caller, scope, parsed, duration)
  if (failed.length > 0) {
    return armError(
      400,
      'RoleAssignmentRequestPolicyValidationFailed',
      `The following policy rules failed: ${JSON.stringify(failed)}`
    )
  }
  const schedule: PimSchedule = {
    name: name.toLowerCase(),
    scope: renderScope(normalizeScope(scope)),
    roleDefinitionGuid: parsed.role.id,
    principalId: parsed.principalId,
    principalType: parsed.principalType,
    requestName: name.toLowerCase(),
    start,
    end: duration === null ? null : start + duration,
    assignmentName: randomUUID(),
    createdOn: now
  }
  pimOf(world).schedules.push(schedule)
  world.roleAssignments.push({
    name: schedule.assignmentName,
    scope: schedule.scope,
    roleDefinitionGuid: parsed.role.id,
    principalId: parsed.principalId,
    principalType: parsed.principalType,
    description: null,
    condition: null,
    createdOn: Date.now(),
    updatedOn: Date.now(),
    createdBy: PIM_SERVICE_OBJECT_ID,
    updatedBy: PIM_SERVICE_OBJECT_ID
  })
  const request = record(ctx, caller, scope, name, parsed, { scheduleName: schedule.name })
  return json(201, renderRequest(world, request))
}

function adminRemove(ctx: Context, caller: Caller, scope: string, name: string, parsed: Parsed): EmuResponse {
  const world = ctx.world
  const pim = pimOf(world)
  const grant = activeGrant(world, scope, parsed.principalId, parsed.role.id)
  if (!grant) return armError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.')
  const schedule = pim.schedules.find((s) => same(s.assignmentName, grant.name))
  const startedAt = schedule?.start ?? grant.createdOn
  if (pimNow(world) - startedAt < FIVE_MINUTES) return tooShort()
  world.roleAssignments = world.roleAssignments.filter((a) => a !== grant)
  if (schedule) pim.schedules = pim.schedules.filter((s) => s !== schedule)
  const request = record(ctx, caller, scope, name, parsed, {
    status: 'Revoked',
    scheduleName: schedule?.name ?? null
  })
  return json(201, renderRequest(world, request))
}

export function putScheduleRequest(
  ctx: Context,
  caller: Caller,
  scope: string,
  name: string,
  rawBody: string
): EmuResponse {
  if (!GUID.test(name)) {
    return armError(
      400,
      'InvalidRoleAssignmentScheduleRequestName',
      `The role assignment schedule request name '${name}' is not valid. It must be a GUID.`
    )
  }
  if (pimOf(ctx.world).requests.some((r) => same(r.name, name))) {
    return armError(
      409,
      'RoleAssignmentScheduleRequestExists',
      `A role assignment request with Id: ${name} already exists.`
    )
  }
  const parsed = parse(ctx.world, scope, rawBody)
  if (!('role' in parsed)) return parsed
  if (same(parsed.requestType, 'AdminAssign')) return adminAssign(ctx, caller, scope, name, parsed)
  if (same(parsed.requestType, 'AdminRemove')) return adminRemove(ctx, caller, scope, name, parsed)
  return armError(
    400,
    'InvalidRequestType',
    `The request type '${parsed.requestType}' is not supported here.`
  )
}

export function getScheduleRequest(world: World, scope: string, name: string): EmuResponse {
  const found = pimOf(world).requests.find((r) => same(r.name, name) && sameScope(r.scope, scope))
  return found
    ? json(200, renderRequest(world, found))
    : armError(
        404,
        'RoleAssignmentScheduleRequestNotFound',
        `The role assignment schedule request '${name}' is not found.`
      )
}

export function listScheduleRequests(world: World, scope: string): EmuResponse {
  const value = pimOf(world)
    .requests.filter((r) => sameScope(r.scope, scope))
    .map((r) => renderRequest(world, r))
  return json(200, { value })
}

export function renderSchedule(world: World, s: PimSchedule): Record<string, unknown> {
  const sub = parseScope(s.scope).subscriptionId
  return {
    properties: {
      scope: renderScope(normalizeScope(s.scope)),
      roleDefinitionId: roleDefinitionId(sub, s.roleDefinitionGuid),
      principalId: s.principalId,
      principalType: s.principalType,
      roleAssignmentScheduleRequestId: `${normalizeScope(s.scope)}/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/${s.requestName}`,
      linkedRoleEligibilityScheduleId: null,
      assignmentType: 'Assigned',
      memberType: 'Direct',
      status: 'Provisioned',
      startDateTime: iso(s.start),
      endDateTime: s.end === null ? null : iso(s.end),
      condition: null,
      conditionVersion: null,
      createdOn: iso(s.createdOn),
      updatedOn: iso(s.createdOn)
    },
    name: s.name,
    id: scheduleId(s),
    type: 'Microsoft.Authorization/roleAssignmentSchedules'
  }
}

export function listSchedules(world: World, scope: string): EmuResponse {
  const value = pimOf(world)
    .schedules.filter((s) => sameScope(s.scope, scope))
    .map((s) => renderSchedule(world, s))
  return json(200, { value })
}

export function getSchedule(world: World, scope: string, name: string): EmuResponse {
  const found = pimOf(world).schedules.find((s) => same(s.name, name) && sameScope(s.scope, scope))
  return found
    ? json(200, renderSchedule(world, found))
    : armError(404, 'RoleAssignmentScheduleNotFound', `The role assignment schedule '${name}' is not found.`)
}
