// The inputs that name who and what: principal lines (self, object IDs, user:/group:/sp:, Azure resource IDs),
// the role, and probe-client-id given as an identity's resource ID.
import { InputError } from '../errors.js'
import { isGuid } from '../util/guid.js'
import { parseGuid, rejectUnsafeText, show } from './validation.js'
import type { PrincipalSpec, ResourceRef, RoleSpec } from '../types.js'

const PRINCIPAL_PREFIX = /^(user|group|sp):(.*)$/i
const RESOURCE_ID = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/([^/]+)\/(.+)$/i
const ARM_NAME = /^[^/\\?#%\s]{1,260}$/

/** An ARM resource ID with a provider, a type and a name; undefined when the value does not start like one. */
export function parseResourceId(input: string, raw: string): ResourceRef | undefined {
  const id = raw.trim().replace(/\/+$/, '')
  if (!id.startsWith('/')) return undefined
  const match = RESOURCE_ID.exec(id)
  const segments = (match?.[4] ?? '').split('/')
  const names = segments.filter((_, k) => k % 2 === 1)
  const fix =
    'Give a resource ID such as /subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.ManagedIdentity/userAssignedIdentities/<name> ' +
    '(az identity show -g <group> -n <name> --query id -o tsv, or the id output of your deployment).'
  if (
    match === null ||
    !isGuid(match[1] ?? '') ||
    segments.length % 2 !== 0 ||
    ![match[2] ?? '', match[3] ?? '', ...segments].every((part) => ARM_NAME.test(part) && part !== '..')
  ) {
    throw new InputError(input, `${show(id)} is not the resource ID of an Azure resource. ${fix}`)
  }
  return {
    id,
    namespace: match[3] ?? '',
    type: segments.filter((_, k) => k % 2 === 0).join('/'),
    name: names[names.length - 1] ?? ''
  }
}

/** One line of `principal`: self, an object ID, or user:/group:/sp: with a name or ID. */
export function parsePrincipalLine(input: string, raw: string): PrincipalSpec {
  const line = raw.trim()
  rejectUnsafeText(input, line, 'principal')
  if (line.toLowerCase() === 'self') return { raw: line, kind: 'self' }
  if (isGuid(line)) return { raw: line, kind: 'object-id', objectId: line.toLowerCase() }
  const resource = parseResourceId(input, line)
  if (resource !== undefined) return { raw: line, kind: 'resource', resource }
  const match = PRINCIPAL_PREFIX.exec(line)
  const value = match?.[2]?.trim() ?? ''
  if (match === null || value === '' || value.length > 256) {
    throw new InputError(
      input,
      `${show(line)} is not a principal. Use self, an object ID, user:<UPN or object ID>, group:<display name or object ID>, sp:<app ID, object ID or display name>, or the resource ID of a managed identity or of a resource with a system-assigned identity, one a line.`
    )
  }
  const kind = (match[1] ?? '').toLowerCase() as 'user' | 'group' | 'sp'
  const isGuidValue = isGuid(value)
  if (kind === 'user' && !isGuidValue && !/^[^@\s/\\?%]+@[^@\s/\\?#%]+$/.test(value)) {
    throw new InputError(
      input,
      `${show(line)}: a user is named by its user principal name (name@domain) or object ID.`
    )
  }
  return { raw: line, kind, value: isGuidValue ? value.toLowerCase() : value, isGuid: isGuidValue }
}

export function parsePrincipals(input: string, value: string): PrincipalSpec[] {
  const lines = value.split(/\r?\n/).filter((line) => line.trim() !== '')
  if (lines.length === 0) return [{ raw: 'self', kind: 'self' }]
  if (lines.length > 200)
    throw new InputError(input, `lists ${lines.length} principals; give at most 200 per step.`)
  return lines.map((line) => parsePrincipalLine(input, line))
}

const ROLE_ID =
  /^(?:\/subscriptions\/([^/]+))?\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i

/** A role name, a role definition GUID, or a role definition resource ID. */
export function parseRole(input: string, value: string): RoleSpec {
  const role = value.trim()
  rejectUnsafeText(input, role, 'role')
  if (role === '') throw new InputError(input, 'is empty. Give a role name such as Cognitive Services User.')
  if (isGuid(role)) return { kind: 'guid', guid: role.toLowerCase() }
  if (role.startsWith('/')) {
    const match = ROLE_ID.exec(role)
    const guid = match?.[2] ?? ''
    const subscription = match?.[1]
    if (match === null || !isGuid(guid) || (subscription !== undefined && !isGuid(subscription))) {
      throw new InputError(
        input,
        `${show(role)} is not a role definition ID. Expected /subscriptions/<subscription>/providers/Microsoft.Authorization/roleDefinitions/<GUID>.`
      )
    }
    return { kind: 'guid', guid: guid.toLowerCase() }
  }
  if (role.length > 128 || /[/\\?#%]/.test(role)) {
    throw new InputError(
      input,
      `${show(role)} is not a role name. Role names are plain text such as Cognitive Services User.`
    )
  }
  return { kind: 'name', name: role }
}

/** probe-client-id: a client ID, or a user-assigned identity's resource ID (its client ID is read later). */
export function parseProbeIdentity(
  input: string,
  value: string
): { probeClientId?: string; probeIdentity?: ResourceRef } {
  const resource = parseResourceId(input, value)
  if (resource === undefined) return { probeClientId: parseGuid(input, value, 'client ID') }
  if (
    resource.namespace.toLowerCase() !== 'microsoft.managedidentity' ||
    resource.type.toLowerCase() !== 'userassignedidentities'
  ) {
    throw new InputError(
      input,
      `${show(resource.id)} is not a user-assigned managed identity. Give the client ID, or the resource ID of a Microsoft.ManagedIdentity/userAssignedIdentities resource whose federated credential trusts this workflow.`
    )
  }
  return { probeIdentity: resource }
}
