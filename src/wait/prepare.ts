import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import { createProbe, probeRoutes } from '../azure/dataplane.js'
import type { DataPlaneProbe } from '../azure/dataplane.js'
import type { AzureSession } from '../session/session.js'
import type { Account, ActionInputs, ResolvedPrincipal } from '../types.js'

/**
 * Checks, before anything is written, that a wait can succeed: the probe can only prove access for the identity
 * the action signs in as, and Entra ID tokens only work on accounts with a custom subdomain.
 */
export async function prepareWait(
  inputs: ActionInputs,
  session: AzureSession,
  account: Account,
  principals: readonly ResolvedPrincipal[]
): Promise<DataPlaneProbe | undefined> {
  if (!inputs.waitForPropagation) return undefined
  if (inputs.dryRun) {
    core.info('Dry run: not waiting for propagation, since nothing is assigned.')
    return undefined
  }
  const self = await session.self()
  if (!principals.some((principal) => principal.objectId === self.objectId)) {
    throw new ActionError(
      `Input '${Inputs.WaitForPropagation}' is true, but the action's own identity (${self.objectId}) is not among the principals. ` +
        'The wait calls the inference endpoint as that identity, so it can only prove access for it: add self to principal, or set wait-for-propagation: false.'
    )
  }
  if (account.customSubDomainName === undefined || account.customSubDomainName === '') {
    throw new ActionError(
      `The account '${inputs.resourceName}' has no custom subdomain, and Microsoft Entra ID authentication for inference needs one. ` +
        `Give it one (az cognitiveservices account update -g ${inputs.resourceGroup} -n ${inputs.resourceName} --custom-domain <name>), then run again. Nothing was changed.`
    )
  }
  const routes = probeRoutes(account, session.cloud.inferenceScope, inputs.probeModel)
  if (routes.length === 0) {
    throw new ActionError(
      `Resource Manager returned no inference endpoint for '${inputs.resourceName}', so there is nothing to probe. Set wait-for-propagation: false.`
    )
  }
  return createProbe(session.http(0), routes, () => session.signIn.renew(session.cloud.inferenceScope))
}
