import { BUILT_IN_ROLES } from '../roles/roles.js'

export const WRITE_ACTION = 'Microsoft.Authorization/roleAssignments/write'
export const DELETE_ACTION = 'Microsoft.Authorization/roleAssignments/delete'
export const PIM_ACTION = 'Microsoft.Authorization/roleAssignmentScheduleRequests/write'
export const RBAC_ADMINISTRATOR = 'Role Based Access Control Administrator'

const unique = (values: readonly string[]): string[] => [
  ...new Set(values.map((value) => value.toLowerCase()))
]

/**
 * Pure: the documented delegation condition for these roles (writes and deletes of role assignments limited to
 * them; `principalTypes` adds a clause to the write branch).
 */
export function delegationCondition(
  roleGuids: readonly string[],
  principalTypes: readonly string[] = []
): string {
  const roles = `{${unique(roleGuids).join(', ')}}`
  const types =
    principalTypes.length === 0
      ? ''
      : ` AND (@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {${[...new Set(principalTypes)].map((t) => `'${t}'`).join(', ')}})`
  return (
    `((!(ActionMatches{'${WRITE_ACTION}'})) OR ((@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roles})${types}))` +
    ` AND ((!(ActionMatches{'${DELETE_ACTION}'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals ${roles}))`
  )
}

/** Pure: a ready `az role assignment create` line that gives the pipeline identity just what this run needs. */
export function setupCommand(selfId: string, scope: string, roleGuids: readonly string[]): string {
  return (
    `az role assignment create --assignee-object-id ${selfId} --assignee-principal-type ServicePrincipal ` +
    `--role "${RBAC_ADMINISTRATOR}" --scope ${scope} --condition "${delegationCondition(roleGuids)}" --condition-version 2.0`
  )
}

/** The name of a built-in role by GUID, else the GUID. */
export function roleNameOf(guid: string): string {
  return Object.entries(BUILT_IN_ROLES).find(([, known]) => known === guid.toLowerCase())?.[0] ?? guid
}
