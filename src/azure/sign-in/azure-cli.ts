import { getExecOutput } from '@actions/exec'
import { ActionError } from '../../errors.js'
import { Inputs } from '../../constants.js'
import { isGuid } from '../../util/guid.js'

/** The current subscription of the Azure CLI session, for auth-type azure-cli without subscription-id. */
export async function cliSubscription(): Promise<string> {
  const result = await getExecOutput('az', ['account', 'show', '--query', 'id', '--output', 'tsv'], {
    silent: true,
    ignoreReturnCode: true
  }).catch((error: unknown) => ({ exitCode: -1, stdout: '', stderr: String(error) }))
  const id = result.stdout.trim()
  if (result.exitCode !== 0 || !isGuid(id)) {
    throw new ActionError(
      `Input '${Inputs.SubscriptionId}' is empty and the Azure CLI session has no current subscription ` +
        `(az account show: ${result.stderr.trim().split('\n')[0] || 'no output'}). Give ${Inputs.SubscriptionId}, or sign in with azure/login first.`
    )
  }
  return id.toLowerCase()
}
