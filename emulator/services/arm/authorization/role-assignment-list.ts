// Listing role assignments at a scope, with ARM's filters: none (at, above and below the scope),
// `atScope()` (at and above: the resource group, the subscription, its management group, the root), `principalId eq '{id}'`, `assignedTo('{id}')` (the principal and its
// groups); `atScope()` combines with `assignedTo` only.
import type { Context } from '../../../context.js'
import { armError, json, type EmuResponse } from '../../../http.js'
import { principalAndGroups } from '../../../world/directory.js'
import { authorizationFailed, type Caller } from '../auth.js'
import { canPerform } from './permissions.js'
import { READ } from './role-assignments.js'
import { renderAssignment } from './role-assignment-view.js'
import { readView } from './read-lag.js'
import {
  inheritsFrom,
  isAncestorOrSelf,
  normalizeScope,
  parseScope,
  scopeMissing,
  subscriptionMissing
} from '../scope.js'

interface Filter {
  atScope: boolean
  principalIds?: Set<string>
}

function parseFilter(ctx: Context, filter: string | null): Filter | undefined {
  const out: Filter = { atScope: false }
  if (!filter || filter.trim() === '') return out
  let principalEq = false
  for (const term of filter.split(/\s+and\s+/i)) {
    let m: RegExpExecArray | null
    if (/^\s*atScope\(\)\s*$/i.test(term)) out.atScope = true
    else if ((m = /^\s*principalId\s+eq\s+'([^']*)'\s*$/i.exec(term))) {
      out.principalIds = new Set([(m[1] ?? '').toLowerCase()])
      principalEq = true
    } else if ((m = /^\s*assignedTo\('([^']*)'\)\s*$/i.exec(term))) {
      out.principalIds = new Set(principalAndGroups(ctx.world, m[1] ?? ''))
    } else return undefined
  }
  if (principalEq && out.atScope) return undefined
  return out
}

export function listRoleAssignments(
  ctx: Context,
  caller: Caller,
  scope: string,
  filterText: string | null
): EmuResponse {
  const parsed = parseScope(scope)
  const subMissing = subscriptionMissing(ctx.world, parsed)
  if (subMissing) return subMissing
  const filter = parseFilter(ctx, filterText)
  if (!filter) {
    return armError(
      400,
      'UnsupportedQuery',
      `The filter '${filterText}' is not supported. Supported filters are either 'atScope()' or 'principalId eq '{value}' or assignedTo('{value}')'.`
    )
  }
  if (!canPerform(ctx.world, caller.oid, parsed.normalized, READ)) {
    return authorizationFailed(
      caller,
      READ,
      `${normalizeScope(scope)}/providers/Microsoft.Authorization/roleAssignments`
    )
  }
  const missing = scopeMissing(ctx.world, parsed)
  if (missing) return missing
  const value = readView(ctx)
    .filter(
      (a) =>
        inheritsFrom(ctx.world, a.scope, parsed.normalized) ||
        (!filter.atScope && isAncestorOrSelf(parsed.normalized, a.scope))
    )
    .filter((a) => !filter.principalIds || filter.principalIds.has(a.principalId.toLowerCase()))
    .map(renderAssignment)
  return json(200, { value })
}
