// ARM scopes: parsing, ancestry (names are case-insensitive) and existence checks with ARM's own 404s.
import { armError, type EmuResponse } from '../../http.js'
import type { Account, Project, World } from '../../world/types.js'

export interface ParsedScope {
  /** '' for the root scope '/', else without trailing slash. */
  normalized: string
  subscriptionId?: string
  resourceGroup?: string
  resource?: { namespace: string; type: string; name: string }
  /** A resource under it, such as a Foundry project: `.../accounts/{a}/projects/{p}`. */
  child?: { type: string; name: string }
  managementGroup?: string
}

export function normalizeScope(scope: string): string {
  const s = scope.replace(/\/+$/, '')
  return s === '' ? '' : s.startsWith('/') ? s : `/${s}`
}

export const renderScope = (normalized: string): string => (normalized === '' ? '/' : normalized)

export function parseScope(scope: string): ParsedScope {
  const normalized = normalizeScope(scope)
  const seg = normalized.split('/').filter(Boolean)
  const out: ParsedScope = { normalized }
  const lower = seg.map((s) => s.toLowerCase())
  if (lower[0] === 'providers' && lower[1] === 'microsoft.management' && lower[2] === 'managementgroups') {
    out.managementGroup = seg[3]
    return out
  }
  if (lower[0] !== 'subscriptions') return out
  out.subscriptionId = seg[1]
  if (lower[2] !== 'resourcegroups') return out
  out.resourceGroup = seg[3]
  if (lower[4] === 'providers' && seg[5] && seg[6] && seg[7]) {
    out.resource = { namespace: seg[5], type: seg[6], name: seg[7] }
    if (seg[8] && seg[9] && lower[8] !== 'providers') out.child = { type: seg[8], name: seg[9] }
  }
  return out
}

export function isAncestorOrSelf(ancestor: string, scope: string): boolean {
  const a = normalizeScope(ancestor).toLowerCase()
  const s = normalizeScope(scope).toLowerCase()
  return a === '' || s === a || s.startsWith(`${a}/`)
}

/**
 * Whether an assignment at `ancestor` reaches `scope` in this world: by path, or (for a management group) because
 * the scope's subscription sits in it. The root `/` reaches everything.
 */
export function inheritsFrom(world: World, ancestor: string, scope: string): boolean {
  if (isAncestorOrSelf(ancestor, scope)) return true
  const group = parseScope(ancestor).managementGroup
  const sub = parseScope(scope).subscriptionId
  if (group === undefined || sub === undefined) return false
  return world.subscriptions.some((s) => eq(s.subscriptionId, sub) && eq(s.managementGroup, group))
}

const eq = (a: string | undefined, b: string | undefined): boolean =>
  (a ?? '').toLowerCase() === (b ?? '').toLowerCase()

export function accountId(a: Account): string {
  return `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${a.name}`
}

export function findAccount(world: World, sub: string, rg: string, name: string): Account | undefined {
  return world.accounts.find((a) => eq(a.subscriptionId, sub) && eq(a.resourceGroup, rg) && eq(a.name, name))
}

export function projectId(a: Account, p: Project): string {
  return `${accountId(a)}/projects/${p.name}`
}

export function findProject(account: Account, name: string): Project | undefined {
  return (account.projects ?? []).find((p) => eq(p.name, name))
}

/** ARM's 404 for a resource its cache does not hold, named by its full type path. */
export function resourceNotFound(rg: string, typePath: string): EmuResponse {
  return armError(
    404,
    'ResourceNotFound',
    `The Resource '${typePath}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
  )
}

export function subscriptionMissing(world: World, scope: ParsedScope): EmuResponse | undefined {
  if (scope.subscriptionId === undefined) return undefined
  if (world.subscriptions.some((s) => eq(s.subscriptionId, scope.subscriptionId))) return undefined
  return armError(
    404,
    'SubscriptionNotFound',
    `The subscription '${scope.subscriptionId}' could not be found.`
  )
}

/** ARM's 404 for the first missing part of the scope below the subscription, if any. */
export function scopeMissing(world: World, scope: ParsedScope): EmuResponse | undefined {
  const sub = subscriptionMissing(world, scope)
  if (sub || scope.resourceGroup === undefined) return sub
  const rg = scope.resourceGroup
  if (!world.resourceGroups.some((g) => eq(g.subscriptionId, scope.subscriptionId) && eq(g.name, rg))) {
    return armError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`)
  }
  const r = scope.resource
  if (!r) return undefined
  const isAccount = eq(r.namespace, 'Microsoft.CognitiveServices') && eq(r.type, 'accounts')
  const account = isAccount ? findAccount(world, scope.subscriptionId ?? '', rg, r.name) : undefined
  if (!account) return resourceNotFound(rg, `${r.namespace}/${r.type}/${r.name}`)
  const c = scope.child
  if (!c || (eq(c.type, 'projects') && findProject(account, c.name))) return undefined
  return resourceNotFound(rg, `${r.namespace}/${r.type}/${r.name}/${c.type}/${c.name}`)
}
