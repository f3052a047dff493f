// Resources that carry managed identities: user-assigned identities (Microsoft.ManagedIdentity), web apps
// (Microsoft.Web/sites) and container apps (Microsoft.App/containerApps), read with GET as Resource Manager serves
// them: `properties.principalId`/`clientId`/`tenantId` for an identity, the `identity` block for an app (absent
// when it has none). Each type is served only in the api-versions its provider lists (providers.ts); another is
// `400 NoRegisteredProviderFound` in ARM's words, a version that is not a date `400 InvalidApiVersionParameter`.
import type { Context } from '../../context.js'
import { armError, json, type EmuResponse } from '../../http.js'
import type { AppResource, UserAssignedIdentity, World } from '../../world/types.js'
import { appId, identityId } from '../../world/identities.js'
import type { Caller } from './auth.js'
import { authorizationFailed } from './auth.js'
import { canPerform } from './authorization/permissions.js'
import { parseScope, resourceNotFound, scopeMissing } from './scope.js'

/** Newest first, as providers list them (a few of each provider's real versions). */
export const IDENTITY_TYPE_VERSIONS: Readonly<Record<string, readonly string[]>> = {
  'microsoft.managedidentity/userassignedidentities': [
    '2024-11-30',
    '2023-07-31-preview',
    '2023-01-31',
    '2022-01-31-preview',
    '2021-09-30-preview',
    '2018-11-30',
    '2015-08-31-preview'
  ],
  'microsoft.web/sites': [
    '2024-11-01',
    '2024-04-01',
    '2023-12-01',
    '2023-01-01',
    '2022-09-01',
    '2022-03-01',
    '2021-02-01',
    '2020-12-01',
    '2019-08-01',
    '2018-11-01',
    '2016-08-01'
  ],
  'microsoft.app/containerapps': [
    '2025-02-02-preview',
    '2025-01-01',
    '2024-10-02-preview',
    '2024-03-01',
    '2023-05-01',
    '2022-10-01',
    '2022-03-01'
  ]
}

const RESOURCE =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/(Microsoft\.ManagedIdentity\/userAssignedIdentities|Microsoft\.Web\/sites|Microsoft\.App\/containerApps)\/([^/]+)$/i

const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()

function findIdentity(world: World, sub: string, rg: string, name: string): UserAssignedIdentity | undefined {
  return world.userAssignedIdentities.find(
    (i) => eq(i.subscriptionId, sub) && eq(i.resourceGroup, rg) && eq(i.name, name)
  )
}

function renderIdentity(ctx: Context, i: UserAssignedIdentity): unknown {
  return {
    id: identityId(i),
    name: i.name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: i.location,
    tags: {},
    properties: {
      tenantId: ctx.world.tenantId,
      principalId: i.principalId,
      clientId: i.clientId,
      isolationScope: 'None'
    }
  }
}

function renderApp(ctx: Context, app: AppResource): unknown {
  const identity = app.identity
  const users = (identity?.userAssigned ?? [])
    .map((name) => ctx.world.userAssignedIdentities.find((i) => eq(i.name, name)))
    .filter((i): i is UserAssignedIdentity => i !== undefined)
  const block =
    identity === undefined
      ? undefined
      : {
          type: identity.type,
          ...(identity.principalId
            ? { principalId: identity.principalId, tenantId: ctx.world.tenantId }
            : {}),
          ...(users.length > 0
            ? {
                userAssignedIdentities: Object.fromEntries(
                  users.map((i) => [identityId(i), { principalId: i.principalId, clientId: i.clientId }])
                )
              }
            : {})
        }
  const kind = app.type === 'Microsoft.Web/sites' ? { kind: 'app,linux' } : {}
  return {
    id: appId(app),
    name: app.name,
    type: app.type,
    ...kind,
    location: app.location,
    tags: {},
    ...(block ? { identity: block } : {}),
    properties: { provisioningState: 'Succeeded' }
  }
}

/** ARM's refusal of an api-version the type is not served in, or of one that is no version at all. */
export function identityApiVersionRefusal(fullType: string, apiVersion: string): EmuResponse | undefined {
  const served = IDENTITY_TYPE_VERSIONS[fullType.toLowerCase()]
  if (!served || served.some((v) => eq(v, apiVersion))) return undefined
  const type = fullType.split('/')[1] ?? ''
  if (!/^\d{4}-\d{2}-\d{2}(-preview)?$/i.test(apiVersion)) {
    return armError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${apiVersion}' is invalid. The supported versions are '${[...served].sort().reverse().join(',')}'.`
    )
  }
  return armError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location 'eastus' and API version '${apiVersion}' for type '${type}'. The supported api-versions are '${[...served].sort().join(', ')}'. The supported locations are 'eastus, eastus2, westus, westeurope, northeurope, swedencentral'.`
  )
}

/** GET of an identity, web app or container app; undefined when the path is none of them. */
export function getIdentityResource(
  ctx: Context,
  caller: Caller,
  path: string,
  apiVersion: string
): EmuResponse | undefined {
  const m = RESOURCE.exec(path)
  if (!m) return undefined
  const [sub, rg, fullType, name] = [m[1] ?? '', m[2] ?? '', m[3] ?? '', m[4] ?? '']
  const parsed = parseScope(`/subscriptions/${sub}/resourceGroups/${rg}`)
  const missing = scopeMissing(ctx.world, parsed)
  if (missing) return missing
  const refused = identityApiVersionRefusal(fullType, apiVersion)
  if (refused) return refused
  const action = `${fullType}/read`
  if (!canPerform(ctx.world, caller.oid, `${parsed.normalized}/providers/${fullType}/${name}`, action))
    return authorizationFailed(caller, action, path)
  if (eq(fullType, 'Microsoft.ManagedIdentity/userAssignedIdentities')) {
    const identity = findIdentity(ctx.world, sub, rg, name)
    return identity ? json(200, renderIdentity(ctx, identity)) : resourceNotFound(rg, `${fullType}/${name}`)
  }
  const app = ctx.world.apps.find(
    (a) => eq(a.type, fullType) && eq(a.subscriptionId, sub) && eq(a.resourceGroup, rg) && eq(a.name, name)
  )
  return app ? json(200, renderApp(ctx, app)) : resourceNotFound(rg, `${fullType}/${name}`)
}
