import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { expectedAccountId, readAccount, toTarget } from '../../../src/scopes/account.js'
import { withArmErrors } from '../../../src/azure/arm-errors.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { ACCOUNT_ID, ACCOUNT_NAME, RESOURCE_GROUP, SUBSCRIPTION } from '../../fixtures/ids.js'

const ENDPOINTS = {
  'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.com/',
  'OpenAI Language Model Instance API': 'https://ai-prod.openai.azure.com/'
}

describe('the account as the action uses it', () => {
  it('takes the endpoints ARM returned, with /models on the inference endpoint', () => {
    const target = toTarget(
      {
        id: ACCOUNT_ID,
        endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
        endpoints: ENDPOINTS,
        customSubDomainName: 'ai-prod'
      },
      ACCOUNT_ID
    )
    expect(target).toEqual({
      kind: 'account',
      id: ACCOUNT_ID,
      name: ACCOUNT_NAME,
      endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
      inferenceEndpoint: 'https://ai-prod.services.ai.azure.com/models',
      openAiEndpoint: 'https://ai-prod.openai.azure.com/',
      customSubDomainName: 'ai-prod'
    })
  })

  it('sovereign hosts are kept as ARM returned them, never rebuilt', () => {
    const target = toTarget(
      {
        id: ACCOUNT_ID,
        endpoints: { 'Azure AI Model Inference API': 'https://ai-prod.services.ai.azure.us' }
      },
      ACCOUNT_ID
    )
    expect(target.inferenceEndpoint).toBe('https://ai-prod.services.ai.azure.us/models')
  })

  it('without an OpenAI endpoint the general endpoint serves; null subdomain means none', () => {
    const target = toTarget(
      {
        id: ACCOUNT_ID,
        endpoint: 'https://westeurope.api.cognitive.microsoft.com/',
        customSubDomainName: null
      },
      ACCOUNT_ID
    )
    expect(target.openAiEndpoint).toBe('https://westeurope.api.cognitive.microsoft.com/')
    expect(target.inferenceEndpoint).toBeUndefined()
    expect(target.customSubDomainName).toBeUndefined()
  })

  it('an empty subdomain means none too', () => {
    expect(
      toTarget({ id: ACCOUNT_ID, customSubDomainName: '' }, ACCOUNT_ID).customSubDomainName
    ).toBeUndefined()
  })

  it('keeps the ID as ARM spelled it when it differs only in case; the name is its last segment', () => {
    const id = ACCOUNT_ID.replace('resourceGroups', 'resourcegroups')
      .replace(RESOURCE_GROUP, RESOURCE_GROUP.toUpperCase())
      .replace(ACCOUNT_NAME, 'AI-Prod')
    const target = toTarget({ id }, ACCOUNT_ID)
    expect(target.id).toBe(id)
    expect(target.name).toBe('AI-Prod')
  })

  it.each([
    ['another account', ACCOUNT_ID.replace(ACCOUNT_NAME, 'ai-other')],
    ['a nested resource', `${ACCOUNT_ID}/projects/p`],
    ['another subscription', ACCOUNT_ID.replace(SUBSCRIPTION, '99999999-0000-4000-8000-000000000001')],
    ['no ID', undefined]
  ])('refuses to work on %s', (_, id) => {
    expect(() => toTarget({ id }, ACCOUNT_ID)).toThrow(ActionError)
    expect(() => toTarget({ id }, ACCOUNT_ID)).toThrow('Nothing was changed')
    expect(() => toTarget({ id }, ACCOUNT_ID)).toThrow('check resource-group and resource-name')
  })
})

describe('readAccount', () => {
  it('reads the account by its expected resource ID', async () => {
    const arm = new InMemoryArm().addAccount(RESOURCE_GROUP, ACCOUNT_NAME, {
      endpoints: ENDPOINTS,
      customSubDomainName: 'ai-prod'
    })
    const target = await readAccount(withArmErrors(arm), ACCOUNT_ID)
    expect(target.id).toBe(ACCOUNT_ID)
    expect(target.kind).toBe('account')
    expect(target.name).toBe(ACCOUNT_NAME)
    expect(arm.calls).toEqual([{ method: 'getAccount', args: [ACCOUNT_ID] }])
  })

  it('refuses an account that ARM returns under another ID', async () => {
    const arm = new InMemoryArm().addAccount(RESOURCE_GROUP, ACCOUNT_NAME, {
      id: ACCOUNT_ID.replace(ACCOUNT_NAME, 'ai-other')
    })
    await expect(readAccount(withArmErrors(arm), ACCOUNT_ID)).rejects.toThrow('Nothing was changed')
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
  ])('%s says which one is missing (through the client decorator)', async (code, expected) => {
    const arm = new InMemoryArm().failNext('getAccount', armError(404, code))
    const error = await readAccount(withArmErrors(arm), ACCOUNT_ID).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect((error as Error).message).toContain(`Reading Azure AI Services account '${ACCOUNT_NAME}'`)
    expect((error as Error).message).toContain(expected)
  })

  it('an account that does not exist in the double is ResourceNotFound too', async () => {
    await expect(readAccount(withArmErrors(new InMemoryArm()), ACCOUNT_ID)).rejects.toThrow(
      'Check resource-name'
    )
  })

  it('does not translate errors itself: a bare client passes them through', async () => {
    const raw = armError(404, 'ResourceNotFound')
    const arm = new InMemoryArm().failNext('getAccount', raw)
    await expect(readAccount(arm, ACCOUNT_ID)).rejects.toBe(raw)
  })

  it('expectedAccountId is the ARM ID of the account', () => {
    expect(expectedAccountId(SUBSCRIPTION, RESOURCE_GROUP, ACCOUNT_NAME)).toBe(
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/${RESOURCE_GROUP}/providers/Microsoft.CognitiveServices/accounts/${ACCOUNT_NAME}`
    )
  })
})
