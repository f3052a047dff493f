// Resource providers (Microsoft.Resources, api-version 2021-04-01): GET /subscriptions/{sub}/providers/{namespace}.
// `az resource show` reads it to pick the api-version of the resource type it was given: the first stable entry
// of `apiVersions`, newest first as ARM lists them. Served: Microsoft.CognitiveServices, and the namespaces of the
// resources with identities (Microsoft.ManagedIdentity, Microsoft.Web, Microsoft.App; `capabilities` says which
// types can have a system-assigned identity); any other is ARM's `404 InvalidResourceNamespace`. A cloud limited to older versions (api-versions.ts) lists only
// those, and leaves out the types it serves in none.
import type { Context } from '../../context.js'
import { armError, json, type EmuResponse } from '../../http.js'
import type { Caller } from './auth.js'
import { authorizationFailed } from './auth.js'
import {
  ACCOUNT_API_VERSIONS,
  LOCATIONS,
  PROJECT_API_VERSIONS,
  servedApiVersions,
  TYPE_API_VERSIONS
} from './api-versions.js'
import { parseScope, subscriptionMissing } from './scope.js'
import { IDENTITY_TYPE_VERSIONS } from './identities.js'
import { seesSubscription } from './subscriptions.js'

interface ResourceType {
  readonly resourceType: string
  readonly locations: readonly string[]
  readonly apiVersions: readonly string[]
  readonly capabilities: string
}

const identityVersions = (type: string): readonly string[] => IDENTITY_TYPE_VERSIONS[type.toLowerCase()] ?? []
const OPERATIONS = (namespace: string): ResourceType => ({
  resourceType: 'operations',
  locations: [],
  apiVersions: identityVersions(namespace).slice(0, 2),
  capabilities: 'None'
})

const PROVIDERS: Readonly<Record<string, { namespace: string; types: readonly ResourceType[] }>> = {
  'microsoft.managedidentity': {
    namespace: 'Microsoft.ManagedIdentity',
    types: [
      {
        resourceType: 'userAssignedIdentities',
        locations: LOCATIONS.slice(1),
        apiVersions: identityVersions('Microsoft.ManagedIdentity/userAssignedIdentities'),
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation'
      },
      {
        resourceType: 'userAssignedIdentities/federatedIdentityCredentials',
        locations: LOCATIONS.slice(1),
        apiVersions: ['2024-11-30', '2023-07-31-preview', '2023-01-31', '2022-01-31-preview'],
        capabilities: 'None'
      },
      OPERATIONS('Microsoft.ManagedIdentity/userAssignedIdentities')
    ]
  },
  'microsoft.web': {
    namespace: 'Microsoft.Web',
    types: [
      {
        resourceType: 'sites',
        locations: LOCATIONS.slice(1),
        apiVersions: identityVersions('Microsoft.Web/sites'),
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation'
      },
      {
        resourceType: 'serverFarms',
        locations: LOCATIONS.slice(1),
        apiVersions: identityVersions('Microsoft.Web/sites'),
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation'
      },
      OPERATIONS('Microsoft.Web/sites')
    ]
  },
  'microsoft.app': {
    namespace: 'Microsoft.App',
    types: [
      {
        resourceType: 'containerApps',
        locations: LOCATIONS.slice(1),
        apiVersions: identityVersions('Microsoft.App/containerApps'),
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation'
      },
      {
        resourceType: 'managedEnvironments',
        locations: LOCATIONS.slice(1),
        apiVersions: identityVersions('Microsoft.App/containerApps'),
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SupportsTags, SupportsLocation'
      },
      OPERATIONS('Microsoft.App/containerApps')
    ]
  },
  'microsoft.cognitiveservices': {
    namespace: 'Microsoft.CognitiveServices',
    types: [
      {
        resourceType: 'accounts',
        locations: LOCATIONS,
        apiVersions: ACCOUNT_API_VERSIONS,
        capabilities:
          'CrossResourceGroupResourceMove, CrossSubscriptionResourceMove, SystemAssignedResourceIdentity, SupportsTags, SupportsLocation'
      },
      {
        resourceType: 'accounts/projects',
        locations: LOCATIONS,
        apiVersions: PROJECT_API_VERSIONS,
        capabilities: 'SystemAssignedResourceIdentity, SupportsTags, SupportsLocation'
      },
      {
        resourceType: 'accounts/deployments',
        locations: LOCATIONS,
        apiVersions: TYPE_API_VERSIONS['accounts/deployments'] ?? [],
        capabilities: 'None'
      },
      { resourceType: 'operations', locations: [], apiVersions: ACCOUNT_API_VERSIONS, capabilities: 'None' },
      { resourceType: 'locations', locations: [], apiVersions: ACCOUNT_API_VERSIONS, capabilities: 'None' }
    ]
  }
}

/** The versions a type is listed with in this cloud: the ones ARM serves for it (api-versions.ts), limited alike. */
function versionsOf(ctx: Context, namespace: string, t: ResourceType): readonly string[] {
  if (namespace !== 'Microsoft.CognitiveServices') return t.apiVersions
  if (TYPE_API_VERSIONS[t.resourceType]) return servedApiVersions(ctx, t.resourceType)
  const limit = ctx.options.cognitiveServicesApiVersions
  return limit ? t.apiVersions.filter((v) => limit.includes(v)) : t.apiVersions
}

const PROVIDERS_READ = 'Microsoft.Resources/subscriptions/providers/read'

export function getProvider(
  ctx: Context,
  caller: Caller,
  subscriptionId: string,
  namespace: string
): EmuResponse {
  const scope = `/subscriptions/${subscriptionId}`
  const missing = subscriptionMissing(ctx.world, parseScope(scope))
  if (missing) return missing
  const sub = ctx.world.subscriptions.find(
    (s) => s.subscriptionId.toLowerCase() === subscriptionId.toLowerCase()
  )
  if (sub && !seesSubscription(ctx, caller, sub))
    return authorizationFailed(caller, PROVIDERS_READ, `${scope}/providers/${namespace}`)
  const provider = PROVIDERS[namespace.toLowerCase()]
  if (!provider) {
    return armError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`)
  }
  return json(200, {
    id: `${scope}/providers/${provider.namespace}`,
    namespace: provider.namespace,
    resourceTypes: provider.types
      .map((t) => ({
        resourceType: t.resourceType,
        locations: t.locations,
        apiVersions: versionsOf(ctx, provider.namespace, t),
        capabilities: t.capabilities
      }))
      .filter((t) => t.apiVersions.length > 0),
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired'
  })
}
