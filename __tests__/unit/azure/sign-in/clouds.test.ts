import { describe, expect, it } from '@jest/globals'
import {
  CUSTOM_DEFAULTS,
  KNOWN_CLOUDS,
  knownCloud,
  scopeOf,
  trimSlash
} from '../../../../src/azure/sign-in/clouds.js'

describe('known clouds', () => {
  it('the public cloud', () => {
    expect(knownCloud('AzureCloud', {})).toEqual({
      name: 'AzureCloud',
      resourceManager: 'https://management.azure.com',
      armScope: 'https://management.core.windows.net//.default',
      authorityHost: 'https://login.microsoftonline.com',
      graph: 'https://graph.microsoft.com',
      graphScope: 'https://graph.microsoft.com/.default',
      oidcAudience: 'api://AzureADTokenExchange',
      inferenceScope: 'https://cognitiveservices.azure.com/.default',
      foundryScope: 'https://ai.azure.com/.default',
      disableInstanceDiscovery: false
    })
  })

  it('Foundry projects take tokens for ai.azure.com, ai.azure.us in Azure US Government', () => {
    expect(knownCloud('AzureUSGovernment', {}).foundryScope).toBe('https://ai.azure.us/.default')
    expect(CUSTOM_DEFAULTS.foundryScope).toBe('https://ai.azure.com/.default')
  })

  it.each([
    [
      'AzureUSGovernment',
      'api://AzureADTokenExchangeUSGov',
      'https://cognitiveservices.azure.us/.default',
      'https://login.microsoftonline.us'
    ],
    [
      'AzureChinaCloud',
      'api://AzureADTokenExchangeChina',
      'https://cognitiveservices.azure.cn/.default',
      'https://login.chinacloudapi.cn'
    ]
  ] as const)(
    '%s has its own audience, inference scope and authority',
    (name, audience, scope, authority) => {
      const cloud = knownCloud(name, {})
      expect(cloud).toMatchObject({ oidcAudience: audience, inferenceScope: scope, authorityHost: authority })
      expect(cloud.armScope).toBe(`${KNOWN_CLOUDS[name].armAudience}/.default`)
      expect(cloud.armScope).toMatch(/^https:\/\/management\.core\.[a-z.]+\/\/\.default$/)
      expect(cloud.graphScope).toBe(`${KNOWN_CLOUDS[name].graph}/.default`)
    }
  )

  it('audience and inference-scope inputs override the cloud defaults', () => {
    const cloud = knownCloud('AzureUSGovernment', {
      audience: 'api://custom',
      inferenceScope: 'https://example.test/.default'
    })
    expect(cloud.oidcAudience).toBe('api://custom')
    expect(cloud.inferenceScope).toBe('https://example.test/.default')
  })

  it('every known URL is https without a trailing slash', () => {
    for (const cloud of Object.values(KNOWN_CLOUDS)) {
      for (const url of [cloud.resourceManager, cloud.authorityHost, cloud.graph]) {
        expect(url).toMatch(/^https:\/\/[^/]+$/)
      }
    }
  })

  it('Custom clouds use the public audience, inference scope and Foundry scope by default', () => {
    expect(CUSTOM_DEFAULTS).toEqual({
      oidcAudience: 'api://AzureADTokenExchange',
      inferenceScope: 'https://cognitiveservices.azure.com/.default',
      foundryScope: 'https://ai.azure.com/.default'
    })
  })
})

describe('helpers', () => {
  it('trimSlash removes every trailing slash and nothing else', () => {
    expect(trimSlash('https://a.b///')).toBe('https://a.b')
    expect(trimSlash('https://a.b/c')).toBe('https://a.b/c')
  })

  it('scopeOf turns an audience into a .default scope', () => {
    expect(scopeOf('https://management.core.windows.net/')).toBe(
      'https://management.core.windows.net//.default'
    )
    expect(scopeOf('https://graph.microsoft.com')).toBe('https://graph.microsoft.com/.default')
  })
})
