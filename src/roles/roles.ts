import { ActionError, restDetails } from '../errors.js'
import { namesOf } from '../azure/arm-errors.js'
import { Inputs } from '../constants.js'
import type { ArmClient, RoleDefinitionResource } from '../azure/arm.js'
import type { ResolvedRole, RoleSpec, Target } from '../types.js'
import { builtInDataPermissions } from './data-actions.js'
import type { DataPermissions } from './data-actions.js'

/** Built-in roles by name: a known name needs no lookup. GUIDs are the same in every cloud. */
export const BUILT_IN_ROLES: Readonly<Record<string, string>> = {
  'Cognitive Services User': 'a97b65f3-24c7-4388-baec-2e87135dc908',
  'Azure AI User': '53ca6127-db72-4b80-b1b0-d745d6d5456d',
  // Renamed in 2026 (Foundry User, Foundry Owner, ...): both names work, the GUIDs did not change.
  'Foundry User': '53ca6127-db72-4b80-b1b0-d745d6d5456d',
  'Azure AI Owner': 'c883944f-8b7b-4483-af10-35834be79c4a',
  'Foundry Owner': 'c883944f-8b7b-4483-af10-35834be79c4a',
  'Azure AI Account Owner': 'e47c6f54-e4a2-4754-9501-8e0985b135e1',
  'Foundry Account Owner': 'e47c6f54-e4a2-4754-9501-8e0985b135e1',
  'Azure AI Project Manager': 'eadc314b-1a2d-4efa-be10-5d325db5065e',
  'Foundry Project Manager': 'eadc314b-1a2d-4efa-be10-5d325db5065e',
  'Cognitive Services OpenAI User': '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd',
  'Cognitive Services OpenAI Contributor': 'a001fd3d-188f-4b5d-821b-7da978bf7442',
  'Azure AI Developer': '64702f94-c441-49e6-a78b-ef80e0188fee',
  'Cognitive Services Contributor': '25fbc0a9-bd7c-42a3-aa1a-3b75d497ee68',
  Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'User Access Administrator': '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  'Role Based Access Control Administrator': 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
}

const PRIVILEGED_BUILT_INS = [
  'Owner',
  'Contributor',
  'User Access Administrator',
  'Role Based Access Control Administrator'
]

/** The role a scope gets when the `role` input is empty: data actions for inference there, nothing more. */
export const DEFAULT_ROLES: Readonly<Record<Target['kind'], RoleSpec>> = {
  account: { kind: 'name', name: 'Cognitive Services User' },
  project: { kind: 'name', name: 'Azure AI User' }
}

export function roleDefinitionId(subscriptionId: string, guid: string): string {
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
}

function builtInByName(name: string): [string, string] | undefined {
  return Object.entries(BUILT_IN_ROLES).find(([known]) => known.toLowerCase() === name.toLowerCase())
}

function builtInByGuid(guid: string): [string, string] | undefined {
  return Object.entries(BUILT_IN_ROLES).find(([, known]) => known === guid.toLowerCase())
}

/** Does an action pattern such as `Microsoft.Authorization/*` or `*` cover `action`? */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i'
  )
  return regex.test(action)
}

/** Pure: can a holder of this role grant or remove roles (or do everything)? */
export function isPrivileged(
  role: { name: string; guid: string },
  definition?: RoleDefinitionResource
): boolean {
  if (PRIVILEGED_BUILT_INS.some((name) => BUILT_IN_ROLES[name] === role.guid)) return true
  if (definition === undefined) return false
  const grants = (action: string): boolean =>
    definition.actions.some((a) => actionMatches(a, action)) &&
    !definition.notActions.some((a) => actionMatches(a, action))
  return (
    definition.actions.includes('*') ||
    grants('Microsoft.Authorization/roleAssignments/write') ||
    grants('Microsoft.Authorization/roleDefinitions/write')
  )
}

export interface RoleResolution {
  readonly role: ResolvedRole
  readonly privileged: boolean
  /** What the role may do on the data plane (from the table for built-ins, else its definition). */
  readonly data?: DataPermissions
}

/**
 * Resolves the role input for a scope: built-ins by name or GUID with no request, others through Resource Manager.
 * The role definition ID names the scope's own subscription.
 */
export async function resolveRole(arm: ArmClient, spec: RoleSpec, scope: string): Promise<RoleResolution> {
  const subscriptionId = namesOf(scope).subscription ?? ''
  const known = spec.kind === 'name' ? builtInByName(spec.name) : builtInByGuid(spec.guid)
  if (known !== undefined) {
    const [name, guid] = known
    return {
      role: { id: roleDefinitionId(subscriptionId, guid), guid, name },
      privileged: isPrivileged({ name, guid }),
      data: builtInDataPermissions(guid)
    }
  }
  const definition =
    spec.kind === 'name' ? await findByName(arm, spec.name, scope) : await getByGuid(arm, spec.guid, scope)
  const guid = definition.name.toLowerCase()
  const role = { id: roleDefinitionId(subscriptionId, guid), guid, name: definition.roleName }
  const data = { dataActions: definition.dataActions, notDataActions: definition.notDataActions }
  return { role, privileged: isPrivileged(role, definition), data }
}

async function findByName(arm: ArmClient, name: string, scope: string): Promise<RoleDefinitionResource> {
  const found = await arm.findRoleDefinitions(scope, name)
  const exact = found.filter((definition) => definition.roleName.toLowerCase() === name.toLowerCase())
  if (exact.length === 1 && exact[0] !== undefined) return exact[0]
  if (exact.length === 0) {
    throw new ActionError(
      `Input '${Inputs.Role}': no role named '${name}' can be assigned at ${scope}. Check the spelling (e.g. Cognitive Services User), or give the role definition GUID.`
    )
  }
  throw new ActionError(
    `Input '${Inputs.Role}': ${exact.length} roles are named '${name}' (${exact.map((d) => d.name).join(', ')}). Give the role definition GUID of the one you mean.`
  )
}

async function getByGuid(arm: ArmClient, guid: string, scope: string): Promise<RoleDefinitionResource> {
  try {
    return await arm.getRoleDefinition(scope, guid)
  } catch (error) {
    const { status, code } = restDetails(error)
    if (status === 404 || code === 'RoleDefinitionDoesNotExist') {
      throw new ActionError(
        `Input '${Inputs.Role}': no role definition has the GUID ${guid}. Check the GUID, or give the role by name.`,
        { cause: error }
      )
    }
    throw error
  }
}
