import type { CloudName } from './types.js'

/** Where the action talks to, for one cloud. URLs end without a slash. */
export interface CloudEndpoints {
  readonly name: CloudName
  readonly resourceManager: string
  /** Scope of Resource Manager tokens. */
  readonly armScope: string
  readonly authorityHost: string
  readonly graph: string
  readonly graphScope: string
  readonly oidcAudience: string
  readonly inferenceScope: string
  /** True for custom clouds: MSAL must not ask the public cloud which authorities exist. */
  readonly disableInstanceDiscovery: boolean
}

interface KnownCloud {
  resourceManager: string
  authorityHost: string
  graph: string
  oidcAudience: string
  inferenceScope: string
}

export const KNOWN_CLOUDS: Record<Exclude<CloudName, 'Custom'>, KnownCloud> = {
  AzureCloud: {
    resourceManager: 'https://management.azure.com',
    authorityHost: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    oidcAudience: 'api://AzureADTokenExchange',
    inferenceScope: 'https://cognitiveservices.azure.com/.default'
  },
  AzureUSGovernment: {
    resourceManager: 'https://management.usgovcloudapi.net',
    authorityHost: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    oidcAudience: 'api://AzureADTokenExchangeUSGov',
    inferenceScope: 'https://cognitiveservices.azure.us/.default'
  },
  AzureChinaCloud: {
    resourceManager: 'https://management.chinacloudapi.cn',
    authorityHost: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    oidcAudience: 'api://AzureADTokenExchangeChina',
    inferenceScope: 'https://cognitiveservices.azure.cn/.default'
  }
}

/** The audience and inference scope of Custom clouds, which their metadata does not carry. */
export const CUSTOM_DEFAULTS = {
  oidcAudience: 'api://AzureADTokenExchange',
  inferenceScope: 'https://cognitiveservices.azure.com/.default'
} as const

export const trimSlash = (url: string): string => url.replace(/\/+$/, '')
export const scopeOf = (audience: string): string => `${trimSlash(audience)}/.default`

export interface Overrides {
  readonly audience?: string
  readonly inferenceScope?: string
}

export function knownCloud(name: Exclude<CloudName, 'Custom'>, overrides: Overrides): CloudEndpoints {
  const cloud = KNOWN_CLOUDS[name]
  return {
    name,
    resourceManager: cloud.resourceManager,
    armScope: scopeOf(cloud.resourceManager),
    authorityHost: cloud.authorityHost,
    graph: cloud.graph,
    graphScope: scopeOf(cloud.graph),
    oidcAudience: overrides.audience ?? cloud.oidcAudience,
    inferenceScope: overrides.inferenceScope ?? cloud.inferenceScope,
    disableInstanceDiscovery: false
  }
}
