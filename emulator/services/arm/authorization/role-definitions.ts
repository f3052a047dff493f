// Microsoft.Authorization/roleDefinitions (api-version 2022-04-01): list with `roleName eq '...'` or
// `type eq '...'` filters, and get by GUID, at a subscription (or any) scope or at the root.
import { armError, json, type EmuResponse } from '../../../http.js'
import type { RoleDefinition, World } from '../../../world/types.js'
import { allRoleDefinitions, findRoleDefinition } from './permissions.js'
import { isAncestorOrSelf, parseScope } from '../scope.js'

export function roleDefinitionId(subscriptionId: string | undefined, guid: string): string {
  const prefix = subscriptionId ? `/subscriptions/${subscriptionId}` : ''
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
}

function render(def: RoleDefinition, subscriptionId: string | undefined): Record<string, unknown> {
  return {
    id: roleDefinitionId(subscriptionId, def.id),
    name: def.id,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: def.roleName,
      type: def.type,
      description: def.description,
      assignableScopes: def.assignableScopes,
      permissions: def.permissions.map((p) => ({ ...p })),
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2024-05-01T12:00:00.0000000Z',
      createdBy: null,
      updatedBy: null
    }
  }
}

/** Whether a role can be used at the scope: built-ins everywhere, custom roles under their assignable scopes. */
export function usableAt(def: RoleDefinition, scope: string): boolean {
  return (
    def.type === 'BuiltInRole' ||
    def.assignableScopes.some((s) => isAncestorOrSelf(s, scope) || isAncestorOrSelf(scope, s))
  )
}

const unquote = (s: string): string => s.replace(/''/g, "'")

export function listRoleDefinitions(world: World, scope: string, filter: string | null): EmuResponse {
  const sub = parseScope(scope).subscriptionId
  let defs = allRoleDefinitions(world).filter((d) => usableAt(d, scope))
  if (filter) {
    const byName = /^\s*roleName\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter)
    const byType = /^\s*type\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter)
    if (byName) defs = defs.filter((d) => d.roleName.toLowerCase() === unquote(byName[1] ?? '').toLowerCase())
    else if (byType)
      defs = defs.filter((d) => d.type.toLowerCase() === unquote(byType[1] ?? '').toLowerCase())
    else return armError(400, 'UnsupportedQuery', `The filter '${filter}' is not supported.`)
  }
  return json(200, { value: defs.map((d) => render(d, sub)) })
}

export function getRoleDefinition(world: World, scope: string, guid: string): EmuResponse {
  const def = findRoleDefinition(world, guid)
  if (!def || !usableAt(def, scope)) {
    return armError(
      404,
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${guid}' does not exist.`
    )
  }
  return json(200, render(def, parseScope(scope).subscriptionId))
}
