import type { CloudName } from '../../types.js'

/** Where the action talks to, for one cloud. URLs end without a slash. */
export interface CloudEndpoints {
  readonly name: CloudName
  readonly resourceManager: string
  /** Scope of Resource Manager tokens. */
  readonly armScope: string
  readonly authorityHost: string
  /** Microsoft Graph; a custom cloud may not name one. */
  readonly graph?: string
  readonly graphScope?: string
  readonly oidcAudience: string
  readonly inferenceScope: string
  /** Token scope for the data plane of Foundry projects (`https://ai.azure.com/.default` in the public cloud). */
  readonly foundryScope: string
  /** True for custom clouds: MSAL must not ask the public cloud which authorities exist. */
  readonly disableInstanceDiscovery: boolean
}

interface KnownCloud {
  resourceManager: string
  /** The resource Resource Manager tokens are for: the cloud's activeDirectoryResourceId, as the Azure CLI uses. */
  armAudience: string
  authorityHost: string
  graph: string
  oidcAudience: string
  inferenceScope: string
  foundryScope: string
}

export const KNOWN_CLOUDS: Record<Exclude<CloudName, 'Custom'>, KnownCloud> = {
  AzureCloud: {
    resourceManager: 'https://management.azure.com',
    armAudience: 'https://management.core.windows.net/',
    authorityHost: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    oidcAudience: 'api://AzureADTokenExchange',
    inferenceScope: 'https://cognitiveservices.azure.com/.default',
    foundryScope: 'https://ai.azure.com/.default'
  },
  AzureUSGovernment: {
    resourceManager: 'https://management.usgovcloudapi.net',
    armAudience: 'https://management.core.usgovcloudapi.net/',
    authorityHost: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
    inferenceScope: 'https://cognitiveservices.azure.us/.default',
    foundryScope: 'https://ai.azure.us/.default'
  },
  AzureChinaCloud: {
    resourceManager: 'https://management.chinacloudapi.cn',
    armAudience: 'https://management.core.chinacloudapi.cn/',
    authorityHost: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina',
    inferenceScope: 'https://cognitiveservices.azure.cn/.default',
    // By analogy with the other clouds; Foundry projects are not documented for Azure China yet.
    foundryScope: 'https://ai.azure.cn/.default'
  }
}

/** The audience and inference scope of Custom clouds, which their metadata does not carry. */
export const CUSTOM_DEFAULTS = {
  oidcAudience: 'api://AzureADTokenExchange',
  inferenceScope: 'https://cognitiveservices.azure.com/.default',
  foundryScope: 'https://ai.azure.com/.default'
} as const

export const trimSlash = (url: string): string => url.replace(/\/+$/, '')
/**
 * The `.default` scope of a resource, keeping the resource exactly as given: `https://management.core.windows.net/`
 * becomes `https://management.core.windows.net//.default`. The Azure CLI caches its sign-in under that exact
 * resource, so asking for it (not for the same URL without the slash) lets auth-type azure-cli reuse the session.
 */
export const scopeOf = (resource: string): string => `${resource}/.default`

export interface Overrides {
  readonly audience?: string
  readonly inferenceScope?: string
}

export function knownCloud(name: Exclude<CloudName, 'Custom'>, overrides: Overrides): CloudEndpoints {
  const cloud = KNOWN_CLOUDS[name]
  return {
    name,
    resourceManager: cloud.resourceManager,
    armScope: scopeOf(cloud.armAudience),
    authorityHost: cloud.authorityHost,
    graph: cloud.graph,
    graphScope: scopeOf(cloud.graph),
    oidcAudience: overrides.audience ?? cloud.oidcAudience,
    inferenceScope: overrides.inferenceScope ?? cloud.inferenceScope,
    foundryScope: cloud.foundryScope,
    disableInstanceDiscovery: false
  }
}
