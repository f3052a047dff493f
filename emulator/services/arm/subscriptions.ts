// Microsoft.Resources/subscriptions (api-version 2019-11-01 and later, as `az login` and `az account` ask):
// GET /subscriptions lists the subscriptions the caller holds any role assignment in (at the subscription, above
// it or below it), as ARM does; a caller with none gets an empty list, and `az login` then fails with "No
// subscriptions found".
import type { Context } from '../../context.js'
import { json, type EmuResponse } from '../../http.js'
import { principalAndGroups } from '../../world/directory.js'
import type { Subscription } from '../../world/types.js'
import type { Caller } from './auth.js'
import { isAncestorOrSelf } from './scope.js'

export function renderSubscription(ctx: Context, sub: Subscription): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: sub.subscriptionId,
    tenantId: ctx.world.tenantId,
    displayName: sub.displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off'
    }
  }
}

/** Whether the caller (or one of its groups) holds a role assignment at, above or below the subscription. */
export function seesSubscription(ctx: Context, caller: Caller, sub: Subscription): boolean {
  const ids = new Set(principalAndGroups(ctx.world, caller.oid))
  const scope = `/subscriptions/${sub.subscriptionId}`
  return ctx.world.roleAssignments.some(
    (a) =>
      ids.has(a.principalId.toLowerCase()) &&
      (isAncestorOrSelf(a.scope, scope) || isAncestorOrSelf(scope, a.scope))
  )
}

export function listSubscriptions(ctx: Context, caller: Caller): EmuResponse {
  const value = ctx.world.subscriptions
    .filter((s) => seesSubscription(ctx, caller, s))
    .map((s) => renderSubscription(ctx, s))
  return json(200, { value, count: { type: 'Total', value: value.length } })
}
