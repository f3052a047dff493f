import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import { trimSlash } from '../azure/sign-in/clouds.js'
import type { ArmClient, AccountResource } from '../azure/arm.js'
import type { Target } from '../types.js'

export const INFERENCE_ENDPOINT_KEY = 'Azure AI Model Inference API'
export const OPENAI_ENDPOINT_KEY = 'OpenAI Language Model Instance API'

export function expectedAccountId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${name}`
}

/**
 * Pure: the account as the action uses it. The write scope is the `id` Resource Manager returned, and only after it
 * is checked to be exactly the account that was asked for (ARM names are case-insensitive).
 */
export function toTarget(resource: AccountResource, expectedId: string): Target {
  const id = resource.id ?? ''
  if (id.toLowerCase() !== expectedId.toLowerCase()) {
    throw new ActionError(
      `Resource Manager returned the account as '${id}', which is not '${expectedId}'. Nothing was changed; check ${Inputs.ResourceGroup} and ${Inputs.ResourceName}.`
    )
  }
  const inference = resource.endpoints?.[INFERENCE_ENDPOINT_KEY]
  return {
    kind: 'account',
    id,
    name: id.split('/').pop() ?? id,
    endpoint: resource.endpoint,
    inferenceEndpoint: inference === undefined ? undefined : `${trimSlash(inference)}/models`,
    openAiEndpoint: resource.endpoints?.[OPENAI_ENDPOINT_KEY] ?? resource.endpoint,
    customSubDomainName:
      resource.customSubDomainName === '' ? undefined : (resource.customSubDomainName ?? undefined),
    disableLocalAuth: resource.disableLocalAuth,
    publicNetworkAccess: resource.publicNetworkAccess
  }
}

/** Reads the account at `expectedId`; the client explains a missing account, group or subscription. */
export async function readAccount(arm: ArmClient, expectedId: string): Promise<Target> {
  return toTarget(await arm.getAccount(expectedId), expectedId)
}
