// Microsoft.Authorization/roleManagementPolicies and roleManagementPolicyAssignments (api-version 2020-10-01):
// the PIM role settings of every role at every scope, read with `$filter=roleDefinitionId eq '{id}'` or
// without a filter (every role), and by name. Each scope and role has its policy, made from the tenant's
// defaults and the overrides tests put in pimOf(world).policies.
import { createHash } from 'node:crypto'
import { armError, json, type EmuResponse } from '../../../http.js'
import { PIM_DEFAULTS, pimOf, type EnablementRule, type PimPolicyOverride } from '../../../world/pim.js'
import type { RoleDefinition, World } from '../../../world/types.js'
import { allRoleDefinitions, findRoleDefinition } from '../authorization/permissions.js'
import { roleDefinitionId, usableAt } from '../authorization/role-definitions.js'
import { isAncestorOrSelf, normalizeScope, parseScope, renderScope } from '../scope.js'

export interface EffectivePolicy {
  maximumDuration: string
  isExpirationRequired: boolean
  enabledRules: EnablementRule[]
}

/** The admin-assignment settings in force for a role at a scope: the nearest override wins, field by field. */
export function effectivePolicy(world: World, scope: string, roleGuid: string): EffectivePolicy {
  const applicable = pimOf(world)
    .policies.filter(
      (p) =>
        isAncestorOrSelf(p.scope, scope) &&
        (!p.roleDefinitionGuid || p.roleDefinitionGuid.toLowerCase() === roleGuid.toLowerCase())
    )
    .sort((a, b) => normalizeScope(a.scope).length - normalizeScope(b.scope).length)
  const pick = <K extends keyof PimPolicyOverride>(key: K): PimPolicyOverride[K] | undefined =>
    applicable.reduce<PimPolicyOverride[K] | undefined>((v, p) => p[key] ?? v, undefined)
  return {
    maximumDuration: pick('maximumDuration') ?? PIM_DEFAULTS.maximumDuration,
    isExpirationRequired: pick('isExpirationRequired') ?? PIM_DEFAULTS.isExpirationRequired,
    enabledRules: [...(pick('enabledRules') ?? PIM_DEFAULTS.enabledRules)]
  }
}

function guidFrom(seed: string): string {
  const h = createHash('sha1').update(seed.toLowerCase()).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`
}

export const policyName = (scope: string, roleGuid: string): string =>
  guidFrom(`policy|${normalizeScope(scope)}|${roleGuid}`)

const target = (caller: 'Admin' | 'EndUser', level: 'Assignment' | 'Eligibility') => ({
  caller,
  operations: ['All'],
  level,
  targetObjects: null,
  inheritableSettings: null,
  enforcedSettings: null
})

function rules(p: EffectivePolicy): Record<string, unknown>[] {
  const expiration = 'RoleManagementPolicyExpirationRule'
  const enablement = 'RoleManagementPolicyEnablementRule'
  return [
    {
      isExpirationRequired: true,
      maximumDuration: 'P365D',
      id: 'Expiration_Admin_Eligibility',
      ruleType: expiration,
      target: target('Admin', 'Eligibility')
    },
    {
      enabledRules: [],
      id: 'Enablement_Admin_Eligibility',
      ruleType: enablement,
      target: target('Admin', 'Eligibility')
    },
    {
      isExpirationRequired: p.isExpirationRequired,
      maximumDuration: p.maximumDuration,
      id: 'Expiration_Admin_Assignment',
      ruleType: expiration,
      target: target('Admin', 'Assignment')
    },
    {
      enabledRules: p.enabledRules,
      id: 'Enablement_Admin_Assignment',
      ruleType: enablement,
      target: target('Admin', 'Assignment')
    },
    {
      isExpirationRequired: true,
      maximumDuration: 'PT8H',
      id: 'Expiration_EndUser_Assignment',
      ruleType: expiration,
      target: target('EndUser', 'Assignment')
    },
    {
      enabledRules: ['MultiFactorAuthentication', 'Justification'],
      id: 'Enablement_EndUser_Assignment',
      ruleType: enablement,
      target: target('EndUser', 'Assignment')
    },
    {
      setting: {
        isApprovalRequired: false,
        isApprovalRequiredForExtension: false,
        isRequestorJustificationRequired: true,
        approvalMode: 'SingleStage',
        approvalStages: []
      },
      id: 'Approval_EndUser_Assignment',
      ruleType: 'RoleManagementPolicyApprovalRule',
      target: target('EndUser', 'Assignment')
    }
  ]
}

function scopeInfo(scope: string): Record<string, unknown> {
  const parsed = parseScope(scope)
  const type = parsed.resource
    ? 'resource'
    : parsed.resourceGroup
      ? 'resourcegroup'
      : parsed.subscriptionId
        ? 'subscription'
        : 'managementgroup'
  const displayName =
    parsed.resource?.name ?? parsed.resourceGroup ?? parsed.subscriptionId ?? 'Tenant Root Group'
  return { id: renderScope(parsed.normalized), displayName, type }
}

function renderPolicy(world: World, scope: string, role: RoleDefinition): Record<string, unknown> {
  const s = normalizeScope(scope)
  const name = policyName(s, role.id)
  const effective = rules(effectivePolicy(world, s, role.id))
  return {
    properties: {
      scope: renderScope(s),
      displayName: 'Default',
      description: 'Default',
      isOrganizationDefault: false,
      lastModifiedBy: { id: null, displayName: null, type: null, email: null },
      lastModifiedDateTime: null,
      rules: effective,
      effectiveRules: effective,
      policyProperties: { scope: scopeInfo(s) }
    },
    name,
    id: `${s}/providers/Microsoft.Authorization/roleManagementPolicies/${name}`,
    type: 'Microsoft.Authorization/RoleManagementPolicies'
  }
}

function renderPolicyAssignment(world: World, scope: string, role: RoleDefinition): Record<string, unknown> {
  const s = normalizeScope(scope)
  const policy = policyName(s, role.id)
  const roleId = roleDefinitionId(parseScope(s).subscriptionId, role.id)
  const policyId = `${s}/providers/Microsoft.Authorization/roleManagementPolicies/${policy}`
  const name = `${policy}_${role.id}`
  return {
    properties: {
      scope: renderScope(s),
      roleDefinitionId: roleId,
      policyId,
      effectiveRules: rules(effectivePolicy(world, s, role.id)),
      policyAssignmentProperties: {
        scope: scopeInfo(s),
        roleDefinition: { id: roleId, displayName: role.roleName, type: role.type },
        policy: {
          id: policyId,
          lastModifiedBy: { id: null, displayName: null, type: null, email: null },
          lastModifiedDateTime: null
        }
      }
    },
    name,
    // ARM names the type (and the ID's segment) in the singular here, unlike the collection it is listed from.
    id: `${s}/providers/Microsoft.Authorization/roleManagementPolicyAssignment/${name}`,
    type: 'Microsoft.Authorization/RoleManagementPolicyAssignment'
  }
}

/**
 * The roles a `$filter` selects: `roleDefinitionId eq '{role definition ID or GUID}'`, optionally with
 * `and scope eq '{scope}'` (which must be the scope asked at), or every role without a filter.
 */
function rolesFor(world: World, scope: string, filter: string | null): RoleDefinition[] | EmuResponse {
  const all = allRoleDefinitions(world).filter((r) => usableAt(r, normalizeScope(scope)))
  if (!filter || filter.trim() === '') return all
  let roles = all
  for (const term of filter.split(/\s+and\s+/i)) {
    const role = /^\s*roleDefinitionId\s+eq\s+'([^']*)'\s*$/i.exec(term)
    const at = /^\s*scope\s+eq\s+'([^']*)'\s*$/i.exec(term)
    if (role) {
      const guid = (/([^/]+)$/.exec(role[1] ?? '')?.[1] ?? '').toLowerCase()
      roles = roles.filter((r) => r.id.toLowerCase() === guid)
    } else if (at) {
      if (normalizeScope(at[1] ?? '').toLowerCase() !== normalizeScope(scope).toLowerCase()) roles = []
    } else {
      return armError(
        400,
        'BadRequest',
        `The filter '${filter}' is not supported. Use roleDefinitionId eq '{id}' (and scope eq '{scope}').`
      )
    }
  }
  return roles
}

export function listPolicies(world: World, scope: string, filter: string | null): EmuResponse {
  const roles = rolesFor(world, scope, filter)
  if (!Array.isArray(roles)) return roles
  return json(200, { value: roles.map((r) => renderPolicy(world, scope, r)) })
}

export function listPolicyAssignments(world: World, scope: string, filter: string | null): EmuResponse {
  const roles = rolesFor(world, scope, filter)
  if (!Array.isArray(roles)) return roles
  return json(200, { value: roles.map((r) => renderPolicyAssignment(world, scope, r)) })
}

const roleOfPolicy = (world: World, scope: string, name: string): RoleDefinition | undefined =>
  allRoleDefinitions(world).find((r) => policyName(scope, r.id) === name.toLowerCase())

export function getPolicy(world: World, scope: string, name: string): EmuResponse {
  const role = roleOfPolicy(world, scope, name)
  return role
    ? json(200, renderPolicy(world, scope, role))
    : armError(404, 'RoleManagementPolicyNotFound', `The role management policy '${name}' is not found.`)
}

export function getPolicyAssignment(world: World, scope: string, name: string): EmuResponse {
  const [policy = '', guid = ''] = name.split('_')
  const role = findRoleDefinition(world, guid)
  return role && policyName(scope, role.id) === policy.toLowerCase()
    ? json(200, renderPolicyAssignment(world, scope, role))
    : armError(
        404,
        'RoleManagementPolicyAssignmentNotFound',
        `The role management policy assignment '${name}' is not found.`
      )
}
