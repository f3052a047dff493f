// How a role assignment looks on the wire (api-version 2022-04-01).
import type { RoleAssignment } from '../../../world/types.js'
import { roleDefinitionId } from './role-definitions.js'
import { parseScope, renderScope } from '../scope.js'

export const assignmentId = (a: RoleAssignment): string =>
  `${a.scope === '/' ? '' : a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`

const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '0000Z')

export function renderAssignment(a: RoleAssignment): Record<string, unknown> {
  return {
    properties: {
      roleDefinitionId: roleDefinitionId(parseScope(a.scope).subscriptionId, a.roleDefinitionGuid),
      principalId: a.principalId,
      principalType: a.principalType,
      scope: renderScope(a.scope === '/' ? '' : a.scope),
      condition: a.condition,
      conditionVersion: a.condition ? '2.0' : null,
      createdOn: iso(a.createdOn),
      updatedOn: iso(a.updatedOn),
      createdBy: a.createdBy,
      updatedBy: a.updatedBy,
      delegatedManagedIdentityResourceId: null,
      description: a.description
    },
    id: assignmentId(a),
    type: 'Microsoft.Authorization/roleAssignments',
    name: a.name
  }
}
