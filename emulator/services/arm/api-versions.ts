// Which api-versions Resource Manager serves for Microsoft.CognitiveServices, and its refusals for the others.
// A cloud that lags (a sovereign one) serves fewer: the `cognitiveServicesApiVersions` option limits them, as
// the resource provider's manifest does there. A version the type does not serve is ARM's
// `400 NoRegisteredProviderFound`, listing the supported versions (oldest first, as ARM lists them today; older
// answers listed newest first, so clients must sort); a type the cloud serves in no version at all is
// `404 InvalidResourceType`.
import type { Context } from '../../context.js'
import { armError, type EmuResponse } from '../../http.js'
import type { World } from '../../world/types.js'

export const COGNITIVE_NAMESPACE = 'Microsoft.CognitiveServices'

/** Account API versions, newest first (2025-09-01 is the one the emulator renders accounts as). */
export const ACCOUNT_API_VERSIONS: readonly string[] = [
  '2025-09-01',
  '2025-07-01-preview',
  '2025-06-01',
  '2025-04-01-preview',
  '2024-10-01',
  '2024-06-01-preview',
  '2024-04-01-preview',
  '2023-10-01-preview',
  '2023-05-01',
  '2022-12-01',
  '2022-10-01',
  '2022-03-01',
  '2021-10-01',
  '2021-04-30',
  '2017-04-18',
  '2016-02-01-preview'
]

/** Foundry projects came with 2025-04-01-preview; the first stable version that has them is 2025-06-01. */
export const PROJECT_API_VERSIONS: readonly string[] = ACCOUNT_API_VERSIONS.filter((v) => v >= '2025-04-01')

/** Every version each resource type knows, before a cloud's limit; newest first. */
export const TYPE_API_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  accounts: ACCOUNT_API_VERSIONS,
  'accounts/projects': PROJECT_API_VERSIONS,
  'accounts/deployments': ACCOUNT_API_VERSIONS.filter((v) => v >= '2021-10-01')
}

/** Display names of the regions the provider lists (ARM's messages use them lower-cased, without spaces). */
export const LOCATIONS: readonly string[] = [
  'Global',
  'East US',
  'East US 2',
  'West US',
  'West Europe',
  'North Europe',
  'Sweden Central'
]

const locationCode = (name: string): string => name.toLowerCase().replace(/\s+/g, '')

/** The versions this cloud serves for a type, newest first (all it knows unless the option limits them). */
export function servedApiVersions(ctx: Context, type: string): readonly string[] {
  const known = TYPE_API_VERSIONS[type.toLowerCase()] ?? []
  const limit = ctx.options.cognitiveServicesApiVersions
  if (!limit) return known
  const allowed = new Set(limit.map((v) => v.toLowerCase()))
  return known.filter((v) => allowed.has(v))
}

interface TypedPath {
  subscriptionId: string
  resourceGroup?: string
  /** `accounts`, `accounts/projects`, ...: the type segments after the namespace. */
  type: string
  /** The names in the path, one per type segment (fewer for a list). */
  names: string[]
}

/**
 * The Microsoft.CognitiveServices resource type a path addresses, if any; an extension resource under it
 * (`.../accounts/a/providers/Microsoft.Authorization/...`) belongs to its own provider and is not one.
 */
export function cognitiveType(path: string): TypedPath | undefined {
  const seg = path.split('/').filter(Boolean)
  const lower = seg.map((s) => s.toLowerCase())
  if (lower[0] !== 'subscriptions' || seg[1] === undefined) return undefined
  let i = 2
  let resourceGroup: string | undefined
  if (lower[i] === 'resourcegroups') {
    resourceGroup = seg[i + 1]
    i += 2
  }
  if (lower[i] !== 'providers' || lower[i + 1] !== COGNITIVE_NAMESPACE.toLowerCase()) return undefined
  const rest = seg.slice(i + 2)
  if (rest.length === 0 || rest.some((s) => s.toLowerCase() === 'providers')) return undefined
  const types = rest.filter((_, k) => k % 2 === 0)
  const names = rest.filter((_, k) => k % 2 === 1)
  return { subscriptionId: seg[1], resourceGroup, type: types.join('/'), names }
}

function locationOf(world: World, p: TypedPath): string {
  const eq = (a: string | undefined, b: string | undefined): boolean =>
    (a ?? '').toLowerCase() === (b ?? '').toLowerCase()
  const account = world.accounts.find(
    (a) =>
      eq(a.subscriptionId, p.subscriptionId) && eq(a.resourceGroup, p.resourceGroup) && eq(a.name, p.names[0])
  )
  const rg = world.resourceGroups.find(
    (g) => eq(g.subscriptionId, p.subscriptionId) && eq(g.name, p.resourceGroup)
  )
  return locationCode(account?.location ?? rg?.location ?? 'global')
}

/**
 * ARM's answer when the path is a Microsoft.CognitiveServices resource type and the api-version is not one the
 * cloud serves for it; undefined when it is (or the path is no such type, or the type is unknown here).
 */
export function apiVersionRefusal(ctx: Context, path: string, apiVersion: string): EmuResponse | undefined {
  const typed = cognitiveType(path)
  const type = typed?.type.toLowerCase()
  if (!typed || type === undefined || TYPE_API_VERSIONS[type] === undefined) return undefined
  const served = servedApiVersions(ctx, type)
  if (served.some((v) => v.toLowerCase() === apiVersion.toLowerCase())) return undefined
  if (served.length === 0) {
    return armError(
      404,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${COGNITIVE_NAMESPACE}' for api version '${apiVersion}'.`
    )
  }
  const oldestFirst = [...served].sort()
  return armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${locationOf(ctx.world, typed)}' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${oldestFirst.join(', ')}'. The supported locations are '${LOCATIONS.filter(
      (l) => l !== 'Global'
    )
      .map(locationCode)
      .join(', ')}'.`
  )
}
