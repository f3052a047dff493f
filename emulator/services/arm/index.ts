// Routes of the emulated Resource Manager host. Paths and names are matched case-insensitively, as ARM
// does; the role-assignment and role-definition routes accept any ARM ID as scope, sent unencoded.
import { randomUUID } from 'node:crypto'
import type { Context } from '../../context.js'
import { armError, json, type EmuRequest, type EmuResponse } from '../../http.js'
import { getAccount } from './accounts.js'
import { authenticate, authorizationFailed, isCaller, type Caller } from './auth.js'
import { metadataEndpoints } from './metadata.js'
import { canPerform, effectivePermissions } from './authorization/permissions.js'
import { listRoleAssignments } from './authorization/role-assignment-list.js'
import { listDenyAssignments } from './authorization/deny-assignments.js'
import {
  deleteRoleAssignment,
  getRoleAssignment,
  putRoleAssignment
} from './authorization/role-assignments.js'
import { getRoleDefinition, listRoleDefinitions } from './authorization/role-definitions.js'
import { getProvider } from './providers.js'
import { getIdentityResource } from './identities.js'
import { apiVersionRefusal, cognitiveType } from './api-versions.js'
import { getProject, listProjects } from './projects.js'
import { routePim } from './pim/pim.js'
import { expirePim } from '../../world/pim.js'
import { findAccount, findProject, parseScope, scopeMissing, subscriptionMissing } from './scope.js'
import { listSubscriptions } from './subscriptions.js'

const ACCOUNT =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)$/i
/** A Foundry project, or (without the last name) the account's list of them. */
const PROJECT =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.CognitiveServices\/accounts\/([^/]+)\/projects(?:\/([^/]+))?$/i
const RG = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)$/i
const SUB = /^\/subscriptions\/([^/]+)$/i
const SUBS = /^\/subscriptions\/?$/i
const PROVIDER = /^\/subscriptions\/([^/]+)\/providers\/([^/]+)$/i
const ROLE_DEFS = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions$/i
const ROLE_DEF = /^(.*)\/providers\/Microsoft\.Authorization\/roleDefinitions\/([^/]+)$/i
const PERMISSIONS = /^(.*)\/providers\/Microsoft\.Authorization\/permissions$/i
const ASSIGNMENTS = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments$/i
const DENY_ASSIGNMENTS = /^(.*)\/providers\/Microsoft\.Authorization\/denyAssignments$/i
const ASSIGNMENT = /^(.*)\/providers\/Microsoft\.Authorization\/roleAssignments\/([^/]+)$/i

function readResource(ctx: Context, caller: Caller, scope: string, action: string): EmuResponse | undefined {
  const parsed = parseScope(scope)
  const sub = subscriptionMissing(ctx.world, parsed)
  if (sub) return sub
  if (!canPerform(ctx.world, caller.oid, parsed.normalized, action))
    return authorizationFailed(caller, action, parsed.normalized)
  return scopeMissing(ctx.world, parsed)
}

async function route(ctx: Context, req: EmuRequest): Promise<EmuResponse> {
  // ARM reads an empty segment inside a path as none: `az resource show` without a parent resource asks for
  // `.../providers/Microsoft.CognitiveServices//accounts/{name}`. A leading `//` is left as it came.
  const path = req.path.replace(/(?<=.)\/{2,}/g, '/')
  if (req.method === 'GET' && /^\/+metadata\/endpoints$/i.test(path)) return metadataEndpoints(ctx, req)
  const auth = authenticate(ctx, req)
  if (!isCaller(auth)) return auth
  if (!req.query.get('api-version')) {
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.'
    )
  }
  // PIM ends time-bound assignments at their expiry whoever asks next; its own routes come first.
  expirePim(ctx.world)
  const pim = routePim(ctx, auth, req, path)
  if (pim) return pim
  if (cognitiveType(path)) {
    const refused =
      subscriptionMissing(ctx.world, parseScope(path)) ??
      apiVersionRefusal(ctx, path, req.query.get('api-version') ?? '')
    if (refused) return refused
  }
  let m: RegExpExecArray | null
  if (req.method === 'GET') {
    const identity = getIdentityResource(ctx, auth, path, req.query.get('api-version') ?? '')
    if (identity) return identity
  }
  if ((m = PROJECT.exec(path)) && req.method === 'GET') {
    // readResource answers ARM's 404 for a missing account or project, so both exist past it.
    const denied = readResource(ctx, auth, path, 'Microsoft.CognitiveServices/accounts/projects/read')
    if (denied) return denied
    const account = findAccount(ctx.world, m[1] ?? '', m[2] ?? '', m[3] ?? '')
    const project = account && m[4] !== undefined ? findProject(account, m[4]) : undefined
    if (account && m[4] === undefined) return listProjects(ctx, account)
    if (account && project) return getProject(ctx, account, project)
  }
  if ((m = ACCOUNT.exec(path)) && req.method === 'GET') {
    const denied = readResource(ctx, auth, path, 'Microsoft.CognitiveServices/accounts/read')
    if (denied) return denied
    const account = findAccount(ctx.world, m[1] ?? '', m[2] ?? '', m[3] ?? '')
    return account
      ? getAccount(ctx, account)
      : armError(404, 'ResourceNotFound', 'The resource was not found.')
  }
  if ((m = RG.exec(path)) && req.method === 'GET') {
    const denied = readResource(ctx, auth, path, 'Microsoft.Resources/subscriptions/resourceGroups/read')
    if (denied) return denied
    const rg = ctx.world.resourceGroups.find((g) => g.name.toLowerCase() === (m?.[2] ?? '').toLowerCase())
    return json(200, {
      id: `/subscriptions/${rg?.subscriptionId}/resourceGroups/${rg?.name}`,
      name: rg?.name,
      type: 'Microsoft.Resources/resourceGroups',
      location: rg?.location,
      properties: { provisioningState: 'Succeeded' }
    })
  }
  if (SUBS.test(path) && req.method === 'GET') return listSubscriptions(ctx, auth)
  if ((m = SUB.exec(path)) && req.method === 'GET') {
    const sub = ctx.world.subscriptions.find(
      (s) => s.subscriptionId.toLowerCase() === (m?.[1] ?? '').toLowerCase()
    )
    if (!sub) return armError(404, 'SubscriptionNotFound', `The subscription '${m[1]}' could not be found.`)
    return json(200, {
      id: `/subscriptions/${sub.subscriptionId}`,
      subscriptionId: sub.subscriptionId,
      tenantId: ctx.world.tenantId,
      displayName: sub.displayName,
      state: 'Enabled',
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: 'PayAsYouGo_2014-09-01',
        spendingLimit: 'Off'
      },
      authorizationSource: 'RoleBased'
    })
  }
  if ((m = PROVIDER.exec(path)) && req.method === 'GET') return getProvider(ctx, auth, m[1] ?? '', m[2] ?? '')
  if ((m = ROLE_DEFS.exec(path)) && req.method === 'GET') {
    const missing = subscriptionMissing(ctx.world, parseScope(m[1] ?? ''))
    return missing ?? listRoleDefinitions(ctx.world, m[1] ?? '', req.query.get('$filter'))
  }
  if ((m = ROLE_DEF.exec(path)) && req.method === 'GET') {
    const missing = subscriptionMissing(ctx.world, parseScope(m[1] ?? ''))
    return missing ?? getRoleDefinition(ctx.world, m[1] ?? '', m[2] ?? '')
  }
  if ((m = PERMISSIONS.exec(path)) && req.method === 'GET') {
    // Any caller may read its own permissions at a scope that exists; nothing held is an empty list.
    const parsed = parseScope(m[1] ?? '')
    const missing = subscriptionMissing(ctx.world, parsed) ?? scopeMissing(ctx.world, parsed)
    return missing ?? json(200, { value: effectivePermissions(ctx.world, auth.oid, parsed.normalized) })
  }
  if ((m = ASSIGNMENTS.exec(path)) && req.method === 'GET') {
    return listRoleAssignments(ctx, auth, m[1] ?? '', req.query.get('$filter'))
  }
  if ((m = DENY_ASSIGNMENTS.exec(path)) && req.method === 'GET') {
    return listDenyAssignments(ctx, auth, m[1] ?? '', req.query.get('$filter'))
  }
  if ((m = ASSIGNMENT.exec(path))) {
    const [scope, name] = [m[1] ?? '', m[2] ?? '']
    if (req.method === 'PUT') return putRoleAssignment(ctx, auth, scope, name, req.body)
    if (req.method === 'GET') return getRoleAssignment(ctx, auth, scope, name)
    if (req.method === 'DELETE') return deleteRoleAssignment(ctx, auth, scope, name)
  }
  return armError(
    404,
    'InvalidResourceType',
    `The resource type could not be found for ${req.method} '${path}'.`
  )
}

export function armHandler(ctx: Context) {
  return async (req: EmuRequest): Promise<EmuResponse> => {
    const res = await route(ctx, req)
    const id = randomUUID()
    const correlation = req.headers['x-ms-client-request-id'] ?? id
    res.headers = {
      'x-ms-request-id': id,
      'x-ms-correlation-request-id': correlation,
      'x-ms-client-request-id': correlation,
      ...res.headers
    }
    return res
  }
}
