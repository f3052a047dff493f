import { describe, expect, it } from '@jest/globals'
import { customCloudFromMetadata } from '../../../../src/azure/sign-in/cloud-metadata.js'
import { ActionError } from '../../../../src/errors.js'

const ARM = 'https://management.azurestack.local'
const SOURCE = `${ARM}/metadata/endpoints?api-version=2022-09-01`

/** The shape `{arm}/metadata/endpoints?api-version=2022-09-01` answers with. */
const metadata = (overrides: Record<string, unknown> = {}) => ({
  name: 'AzureStack',
  resourceManager: `${ARM}/`,
  microsoftGraphResourceId: 'https://graph.azurestack.local/',
  authentication: {
    loginEndpoint: 'https://login.azurestack.local/',
    audiences: ['https://management.adfs.azurestack.local/', `${ARM}/`],
    tenant: 'common'
  },
  ...overrides
})

const parse = (document: unknown, overrides = {}) => customCloudFromMetadata(document, ARM, SOURCE, overrides)

describe('custom cloud metadata', () => {
  it('a cloud without Microsoft Graph still works: only looking principals up by name needs it', () => {
    const cloud = parse(metadata({ microsoftGraphResourceId: undefined }))
    expect(cloud.graph).toBeUndefined()
    expect(cloud.graphScope).toBeUndefined()
    expect(cloud.authorityHost).toBe('https://login.azurestack.local')
  })

  it('object form: authority, Graph and audiences come from the document, instance discovery is off', () => {
    expect(parse(metadata())).toEqual({
      name: 'Custom',
      resourceManager: ARM,
      armScope: 'https://management.adfs.azurestack.local//.default',
      authorityHost: 'https://login.azurestack.local',
      graph: 'https://graph.azurestack.local',
      graphScope: 'https://graph.azurestack.local/.default',
      oidcAudience: 'api://AzureADTokenExchange',
      inferenceScope: 'https://cognitiveservices.azure.com/.default',
      foundryScope: 'https://ai.azure.com/.default',
      disableInstanceDiscovery: true
    })
  })

  it('array form: picks the entry whose Resource Manager is arm-endpoint, whatever its position and case', () => {
    const other = metadata({
      resourceManager: 'https://management.azure.com/',
      microsoftGraphResourceId: 'https://graph.microsoft.com/',
      authentication: {
        loginEndpoint: 'https://login.microsoftonline.com/',
        audiences: ['https://management.core.windows.net/']
      }
    })
    const ours = metadata({ resourceManager: ARM.toUpperCase() + '/' })
    const cloud = parse([other, ours])
    expect(cloud.authorityHost).toBe('https://login.azurestack.local')
    expect(cloud.graph).toBe('https://graph.azurestack.local')
  })

  it('array form without a matching entry takes the first', () => {
    const only = metadata({ resourceManager: 'https://elsewhere.local' })
    expect(parse([only]).resourceManager).toBe('https://elsewhere.local')
  })

  it('without audiences the Resource Manager URL is the token audience', () => {
    const cloud = parse(metadata({ authentication: { loginEndpoint: 'https://login.azurestack.local' } }))
    expect(cloud.armScope).toBe(`${ARM}/.default`)
  })

  it('with audiences that do not name Resource Manager, the first audience is used', () => {
    const cloud = parse(
      metadata({
        authentication: {
          loginEndpoint: 'https://login.azurestack.local',
          audiences: ['https://mgmt.adfs.local/', 7]
        }
      })
    )
    expect(cloud.armScope).toBe('https://mgmt.adfs.local//.default')
  })

  it('without resourceManager the arm-endpoint input is used', () => {
    const document = metadata()
    delete (document as Record<string, unknown>).resourceManager
    expect(parse(document).resourceManager).toBe(ARM)
  })

  it('audience and inference-scope inputs override the Custom defaults', () => {
    const cloud = parse(metadata(), {
      audience: 'api://stack',
      inferenceScope: 'https://cs.azurestack.local/.default'
    })
    expect(cloud.oidcAudience).toBe('api://stack')
    expect(cloud.inferenceScope).toBe('https://cs.azurestack.local/.default')
  })

  it.each([
    [
      'an http Graph',
      metadata({ microsoftGraphResourceId: 'http://graph.local' }),
      'microsoftGraphResourceId'
    ],
    ['no login endpoint', metadata({ authentication: {} }), 'authentication.loginEndpoint'],
    [
      'an empty login endpoint',
      metadata({ authentication: { loginEndpoint: '  ' } }),
      'authentication.loginEndpoint'
    ],
    [
      'a login endpoint that is not a string',
      metadata({ authentication: { loginEndpoint: 42 } }),
      'authentication.loginEndpoint'
    ]
  ])('%s is an error naming the field and the source', (_, document, field) => {
    expect(() => parse(document)).toThrow(ActionError)
    expect(() => parse(document)).toThrow(`has no https URL in '${field}'`)
    expect(() => parse(document)).toThrow(SOURCE)
  })

  it.each([null, 'not json', 42, []])('%j is not a metadata document', (document) => {
    expect(() => parse(document)).toThrow(ActionError)
  })
})
