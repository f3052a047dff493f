import type { JsonHttp, JsonResponse } from './http.js'
import type { PrincipalType } from '../types.js'

export interface DirectoryObject {
  readonly id: string
  /** 'Other' for a directory object that is no principal; undefined when Graph did not say. */
  readonly type: PrincipalType | 'Other' | undefined
  readonly displayName?: string
}

/** A failed Graph call: the status and Graph's error code, for the caller to explain. */
export class GraphError extends Error {
  override name = 'GraphError'
  readonly status: number
  readonly code?: string

  constructor(status: number, code: string | undefined, message: string) {
    super(message)
    this.status = status
    this.code = code
  }
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

function failure(response: JsonResponse): GraphError {
  const error = (response.body as { error?: { code?: string; message?: string } } | undefined)?.error
  return new GraphError(response.status, error?.code, error?.message ?? `HTTP ${response.status}`)
}

const quote = (value: string): string => `'${value.replace(/'/g, "''")}'`

export function createGraphClient(http: JsonHttp, graphUrl: string, scope: string): GraphClient {
  const get = async (path: string): Promise<JsonResponse> =>
    http.send({ method: 'GET', url: `${graphUrl}/v1.0/${path}`, scope })
  const one = async (path: string, type: PrincipalType): Promise<DirectoryObject | undefined> => {
    const response = await get(path)
    if (response.status === 404) return undefined
    if (response.status !== 200) throw failure(response)
    return toObject(response.body, type)
  }
  const list = async (path: string, type: PrincipalType): Promise<DirectoryObject[]> => {
    const response = await get(path)
    if (response.status !== 200) throw failure(response)
    const value = (response.body as { value?: unknown[] } | undefined)?.value ?? []
    return value.map((item) => toObject(item, type))
  }
  const filterByName = (name: string): string =>
    `$filter=${encodeURIComponent(`displayName eq ${quote(name)}`)}`
  return {
    getUser: (idOrUpn) => one(`users/${encodeURIComponent(idOrUpn)}`, 'User'),
    getGroup: (id) => one(`groups/${encodeURIComponent(id)}`, 'Group'),
    findGroups: (name) => list(`groups?${filterByName(name)}`, 'Group'),
    getServicePrincipalByAppId: (appId) =>
      one(`servicePrincipals(appId=${encodeURIComponent(quote(appId))})`, 'ServicePrincipal'),
    getServicePrincipal: (id) => one(`servicePrincipals/${encodeURIComponent(id)}`, 'ServicePrincipal'),
    findServicePrincipals: (name) => list(`servicePrincipals?${filterByName(name)}`, 'ServicePrincipal'),
    async getByIds(ids) {
      const response = await http.send({
        method: 'POST',
        url: `${graphUrl}/v1.0/directoryObjects/getByIds`,
        scope,
        body: { ids, types: ['user', 'group', 'servicePrincipal'] }
      })
      if (response.status !== 200) throw failure(response)
      const value = (response.body as { value?: unknown[] } | undefined)?.value ?? []
      return value.map((item) => toObject(item, undefined))
    }
  }
}
