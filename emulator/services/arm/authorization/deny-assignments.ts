// Deny assignments (api-version 2022-04-01): `GET {scope}/providers/Microsoft.Authorization/denyAssignments` with
// no filter (at, above and below the scope) or `$filter=atScope()` (at and above), and their effect: a deny
// assignment takes its actions away from its principals (everyone for the SystemDefined all-zero ID) less the
// excluded ones, at its scope and (unless doNotApplyToChildScopes) below.
import type { Context } from '../../../context.js'
import { armError, json, type EmuResponse } from '../../../http.js'
import { principalAndGroups } from '../../../world/directory.js'
import type { DenyAssignment, World } from '../../../world/types.js'
import { authorizationFailed, type Caller } from '../auth.js'
import { actionMatches, canPerform } from './permissions.js'
import {
  inheritsFrom,
  normalizeScope,
  parseScope,
  renderScope,
  scopeMissing,
  subscriptionMissing
} from '../scope.js'

export const DENY_READ = 'Microsoft.Authorization/denyAssignments/read'
export const EVERYONE = '00000000-0000-0000-0000-000000000000'

const same = (a: string, b: string): boolean =>
  normalizeScope(a).toLowerCase() === normalizeScope(b).toLowerCase()

function reaches(world: World, deny: DenyAssignment, scope: string): boolean {
  return deny.doNotApplyToChildScopes === true
    ? same(deny.scope, scope)
    : inheritsFrom(world, deny.scope, scope)
}

/** Whether a deny assignment takes this data action (or action) away from the principal at the scope. */
export function isDenied(
  world: World,
  principalId: string,
  scope: string,
  action: string,
  data: boolean
): boolean {
  const ids = new Set(principalAndGroups(world, principalId))
  return (world.denyAssignments ?? []).some((deny) => {
    if (!reaches(world, deny, scope)) return false
    const applies = deny.principals.some((p) => p === EVERYONE || ids.has(p.toLowerCase()))
    const excluded = (deny.excludePrincipals ?? []).some((p) => ids.has(p.toLowerCase()))
    if (!applies || excluded) return false
    return deny.permissions.some((p) => {
      const take = data ? p.dataActions : p.actions
      const keep = data ? p.notDataActions : p.notActions
      return take.some((a) => actionMatches(a, action)) && !keep.some((a) => actionMatches(a, action))
    })
  })
}

function principalOf(id: string): Record<string, unknown> {
  return id === EVERYONE ? { id, type: 'SystemDefined' } : { id, type: 'ServicePrincipal' }
}

function render(deny: DenyAssignment): Record<string, unknown> {
  const scope = normalizeScope(deny.scope)
  return {
    properties: {
      denyAssignmentName: deny.denyAssignmentName,
      description: '',
      permissions: deny.permissions,
      scope: renderScope(scope),
      doNotApplyToChildScopes: deny.doNotApplyToChildScopes ?? false,
      principals: deny.principals.map(principalOf),
      excludePrincipals: (deny.excludePrincipals ?? []).map(principalOf),
      isSystemProtected: true
    },
    id: `${scope}/providers/Microsoft.Authorization/denyAssignments/${deny.name}`,
    type: 'Microsoft.Authorization/denyAssignments',
    name: deny.name
  }
}

export function listDenyAssignments(
  ctx: Context,
  caller: Caller,
  scope: string,
  filter: string | null
): EmuResponse {
  const parsed = parseScope(scope)
  const subMissing = subscriptionMissing(ctx.world, parsed)
  if (subMissing) return subMissing
  const atScope = filter !== null && /^\s*atScope\(\)\s*$/i.test(filter)
  if (filter !== null && filter.trim() !== '' && !atScope) {
    return armError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported.`)
  }
  if (!canPerform(ctx.world, caller.oid, parsed.normalized, DENY_READ)) {
    return authorizationFailed(
      caller,
      DENY_READ,
      `${parsed.normalized}/providers/Microsoft.Authorization/denyAssignments`
    )
  }
  const missing = scopeMissing(ctx.world, parsed)
  if (missing) return missing
  const value = (ctx.world.denyAssignments ?? [])
    .filter(
      (deny) =>
        inheritsFrom(ctx.world, deny.scope, parsed.normalized) ||
        (!atScope && inheritsFrom(ctx.world, parsed.normalized, deny.scope))
    )
    .map(render)
  return json(200, { value })
}
