import { ActionError } from '../errors.js'
import { explainArmError } from '../azure/arm-errors.js'
import { trimSlash } from '../azure/clouds.js'
import type { ArmClient, AccountResource } from '../azure/arm.js'
import type { Account } from '../types.js'

export const INFERENCE_ENDPOINT_KEY = 'Azure AI Model Inference API'
export const OPENAI_ENDPOINT_KEY = 'OpenAI Language Model Instance API'

export function expectedAccountId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${name}`
}

/**
 * Pure: the account as the action uses it. The write scope is the `id` Resource Manager returned, and only after it
 * is checked to be exactly the account that was asked for (ARM names are case-insensitive).
 */
export function toAccount(resource: AccountResource, expectedId: string): Account {
  const id = resource.id ?? ''
  if (id.toLowerCase() !== expectedId.toLowerCase()) {
    throw new ActionError(
      `Resource Manager returned the account as '${id}', which is not '${expectedId}'. Nothing was changed; check resource-group and resource-name.`
    )
  }
  const inference = resource.endpoints?.[INFERENCE_ENDPOINT_KEY]
  return {
    id,
    endpoint: resource.endpoint,
    inferenceEndpoint: inference === undefined ? undefined : `${trimSlash(inference)}/models`,
    openAiEndpoint: resource.endpoints?.[OPENAI_ENDPOINT_KEY] ?? resource.endpoint,
    customSubDomainName:
      resource.customSubDomainName === '' ? undefined : (resource.customSubDomainName ?? undefined),
    publicNetworkAccess: resource.publicNetworkAccess
  }
}

export async function readAccount(
  arm: ArmClient,
  subscription: string,
  resourceGroup: string,
  account: string
): Promise<Account> {
  const expected = expectedAccountId(subscription, resourceGroup, account)
  let resource: AccountResource
  try {
    resource = await arm.getAccount(resourceGroup, account)
  } catch (error) {
    throw explainArmError(error, `Reading Azure AI Services account '${account}'`, {
      subscription,
      resourceGroup,
      account
    })
  }
  return toAccount(resource, expected)
}
