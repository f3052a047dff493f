// How the pipeline identity is allowed to write role assignments, as platform teams set it up: Role Based Access
// Control Administrator limited by the documented delegation condition (least privilege), User Access
// Administrator on the whole subscription (what most teams start with), or Contributor only (which cannot write).
import { ROLE_IDS } from './builtin-roles.js'
import { DEFAULT_IDS } from './ids.js'
import type { World } from './types.js'

const PIPELINE = DEFAULT_IDS.pipelineApp.objectId

/**
 * The documented delegation condition: writes and deletes of role assignments only for these roles (by default
 * Cognitive Services User and Azure AI User); `principalTypes` limits the principals of writes, too.
 */
export function delegationCondition(
  roles: readonly string[] = [ROLE_IDS.cognitiveServicesUser, ROLE_IDS.azureAiUser],
  principalTypes: readonly string[] = []
): string {
  const list = `{${roles.join(', ')}}`
  const types =
    principalTypes.length === 0
      ? ''
      : `\n  AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {${principalTypes.map((t) => `'${t}'`).join(', ')}}`
  return [
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR",
    ` (@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${list}${types}))`,
    'AND',
    "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR",
    ` (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${list}))`
  ].join('\n')
}

/** Replaces every role the pipeline holds with one assignment. */
function pipelineHolds(world: World, role: string, scope: string, condition: string | null): void {
  const longAgo = Date.now() - 24 * 3600_000
  world.roleAssignments = world.roleAssignments.filter((a) => a.principalId.toLowerCase() !== PIPELINE)
  world.roleAssignments.push({
    name: DEFAULT_IDS.pipelineRbacAssignment,
    scope,
    roleDefinitionGuid: role,
    principalId: PIPELINE,
    principalType: 'ServicePrincipal',
    description: 'Lets the deployment pipeline grant access',
    condition,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null
  })
}

const rgScope = (): string =>
  `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}`

export interface DelegationSpec {
  /** Role definition GUIDs the condition allows. */
  roles?: readonly string[]
  principalTypes?: readonly string[]
  /** Default: the account's resource group. */
  scope?: string
}

/** The least-privilege setup: RBAC Administrator at the resource group with the documented condition. */
export function delegatePipeline(world: World, spec: DelegationSpec = {}): void {
  pipelineHolds(
    world,
    ROLE_IDS.rbacAdministrator,
    spec.scope ?? rgScope(),
    delegationCondition(spec.roles, spec.principalTypes)
  )
}

/** User Access Administrator on the whole subscription, unconditioned. */
export function pipelineAsSubscriptionUserAccessAdministrator(world: World): void {
  pipelineHolds(world, ROLE_IDS.userAccessAdministrator, `/subscriptions/${DEFAULT_IDS.subscriptionId}`, null)
}

/** Contributor on the resource group only: it reads everything and can write no role assignment. */
export function pipelineAsContributorOnly(world: World): void {
  pipelineHolds(world, ROLE_IDS.contributor, rgScope(), null)
}
