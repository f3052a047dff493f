import { ActionError, AzureError, messageOf, networkHint, quoteRequestIds, requestIdsOf } from '../errors.js'
import { Inputs } from '../constants.js'
import type { JsonHttp, JsonResponse } from './http/http.js'
import type { PrincipalType } from '../types.js'

export interface DirectoryObject {
  readonly id: string
  /** 'Other' for a directory object that is no principal; undefined when Graph did not say. */
  readonly type: PrincipalType | 'Other' | undefined
  readonly displayName?: string
}

/** The Microsoft Graph lookups the action makes; tests replace it with a double. */
export interface GraphClient {
  /** undefined when Graph answers 404. */
  getUser(idOrUpn: string): Promise<DirectoryObject | undefined>
  getGroup(id: string): Promise<DirectoryObject | undefined>
  findGroups(displayName: string): Promise<DirectoryObject[]>
  getServicePrincipalByAppId(appId: string): Promise<DirectoryObject | undefined>
  getServicePrincipal(id: string): Promise<DirectoryObject | undefined>
  findServicePrincipals(displayName: string): Promise<DirectoryObject[]>
  getByIds(ids: readonly string[]): Promise<DirectoryObject[]>
  /** The object IDs of every group the principal belongs to, directly or through other groups. */
  transitiveGroupsOf(id: string, type: PrincipalType): Promise<string[]>
}

const ODATA_TYPES: Record<string, PrincipalType> = {
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.group': 'Group',
  '#microsoft.graph.serviceprincipal': 'ServicePrincipal'
}

function toObject(raw: unknown, fallback: PrincipalType | undefined): DirectoryObject {
  const item = (raw ?? {}) as { id?: unknown; displayName?: unknown; '@odata.type'?: unknown }
  const odata = typeof item['@odata.type'] === 'string' ? item['@odata.type'].toLowerCase() : undefined
  return {
    id: String(item.id ?? '').toLowerCase(),
    type: odata === undefined ? fallback : (ODATA_TYPES[odata] ?? 'Other'),
    displayName: typeof item.displayName === 'string' ? item.displayName : undefined
  }
}

/** A lookup: what it is about (for messages) and the application permission it needs. */
interface Lookup {
  readonly what: string
  readonly permission: string
}

/** Graph's refusal, explained: a 403 names the permission to grant and the way around it. */
function failure(response: JsonResponse, lookup: Lookup): AzureError {
  const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error
  const details = { status: response.status, code: error?.code, ...requestIdsOf(response.headers) }
  const said = `${response.status}${error?.code === undefined ? '' : ` ${error.code}`}: ${error?.message ?? 'no message'}`
  const message =
    response.status === 403
      ? `Microsoft Graph refused to look up ${lookup.what} (${said}): the pipeline identity needs the ` +
        `Microsoft Graph application permission ${lookup.permission} (with admin consent). Or give the principal by object ID ` +
        `with ${Inputs.PrincipalType}, which needs no directory permission.`
      : `Looking up ${lookup.what} in Microsoft Graph: HTTP ${said}`
  return new AzureError(message + quoteRequestIds(details), details)
}

/** A request that got no answer: said with what it was for and where to look. */
function unanswered(error: unknown, lookup: Lookup): ActionError {
  if (error instanceof ActionError) return error
  return new ActionError(
    `Looking up ${lookup.what} in Microsoft Graph: ${messageOf(error)}${networkHint(error)}`,
    {
      cause: error
    }
  )
}

const USERS = 'User.Read.All'
const GROUPS = 'Group.Read.All'
const APPS = 'Application.Read.All'

const COLLECTIONS: Record<PrincipalType, string> = {
  User: 'users',
  Group: 'groups',
  ServicePrincipal: 'servicePrincipals'
}

const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`

/** Microsoft Graph over the JSON client; every failure comes back explained (see `failure`). */
export function createGraphClient(http: JsonHttp, graphUrl: string, scope: string): GraphClient {
  const send = async (lookup: Lookup, path: string, body?: unknown): Promise<JsonResponse> => {
    const url = `${graphUrl}/v1.0/${path}`
    try {
      return await http.send(
        body === undefined ? { method: 'GET', url, scope } : { method: 'POST', url, scope, body }
      )
    } catch (error) {
      throw unanswered(error, lookup)
    }
  }
  const one = async (
    lookup: Lookup,
    path: string,
    type: PrincipalType
  ): Promise<DirectoryObject | undefined> => {
    const response = await send(lookup, path)
    if (response.status === 404) return undefined
    if (response.status !== 200) throw failure(response, lookup)
    return toObject(response.body, type)
  }
  const list = async (lookup: Lookup, path: string, type: PrincipalType | undefined, body?: unknown) => {
    const response = await send(lookup, path, body)
    if (response.status !== 200) throw failure(response, lookup)
    const value = (response.body as { value?: unknown[] } | undefined)?.value ?? []
    return value.map((item) => toObject(item, type))
  }
  const filterByName = (name: string): string =>
    `$filter=${encodeURIComponent(`displayName eq ${quote(name)}`)}`
  const sp = (value: string): Lookup => ({ what: `service principal '${value}'`, permission: APPS })
  return {
    getUser: (idOrUpn) =>
      one({ what: `user '${idOrUpn}'`, permission: USERS }, `users/${encodeURIComponent(idOrUpn)}`, 'User'),
    getGroup: (id) =>
      one({ what: `group '${id}'`, permission: GROUPS }, `groups/${encodeURIComponent(id)}`, 'Group'),
    findGroups: (name) =>
      list({ what: `group name '${name}'`, permission: GROUPS }, `groups?${filterByName(name)}`, 'Group'),
    getServicePrincipalByAppId: (appId) =>
      one(sp(appId), `servicePrincipals(appId=${encodeURIComponent(quote(appId))})`, 'ServicePrincipal'),
    getServicePrincipal: (id) =>
      one(sp(id), `servicePrincipals/${encodeURIComponent(id)}`, 'ServicePrincipal'),
    findServicePrincipals: (name) =>
      list(sp(name), `servicePrincipals?${filterByName(name)}`, 'ServicePrincipal'),
    getByIds: (ids) =>
      list(
        {
          what: `the type of object ID${ids.length > 1 ? 's' : ''} ${ids.join(', ')}`,
          permission: 'Directory.Read.All'
        },
        'directoryObjects/getByIds',
        undefined,
        { ids, types: ['user', 'group', 'servicePrincipal'] }
      ),
    async transitiveGroupsOf(id, type) {
      const lookup = { what: `the groups of ${id}`, permission: 'GroupMember.Read.All' }
      const groups: string[] = []
      let path: string | undefined =
        `${COLLECTIONS[type]}/${encodeURIComponent(id)}/transitiveMemberOf?$select=id&$top=999`
      while (path !== undefined) {
        const response = await send(lookup, path)
        if (response.status !== 200) throw failure(response, lookup)
        const page = (response.body ?? {}) as { value?: unknown[]; '@odata.nextLink'?: unknown }
        for (const item of page.value ?? []) {
          const object = toObject(item, undefined)
          if (object.type === 'Group') groups.push(object.id)
        }
        const next = page['@odata.nextLink']
        path =
          typeof next === 'string' && next.startsWith(`${graphUrl}/v1.0/`)
            ? next.slice(`${graphUrl}/v1.0/`.length)
            : undefined
      }
      return groups
    }
  }
}
