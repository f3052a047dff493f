import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { expectedAccountId, readAccount, toAccount } from '../../../src/grant/account.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { ACCOUNT_ID, ACCOUNT_NAME, RESOURCE_GROUP, SUBSCRIPTION } from '../../fixtures/ids.js'

const ENDPOINTS = {
  'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/',
  'OpenAI Language Model Instance API': 'https://ai-prod.openai.azure.com/'
}

describe('the account as the action uses it', () => {
  it('takes the endpoints ARM returned, with /models on the inference endpoint', () => {
    const account = toAccount(
      {
        id: ACCOUNT_ID,
        endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
        endpoints: ENDPOINTS,
        customSubDomainName: 'ai-prod',
        publicNetworkAccess: 'Enabled'
      },
      ACCOUNT_ID
    )
    expect(account).toEqual({
      id: ACCOUNT_ID,
      endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
      inferenceEndpoint: 'https://ai-prod.services.ai.azure.com/models',
      openAiEndpoint: 'https://ai-prod.openai.azure.com/',
      customSubDomainName: 'ai-prod',
      publicNetworkAccess: 'Enabled'
    })
  })

  it('sovereign hosts are kept as ARM returned them, never rebuilt', () => {
    const account = toAccount(
      {
        id: ACCOUNT_ID,
        endpoints: { 'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.us' }
      },
      ACCOUNT_ID
    )
    expect(account.inferenceEndpoint).toBe('https://ai-prod.services.ai.azure.us/models')
  })

  it('without an OpenAI endpoint the general endpoint serves; null subdomain means none', () => {
    const account = toAccount(
      {
        id: ACCOUNT_ID,
        endpoint: 'https://westeurope.api.cognitive.microsoft.com/',
        customSubDomainName: null
      },
      ACCOUNT_ID
    )
    expect(account.openAiEndpoint).toBe('https://westeurope.api.cognitive.microsoft.com/')
    expect(account.inferenceEndpoint).toBeUndefined()
    expect(account.customSubDomainName).toBeUndefined()
  })

  it('keeps the ID as ARM spelled it when it differs only in case', () => {
    const id = ACCOUNT_ID.replace('resourceGroups', 'resourcegroups').replace(
      RESOURCE_GROUP,
      RESOURCE_GROUP.toUpperCase()
    )
    expect(toAccount({ id }, ACCOUNT_ID).id).toBe(id)
  })

  it.each([
    ['another account', ACCOUNT_ID.replace(ACCOUNT_NAME, 'ai-other')],
    ['a nested resource', `${ACCOUNT_ID}/projects/p`],
    ['another subscription', ACCOUNT_ID.replace(SUBSCRIPTION, '99999999-0000-4000-8000-000000000001')],
    ['no ID', undefined]
  ])('refuses to work on %s', (_, id) => {
    expect(() => toAccount({ id }, ACCOUNT_ID)).toThrow(ActionError)
    expect(() => toAccount({ id }, ACCOUNT_ID)).toThrow('Nothing was changed')
  })
})

describe('readAccount', () => {
  it('reads the account by resource group and name', async () => {
    const arm = new InMemoryArm().addAccount(RESOURCE_GROUP, ACCOUNT_NAME, {
      endpoints: ENDPOINTS,
      customSubDomainName: 'ai-prod'
    })
    const account = await readAccount(arm, SUBSCRIPTION, RESOURCE_GROUP, ACCOUNT_NAME)
    expect(account.id).toBe(ACCOUNT_ID)
    expect(arm.calls).toEqual([{ method: 'getAccount', args: [RESOURCE_GROUP, ACCOUNT_NAME] }])
  })

  it.each([
    [
      'ResourceNotFound',
      `Azure AI Services account '${ACCOUNT_NAME}' was not found in resource group '${RESOURCE_GROUP}'`
    ],
    [
      'ResourceGroupNotFound',
      `resource group '${RESOURCE_GROUP}' was not found in subscription '${SUBSCRIPTION}'`
    ],
    ['SubscriptionNotFound', `subscription '${SUBSCRIPTION}' was not found`]
  ])('%s says which one is missing', async (code, expected) => {
    const arm = new InMemoryArm().failNext('getAccount', armError(404, code))
    const error = await readAccount(arm, SUBSCRIPTION, RESOURCE_GROUP, ACCOUNT_NAME).catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain(`Reading Azure AI Services account '${ACCOUNT_NAME}'`)
    expect(error.message).toContain(expected)
  })

  it('an account that does not exist in the double is ResourceNotFound too', async () => {
    await expect(readAccount(new InMemoryArm(), SUBSCRIPTION, RESOURCE_GROUP, ACCOUNT_NAME)).rejects.toThrow(
      'Check resource-name'
    )
  })

  it('expectedAccountId is the ARM ID of the account', () => {
    expect(expectedAccountId(SUBSCRIPTION, RESOURCE_GROUP, ACCOUNT_NAME)).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/${ACCOUNT_NAME}`
    )
  })
})
