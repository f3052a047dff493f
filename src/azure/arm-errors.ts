import { ActionError, messageOf, networkHint, restDetails } from '../errors.js'

export const WRITE_PERMISSION_HELP =
  "The pipeline identity needs 'Microsoft.Authorization/roleAssignments/write' at the account's scope: " +
  'grant it Role Based Access Control Administrator (best, with a condition limiting the roles it may assign), ' +
  'User Access Administrator or Owner on the account or its resource group. Contributor does not carry it.'

export const READ_PERMISSION_HELP =
  'Check resource-group and resource-name: Resource Manager answers 403 rather than 404 for a resource group or account ' +
  'the identity has no access to. The pipeline identity needs read access to the account (Role Based Access Control ' +
  'Administrator on the account or its resource group includes it).'

/** Which permission a 403 is about: writing or removing role assignments, or reading. */
function authorizationHelp(said: string, names: ArmNames): string {
  if (/Microsoft\.Authorization\/roleAssignments\/(write|delete)/i.test(said)) return WRITE_PERMISSION_HELP
  return `${READ_PERMISSION_HELP} (resource group '${names.resourceGroup}', account '${names.account}')`
}

/** The names a Resource Manager error message can refer to. */
export interface ArmNames {
  readonly subscription: string
  readonly resourceGroup: string
  readonly account: string
}

/** Explains the answers of Resource Manager that a user can act on; anything else keeps ARM's own message. */
export function explainArmError(error: unknown, doing: string, names: ArmNames): ActionError {
  // A sign-in failure surfaces inside the SDK call that needed the token; it was explained already.
  if (error instanceof ActionError) return error
  const { status, code } = restDetails(error)
  const said = messageOf(error)
  switch (code) {
    case 'SubscriptionNotFound':
      return new ActionError(
        `${doing}: subscription '${names.subscription}' was not found, or the pipeline identity has no access to it. Check subscription-id.`,
        { cause: error }
      )
    case 'ResourceGroupNotFound':
      return new ActionError(
        `${doing}: resource group '${names.resourceGroup}' was not found in subscription '${names.subscription}'. Check resource-group.`,
        { cause: error }
      )
    case 'ResourceNotFound':
      return new ActionError(
        `${doing}: Azure AI Services account '${names.account}' was not found in resource group '${names.resourceGroup}'. Check resource-name (and that the account is a Microsoft.CognitiveServices/accounts resource).`,
        { cause: error }
      )
    case 'AuthorizationFailed':
      return new ActionError(
        `${doing}: Resource Manager refused (403 AuthorizationFailed): ${said} ${authorizationHelp(said, names)}`,
        {
          cause: error
        }
      )
    case 'InvalidAuthenticationTokenTenant':
      return new ActionError(
        `${doing}: the subscription is not in tenant-id's tenant (${said}). Check tenant-id and subscription-id.`,
        {
          cause: error
        }
      )
  }
  const what = status === undefined ? '' : ` (HTTP ${status}${code === undefined ? '' : ` ${code}`})`
  if (status === undefined)
    return new ActionError(`${doing}: no answer from Resource Manager: ${said}.${networkHint(error)}`, {
      cause: error
    })
  return new ActionError(`${doing}: Resource Manager answered${what}: ${said}`, { cause: error })
}
