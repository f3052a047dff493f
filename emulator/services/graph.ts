// Microsoft Graph v1.0, the parts the action reads: users, groups, service principals and
// directoryObjects/getByIds, {users|groups|servicePrincipals}/{id}/transitiveMemberOf. Permissions come from the caller token's `roles` (application permissions);
// Directory.Read.All implies the narrower ones, as in Graph.
import { randomUUID } from 'node:crypto'
import type { Context } from '../context.js'
import { bearerToken, json, type EmuRequest, type EmuResponse } from '../http.js'
import { checkAccessToken } from '../tokens.js'
import { findObject, principalAndGroups, type DirectoryObject } from '../world/directory.js'
import type { ServicePrincipal, World } from '../world/types.js'

function graphError(req: EmuRequest, status: number, code: string, message: string): EmuResponse {
  const id = randomUUID()
  return json(
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: new Date().toISOString().replace(/\.\d+Z$/, ''),
          'request-id': id,
          'client-request-id': req.headers['client-request-id'] ?? id
        }
      }
    },
    { 'request-id': id }
  )
}

const notFound = (req: EmuRequest, x: string): EmuResponse =>
  graphError(
    req,
    404,
    'Request_ResourceNotFound',
    `Resource '${x}' does not exist or one of its queried reference-property objects are not present.`
  )

const IMPLIED: Record<string, string[]> = {
  'User.Read.All': ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'Group.Read.All': [
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All'
  ],
  'Application.Read.All': [
    'Application.Read.All',
    'Application.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All'
  ],
  'Directory.Read.All': ['Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.Read.All': [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Group.ReadWrite.All',
    'Directory.Read.All',
    'Directory.ReadWrite.All'
  ]
}

const ODATA_TYPE = {
  User: '#microsoft.graph.user',
  Group: '#microsoft.graph.group',
  ServicePrincipal: '#microsoft.graph.servicePrincipal'
}

function view(ctx: Context, obj: DirectoryObject, withType: boolean): Record<string, unknown> {
  const type = withType ? { '@odata.type': ODATA_TYPE[obj.kind] } : {}
  switch (obj.kind) {
    case 'User':
      return {
        ...type,
        id: obj.object.id,
        displayName: obj.object.displayName,
        userPrincipalName: obj.object.userPrincipalName,
        mail: obj.object.mail ?? null,
        businessPhones: [],
        givenName: null,
        surname: null,
        jobTitle: null,
        officeLocation: null,
        preferredLanguage: null,
        mobilePhone: null
      }
    case 'Group':
      return {
        ...type,
        id: obj.object.id,
        displayName: obj.object.displayName,
        description: obj.object.description ?? null,
        securityEnabled: obj.object.securityEnabled ?? true,
        mailEnabled: obj.object.mailEnabled ?? false,
        mailNickname: obj.object.displayName.replace(/\W/g, ''),
        groupTypes: []
      }
    case 'ServicePrincipal':
      return {
        ...type,
        id: obj.object.id,
        appId: obj.object.appId,
        displayName: obj.object.displayName,
        servicePrincipalType: obj.object.servicePrincipalType ?? 'Application',
        accountEnabled: true,
        appOwnerOrganizationId: ctx.world.tenantId,
        servicePrincipalNames: [obj.object.appId]
      }
  }
}

const context = (ctx: Context, what: string): string => `${ctx.urls.graph}/v1.0/$metadata#${what}`

function select(q: URLSearchParams, o: Record<string, unknown>): Record<string, unknown> {
  const sel = q.get('$select')
  if (!sel) return o
  const keys = sel.split(',').map((s) => s.trim())
  return Object.fromEntries(Object.entries(o).filter(([k]) => k === '@odata.type' || keys.includes(k)))
}

const displayNameFilter = (f: string | null): string | undefined => {
  const m = f ? /^\s*displayName\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(f) : null
  return m ? (m[1] ?? '').replace(/''/g, "'") : undefined
}

const QUOTED = "'((?:[^']|'')*)'"
const SP_FILTERS: readonly [RegExp, (sp: ServicePrincipal) => string[]][] = [
  [new RegExp(`^\\s*displayName\\s+eq\\s+${QUOTED}\\s*$`, 'i'), (sp) => [sp.displayName]],
  [new RegExp(`^\\s*appId\\s+eq\\s+${QUOTED}\\s*$`, 'i'), (sp) => [sp.appId]],
  // `az ad sp show --id` and `az role assignment ... --assignee` look an app ID up this way.
  [
    new RegExp(`^\\s*servicePrincipalNames/any\\(\\s*(\\w+)\\s*:\\s*\\1\\s+eq\\s+${QUOTED}\\s*\\)\\s*$`, 'i'),
    (sp) => [sp.appId]
  ]
]

/**
 * The service principals a `$filter` selects (`displayName eq`, `appId eq`, `servicePrincipalNames/any(c:c eq)`),
 * or undefined for a filter the emulator does not read (Graph's 400 then).
 */
function filterServicePrincipals(world: World, filter: string | null): ServicePrincipal[] | undefined {
  if (!filter || filter.trim() === '') return world.servicePrincipals
  for (const [re, values] of SP_FILTERS) {
    const m = re.exec(filter)
    if (!m) continue
    const wanted = (m[m.length - 1] ?? '').replace(/''/g, "'").toLowerCase()
    return world.servicePrincipals.filter((sp) => values(sp).some((v) => v.toLowerCase() === wanted))
  }
  return undefined
}

const unsupportedFilter = (req: EmuRequest, resource: string, filter: string): EmuResponse => {
  const property = /^\s*([\w/]+)/.exec(filter)?.[1]?.split('/')[0] ?? filter
  return graphError(
    req,
    400,
    'Request_UnsupportedQuery',
    `Unsupported or invalid query filter clause specified for property '${property}' of resource '${resource}'.`
  )
}

export function graphHandler(ctx: Context) {
  return (req: EmuRequest): EmuResponse => {
    const check = checkAccessToken(ctx, bearerToken(req), [ctx.urls.graph, 'https://graph.microsoft.com'])
    if (!check.ok) {
      const msg = {
        missing: 'Access token is empty.',
        invalid: 'Access token validation failure.',
        expired: 'Lifetime validation failed, the token is expired.',
        audience: 'Access token validation failure. Invalid audience.'
      }[check.reason]
      return graphError(req, 401, 'InvalidAuthenticationToken', msg)
    }
    const roles = Array.isArray(check.claims.roles) ? check.claims.roles.map(String) : []
    const allowed = (perm: string): boolean => (IMPLIED[perm] ?? [perm]).some((r) => roles.includes(r))
    const denied = (perm: string): EmuResponse | undefined =>
      allowed(perm)
        ? undefined
        : graphError(
            req,
            403,
            'Authorization_RequestDenied',
            'Insufficient privileges to complete the operation.'
          )
    const w = ctx.world
    const q = req.query
    let m: RegExpExecArray | null

    if (req.method === 'GET' && (m = /^\/v1\.0\/users\/([^/]+)$/i.exec(req.path))) {
      const d = denied('User.Read.All')
      if (d) return d
      const key = (m[1] ?? '').toLowerCase()
      const u = w.users.find((x) => x.id.toLowerCase() === key || x.userPrincipalName.toLowerCase() === key)
      return u
        ? json(200, {
            '@odata.context': context(ctx, 'users/$entity'),
            ...select(q, view(ctx, { kind: 'User', object: u }, false))
          })
        : notFound(req, m[1] ?? '')
    }
    if (req.method === 'GET' && /^\/v1\.0\/groups$/i.test(req.path)) {
      const d = denied('Group.Read.All')
      if (d) return d
      const name = displayNameFilter(q.get('$filter'))
      const filter = q.get('$filter')
      if (filter && filter.trim() !== '' && name === undefined) return unsupportedFilter(req, 'Group', filter)
      const groups = w.groups.filter(
        (g) => name === undefined || g.displayName.toLowerCase() === name.toLowerCase()
      )
      return json(200, {
        '@odata.context': context(ctx, 'groups'),
        value: groups.map((g) => select(q, view(ctx, { kind: 'Group', object: g }, false)))
      })
    }
    if (req.method === 'GET' && (m = /^\/v1\.0\/groups\/([^/]+)$/i.exec(req.path))) {
      const d = denied('Group.Read.All')
      if (d) return d
      const g = w.groups.find((x) => x.id.toLowerCase() === (m?.[1] ?? '').toLowerCase())
      return g
        ? json(200, {
            '@odata.context': context(ctx, 'groups/$entity'),
            ...select(q, view(ctx, { kind: 'Group', object: g }, false))
          })
        : notFound(req, m[1] ?? '')
    }
    if (
      req.method === 'GET' &&
      (m = /^\/v1\.0\/servicePrincipals(?:\(appId='([^']*)'\)|\/([^/]+))$/i.exec(req.path))
    ) {
      const d = denied('Application.Read.All')
      if (d) return d
      const [byAppId, byId] = [m[1]?.toLowerCase(), m[2]?.toLowerCase()]
      const sp = w.servicePrincipals.find((s) =>
        byAppId !== undefined ? s.appId.toLowerCase() === byAppId : s.id.toLowerCase() === byId
      )
      return sp
        ? json(200, {
            '@odata.context': context(ctx, 'servicePrincipals/$entity'),
            ...select(q, view(ctx, { kind: 'ServicePrincipal', object: sp }, false))
          })
        : notFound(req, byAppId !== undefined ? `servicePrincipals(appId='${m[1]}')` : (m[2] ?? ''))
    }
    if (req.method === 'GET' && /^\/v1\.0\/servicePrincipals$/i.test(req.path)) {
      const d = denied('Application.Read.All')
      if (d) return d
      const sps = filterServicePrincipals(w, q.get('$filter'))
      if (!sps) return unsupportedFilter(req, 'ServicePrincipal', q.get('$filter') ?? '')
      return json(200, {
        '@odata.context': context(ctx, 'servicePrincipals'),
        value: sps.map((s) => select(q, view(ctx, { kind: 'ServicePrincipal', object: s }, false)))
      })
    }
    if (
      req.method === 'GET' &&
      (m = /^\/v1\.0\/(users|groups|servicePrincipals)\/([^/]+)\/transitiveMemberOf$/i.exec(req.path))
    ) {
      const d = denied('GroupMember.Read.All')
      if (d) return d
      const kind = { users: 'User', groups: 'Group', serviceprincipals: 'ServicePrincipal' }[
        (m[1] ?? '').toLowerCase()
      ]
      const found = findObject(w, m[2] ?? '')
      if (found === undefined || found.kind !== kind) return notFound(req, m[2] ?? '')
      const groups = principalAndGroups(w, found.object.id)
        .map((id) => findObject(w, id))
        .filter(
          (o): o is DirectoryObject =>
            o !== undefined && o.kind === 'Group' && o.object.id !== found.object.id
        )
      return json(200, {
        '@odata.context': context(ctx, 'directoryObjects'),
        value: groups.map((g) => select(q, view(ctx, g, true)))
      })
    }
    if (req.method === 'POST' && /^\/v1\.0\/directoryObjects\/getByIds$/i.test(req.path)) {
      const d = denied('Directory.Read.All')
      if (d) return d
      let body: { ids?: unknown; types?: unknown }
      try {
        body = JSON.parse(req.body) as typeof body
      } catch {
        return graphError(req, 400, 'Request_BadRequest', 'Invalid request body.')
      }
      const ids = Array.isArray(body.ids) ? body.ids.map(String) : []
      const types = Array.isArray(body.types) ? body.types.map((t) => String(t).toLowerCase()) : undefined
      const found = ids
        .map((id) => findObject(w, id))
        .filter(
          (o): o is DirectoryObject => o !== undefined && (!types || types.includes(o.kind.toLowerCase()))
        )
      return json(200, {
        '@odata.context': context(ctx, 'directoryObjects'),
        value: found.map((o) => view(ctx, o, true))
      })
    }
    return graphError(
      req,
      400,
      'BadRequest',
      `Resource not found for the segment '${req.path.split('/').pop() ?? ''}'.`
    )
  }
}
