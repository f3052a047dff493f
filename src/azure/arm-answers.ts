// What Resource Manager's answers become: role assignments, deny assignments and role definitions as the SDK reads
// them, and the caller's own permissions at a scope, read over REST (the SDK has no call for them).
import type { DenyAssignment, RoleAssignment } from '@azure/arm-authorization'
import type { CloudEndpoints } from './sign-in/clouds.js'
import { trimSlash } from './sign-in/clouds.js'
import { ArmAnswerError } from './cognitive.js'
import type { JsonHttp } from './http/http.js'
import type {
  DenyAssignmentResource,
  PermissionResource,
  RoleAssignmentResource,
  RoleDefinitionResource
} from './arm.js'

const noSlash = (id: string): string => id.replace(/^\/+/, '')

const PERMISSIONS_API_VERSION = '2022-04-01'

type RawPermission = { actions?: unknown; notActions?: unknown }
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []

/** The caller's permissions at a scope, every page of them. */
export async function readPermissions(
  http: JsonHttp,
  cloud: CloudEndpoints,
  scope: string
): Promise<PermissionResource[]> {
  const found: PermissionResource[] = []
  let url: string | undefined =
    `${trimSlash(cloud.resourceManager)}/${noSlash(scope)}/providers/Microsoft.Authorization/permissions?api-version=${PERMISSIONS_API_VERSION}`
  while (url !== undefined) {
    const response = await http.send({ method: 'GET', url, scope: cloud.armScope })
    if (response.status !== 200) throw new ArmAnswerError(response)
    const body = response.body as { value?: RawPermission[]; nextLink?: unknown } | undefined
    for (const item of body?.value ?? [])
      found.push({ actions: strings(item.actions), notActions: strings(item.notActions) })
    url = typeof body?.nextLink === 'string' ? body.nextLink : undefined
  }
  return found
}

/** The scope of an assignment from its ID, for answers that leave properties.scope out. */
const scopeOfAssignment = (id: string): string =>
  id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/[^/]+$/i, '')

/** An assignment as the list returns it, with what the post step and the sweep check. */
export function toAssignment(item: RoleAssignment): RoleAssignmentResource {
  return {
    id: item.id ?? '',
    name: item.name ?? '',
    scope: item.scope ?? scopeOfAssignment(item.id ?? ''),
    roleDefinitionId: item.roleDefinitionId ?? '',
    principalId: item.principalId ?? '',
    principalType: item.principalType ?? undefined,
    description: item.description ?? undefined,
    createdBy: item.createdBy ?? undefined,
    condition: item.condition ?? undefined,
    conditionVersion: item.conditionVersion ?? undefined
  }
}

export function toDenyAssignment(item: DenyAssignment): DenyAssignmentResource {
  const permissions = item.permissions ?? []
  const ids = (principals: DenyAssignment['principals']): string[] =>
    (principals ?? []).flatMap((principal) =>
      principal.id === undefined ? [] : [principal.id.toLowerCase()]
    )
  return {
    id: item.id ?? '',
    scope: item.scope ?? '',
    dataActions: permissions.flatMap((p) => p.dataActions ?? []),
    notDataActions: permissions.flatMap((p) => p.notDataActions ?? []),
    principalIds: ids(item.principals),
    excludePrincipalIds: ids(item.excludePrincipals),
    doNotApplyToChildScopes: item.doNotApplyToChildScopes ?? false
  }
}

export function toRoleDefinition(raw: {
  id?: string
  name?: string
  roleName?: string
  permissions?: {
    actions?: string[]
    notActions?: string[]
    dataActions?: string[]
    notDataActions?: string[]
  }[]
}): RoleDefinitionResource {
  const permissions = raw.permissions ?? []
  return {
    id: raw.id ?? '',
    name: raw.name ?? '',
    roleName: raw.roleName ?? '',
    actions: permissions.flatMap((p) => p.actions ?? []),
    notActions: permissions.flatMap((p) => p.notActions ?? []),
    dataActions: permissions.flatMap((p) => p.dataActions ?? []),
    notDataActions: permissions.flatMap((p) => p.notDataActions ?? [])
  }
}
