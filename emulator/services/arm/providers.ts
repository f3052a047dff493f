// Resource providers (Microsoft.Resources, api-version 2021-04-01): GET /subscriptions/{sub}/providers/{namespace}.
// `az resource show` reads it to pick the api-version of the resource type it was given: the first stable entry
// of `apiVersions`, newest first as ARM lists them. Only the namespace the guide's commands touch is served; any
// other is ARM's `404 InvalidResourceNamespace`.
import type { Context } from '../../context.js'
import { armError, json, type EmuResponse } from '../../http.js'
import type { Caller } from './auth.js'
import { authorizationFailed } from './auth.js'
import { parseScope, subscriptionMissing } from './scope.js'
import { seesSubscription } from './subscriptions.js'

/** Account API versions, newest first (2025-09-01 is the one the emulator renders accounts as). */
const ACCOUNT_API_VERSIONS = [
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

const LOCATIONS = [
  'Global',
  'East US',
  'East US 2',
  'West US',
  'West Europe',
  'North Europe',
  'Sweden Central'
]

interface ResourceType {
  readonly resourceType: string
  readonly locations: readonly string[]
  readonly apiVersions: readonly string[]
  readonly capabilities: string
}

const PROVIDERS: Readonly<Record<string, { namespace: string; types: readonly ResourceType[] }>> = {
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
        resourceType: 'accounts/deployments',
        locations: LOCATIONS,
        apiVersions: ACCOUNT_API_VERSIONS.filter((v) => v >= '2021-10-01'),
        capabilities: 'None'
      },
      { resourceType: 'operations', locations: [], apiVersions: ACCOUNT_API_VERSIONS, capabilities: 'None' },
      { resourceType: 'locations', locations: [], apiVersions: ACCOUNT_API_VERSIONS, capabilities: 'None' }
    ]
  }
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
    resourceTypes: provider.types.map((t) => ({
      resourceType: t.resourceType,
      locations: t.locations,
      apiVersions: t.apiVersions,
      capabilities: t.capabilities
    })),
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired'
  })
}
