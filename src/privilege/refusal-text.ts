import { allowedValues } from './judge.js'
import type { Refusal } from './judge.js'
import { guidOf } from './rights.js'
import { roleNameOf } from './setup.js'

const ATTRIBUTE = 'Microsoft.Authorization/roleAssignments'

/** Pure: one refused change, what the condition allows, and the clause to extend. */
export function refusalText(refusal: Refusal): string {
  const { change } = refusal
  const held = refusal.by[0]
  const condition = held?.assignment.condition ?? ''
  const deleting = change.action.endsWith('/delete')
  const source = deleting ? 'Resource' : 'Request'
  const guid = guidOf(change.roleDefinitionId)
  const roles = allowedValues(condition, source, 'RoleDefinitionId')
  const types = allowedValues(condition, source, 'PrincipalType')
  const what = `${deleting ? 'removing' : 'assigning'} ${roleNameOf(guid)} (${guid}) ${deleting ? 'from' : 'to'} ${change.principalId} (${change.principalType ?? 'type unknown'}) at ${change.scope}`
  const through = `its ${held?.role?.name ?? 'role'} assignment ${held?.assignment.id ?? ''}`
  if (roles.length > 0 && !roles.some((role) => role.toLowerCase() === guid)) {
    return (
      `${what}: the condition on ${through} allows only the roles ${roles.map(roleNameOf).join(', ')}. ` +
      `Add ${guid} to its clause @${source}[${ATTRIBUTE}:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${roles.join(', ')}}, or grant one of those roles.`
    )
  }
  const type = change.principalType ?? ''
  if (types.length > 0 && !types.some((allowed) => allowed.toLowerCase() === type.toLowerCase())) {
    return (
      `${what}: the condition on ${through} allows only the principal types ${types.join(', ')}. ` +
      `Add '${type}' to its clause @${source}[${ATTRIBUTE}:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {${types.map((t) => `'${t}'`).join(', ')}}.`
    )
  }
  return `${what}: the condition on ${through} does not allow it (${condition}). Extend the condition to cover this change.`
}
