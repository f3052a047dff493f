import { ActionError, AzureError, messageOf, networkHint, quoteRequestIds, restDetails } from '../errors.js'
import { Inputs } from '../constants.js'
import type { ArmClient, NewAssignment } from './arm.js'

export const WRITE_PERMISSION_HELP =
  "The pipeline identity needs 'Microsoft.Authorization/roleAssignments/write' at the account's scope: " +
  'grant it Role Based Access Control Administrator (best, with a condition limiting the roles it may assign), ' +
  'User Access Administrator or Owner on the account or its resource group. Contributor does not carry it.'

export const READ_PERMISSION_HELP =
  `Check ${Inputs.ResourceGroup} and ${Inputs.ResourceName}: Resource Manager answers 403 rather than 404 for a resource group or account ` +
  'the identity has no access to. The pipeline identity needs read access to the account (Role Based Access Control ' +
  'Administrator on the account or its resource group includes it).'

/** The names in a resource ID that an error message can refer to. */
export interface ArmNames {
  readonly subscription?: string
  readonly resourceGroup?: string
  readonly account?: string
  readonly project?: string
}

/** Pure: the subscription, resource group, account and project named by a resource ID (or a scope). */
export function namesOf(resourceId: string): ArmNames {
  const part = (pattern: RegExp): string | undefined => pattern.exec(resourceId)?.[1]
  return {
    subscription: part(/\/subscriptions\/([^/]+)/i),
    resourceGroup: part(/\/resourceGroups\/([^/]+)/i),
    account: part(/\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)/i),
    project: part(/\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+\/projects\/([^/]+)/i)
  }
}

/** Which permission a 403 is about: writing or removing role assignments, or reading. */
function authorizationHelp(said: string, names: ArmNames): string {
  if (/Microsoft\.Authorization\/roleAssignments\/(write|delete)/i.test(said)) return WRITE_PERMISSION_HELP
  return `${READ_PERMISSION_HELP} (resource group '${names.resourceGroup ?? ''}', account '${names.account ?? ''}')`
}

/** What the user can do about an answer ARM gives for a code; undefined when ARM's own message says it all. */
function explanation(code: string | undefined, said: string, names: ArmNames): string | undefined {
  switch (code) {
    case 'SubscriptionNotFound':
      return `subscription '${names.subscription ?? ''}' was not found, or the pipeline identity has no access to it. Check ${Inputs.SubscriptionId}.`
    case 'ResourceGroupNotFound':
      return `resource group '${names.resourceGroup ?? ''}' was not found in subscription '${names.subscription ?? ''}'. Check ${Inputs.ResourceGroup}.`
    case 'ResourceNotFound':
      // ARM names the missing resource: `'.../accounts/{a}'` when the project's account itself is missing.
      return names.project !== undefined && !/accounts\/[^/']+'/i.test(said)
        ? `Foundry project '${names.project}' was not found under Azure AI Services account '${names.account ?? ''}' in resource group '${names.resourceGroup ?? ''}'. Check ${Inputs.Project} (or the project's line in ${Inputs.ResourceIds}).`
        : `Azure AI Services account '${names.account ?? ''}' was not found in resource group '${names.resourceGroup ?? ''}'. Check ${Inputs.ResourceName} or ${Inputs.ResourceIds} (and that the account is a Microsoft.CognitiveServices/accounts resource).`
    case 'AuthorizationFailed':
      return `Resource Manager refused (403 AuthorizationFailed): ${said} ${authorizationHelp(said, names)}`
    case 'InvalidAuthenticationTokenTenant':
      return `the subscription is not in ${Inputs.TenantId}'s tenant (${said}). Check ${Inputs.TenantId} and ${Inputs.SubscriptionId}.`
  }
  return undefined
}

/**
 * Explains an answer of Resource Manager to a request about `resourceId`: what the user can act on, ARM's own
 * status, code and message, and the request IDs a support case needs. An error that was explained already (a
 * sign-in failure inside an SDK call) passes through as it is.
 */
export function explainArmError(error: unknown, doing: string, resourceId: string): ActionError {
  if (error instanceof ActionError) return error
  const details = restDetails(error)
  const said = messageOf(error)
  if (details.status === undefined) {
    return new ActionError(`${doing}: no answer from Resource Manager: ${said}.${networkHint(error)}`, {
      cause: error
    })
  }
  const answered = `HTTP ${details.status}${details.code === undefined ? '' : ` ${details.code}`}`
  const explained = explanation(details.code, said, namesOf(resourceId))
  const text =
    explained === undefined
      ? `${doing}: Resource Manager answered (${answered}): ${said}`
      : `${doing}: ${explained}${explained.includes(said) ? '' : ` (${answered}: ${said})`}`
  return new AzureError(text + quoteRequestIds(details), details, { cause: error })
}

const shortGuid = (roleDefinitionId: string): string => roleDefinitionId.split('/').pop() ?? roleDefinitionId

/** Why Resource Manager refused a new assignment, when the cause is in the principal rather than the request. */
function explainPut(error: unknown, assignment: NewAssignment): unknown {
  const code = (error as { code?: unknown } | undefined)?.code
  const doing = `Assigning role ${shortGuid(assignment.roleDefinitionId)} to principal ${assignment.principalId} at ${assignment.scope}`
  if (code === 'UnmatchedPrincipalType') {
    return explainArmError(
      error,
      `${doing}: Resource Manager says the object is not a ${assignment.principalType ?? 'principal of the given type'}; check ${Inputs.PrincipalType}`,
      assignment.scope
    )
  }
  if (code === 'PrincipalNotFound') {
    return explainArmError(
      error,
      `${doing}: Resource Manager does not find the principal in the directory (a new principal takes minutes to replicate); check the object ID and ${Inputs.TenantId}`,
      assignment.scope
    )
  }
  return explainArmError(error, doing, assignment.scope)
}

/** Every call of `inner`, with its failures explained: what it was doing and for which resource. */
export function withArmErrors(inner: ArmClient): ArmClient {
  const explained = async <T>(work: () => Promise<T>, explain: (error: unknown) => unknown): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      throw explain(error)
    }
  }
  return {
    getAccount: (id) =>
      explained(
        () => inner.getAccount(id),
        (error) =>
          explainArmError(error, `Reading Azure AI Services account '${namesOf(id).account ?? id}'`, id)
      ),
    getProject: (id) =>
      explained(
        () => inner.getProject(id),
        (error) => {
          const { account, project } = namesOf(id)
          return explainArmError(
            error,
            `Reading Foundry project '${project ?? id}' of account '${account ?? ''}'`,
            id
          )
        }
      ),
    findRoleDefinitions: (scope, roleName) =>
      explained(
        () => inner.findRoleDefinitions(scope, roleName),
        (error) => explainArmError(error, `Looking up role '${roleName}'`, scope)
      ),
    getRoleDefinition: (scope, guid) =>
      explained(
        () => inner.getRoleDefinition(scope, guid),
        (error) => explainArmError(error, `Looking up role definition ${guid}`, scope)
      ),
    createAssignment: (assignment) =>
      explained(
        () => inner.createAssignment(assignment),
        (error) => explainPut(error, assignment)
      ),
    listAssignmentsOf: (scope, principalId) =>
      explained(
        () => inner.listAssignmentsOf(scope, principalId),
        (error) => explainArmError(error, `Listing the role assignments of ${principalId} at ${scope}`, scope)
      ),
    listAssignmentsAt: (scope) =>
      explained(
        () => inner.listAssignmentsAt(scope),
        (error) => explainArmError(error, `Listing the role assignments at ${scope}`, scope)
      ),
    listAssignmentsAssignedTo: (scope, principalId) =>
      explained(
        () => inner.listAssignmentsAssignedTo(scope, principalId),
        (error) =>
          explainArmError(
            error,
            `Listing the role assignments that apply to ${principalId} (with its groups) at ${scope}`,
            scope
          )
      ),
    deleteAssignment: (id) =>
      explained(
        () => inner.deleteAssignment(id),
        (error) => explainArmError(error, `Removing role assignment ${id}`, id)
      ),
    listDenyAssignmentsAt: (scope) =>
      explained(
        () => inner.listDenyAssignmentsAt(scope),
        (error) => explainArmError(error, `Listing the deny assignments at ${scope}`, scope)
      ),
    listPermissions: (scope) =>
      explained(
        () => inner.listPermissions(scope),
        (error) =>
          explainArmError(error, `Reading the pipeline identity's own permissions at ${scope}`, scope)
      )
  }
}
