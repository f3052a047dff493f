import { ActionError, messageOf } from '../errors.js'
import { Inputs, PRINCIPAL_CONCURRENCY } from '../constants.js'
import { mapSettled } from '../util/concurrency.js'
import type { DirectoryObject, GraphClient } from '../azure/graph.js'
import type { ResourceReader } from '../azure/resources.js'
import { principalFromResource } from './from-resource.js'
import type { PrincipalSpec, PrincipalType, ResolvedPrincipal, SelfIdentity } from '../types.js'

function notFound(what: string): ActionError {
  return new ActionError(
    `Input '${Inputs.Principal}': ${what} was not found in the directory. Check the name or ID, and ${Inputs.TenantId}.`
  )
}

function exactlyOne(found: DirectoryObject[], what: string): DirectoryObject {
  if (found.length === 1 && found[0] !== undefined) return found[0]
  if (found.length === 0) throw notFound(what)
  throw new ActionError(
    `Input '${Inputs.Principal}': ${found.length} objects match ${what} (${found.map((o) => o.id).join(', ')}). Give the object ID of the one you mean.`
  )
}

async function lookUp(
  spec: PrincipalSpec & { kind: 'user' | 'group' | 'sp' },
  graph: GraphClient
): Promise<DirectoryObject> {
  const what = `${spec.kind === 'sp' ? 'service principal' : spec.kind} '${spec.value}'`
  const found = (object: DirectoryObject | undefined): DirectoryObject => {
    if (object === undefined) throw notFound(what)
    return object
  }
  if (spec.kind === 'user') return found(await graph.getUser(spec.value))
  if (spec.kind === 'group') {
    if (spec.isGuid) return found(await graph.getGroup(spec.value))
    return exactlyOne(await graph.findGroups(spec.value), `group name '${spec.value}'`)
  }
  if (spec.isGuid) {
    return found(
      (await graph.getServicePrincipalByAppId(spec.value)) ?? (await graph.getServicePrincipal(spec.value))
    )
  }
  return exactlyOne(await graph.findServicePrincipals(spec.value), `service principal name '${spec.value}'`)
}

async function typesOf(ids: string[], graph: GraphClient): Promise<Map<string, DirectoryObject>> {
  if (ids.length === 0) return new Map()
  const found = await graph.getByIds(ids)
  return new Map(found.map((object) => [object.id, object]))
}

export interface PrincipalContext {
  readonly self: () => Promise<SelfIdentity>
  readonly graph: () => GraphClient
  /** Resource Manager reads for principals given by resource ID (no Graph request). */
  readonly resources?: () => ResourceReader
  readonly principalType?: PrincipalType
  /** Told of each principal as soon as it is resolved, so its own reads need not wait for the others. */
  readonly resolved?: (principal: ResolvedPrincipal) => void
}

/** Pure: whether resolving these principals asks Microsoft Graph (so its token is worth asking for early). */
export function needsGraph(specs: readonly PrincipalSpec[], principalType?: PrincipalType): boolean {
  return specs.some(
    (spec) =>
      spec.kind === 'user' ||
      spec.kind === 'group' ||
      spec.kind === 'sp' ||
      (spec.kind === 'object-id' && principalType === undefined)
  )
}

async function resolveOne(
  spec: PrincipalSpec,
  context: PrincipalContext,
  types: () => Promise<Map<string, DirectoryObject>>
): Promise<ResolvedPrincipal> {
  if (spec.kind === 'self') return { spec, ...(await context.self()), displayName: 'the action itself' }
  if (spec.kind === 'object-id') {
    if (context.principalType !== undefined)
      return { spec, objectId: spec.objectId, type: context.principalType }
    const found = (await types()).get(spec.objectId)
    if (found === undefined) throw notFound(`object ID ${spec.objectId}`)
    if (found.type === 'Other') {
      throw new ActionError(
        `Input '${Inputs.Principal}': object ${spec.objectId} is not a user, group or service principal. If it is an app registration's object ID, give its service principal instead: sp:<app ID>.`
      )
    }
    return { spec, objectId: found.id, type: found.type, displayName: found.displayName }
  }
  if (spec.kind === 'resource') {
    if (context.resources === undefined)
      throw new ActionError(
        `Input '${Inputs.Principal}': ${spec.raw} is a resource ID, which this mode does not read; give the identity's object ID.`
      )
    return principalFromResource(spec, context.resources())
  }
  const found = await lookUp(spec, context.graph())
  return {
    spec,
    objectId: found.id,
    type: found.type === 'Other' ? undefined : found.type,
    displayName: found.displayName
  }
}

/**
 * Resolves every principal line to an object ID and type, in input order, asking Graph only where it must. If any
 * line cannot be resolved, fails listing every such line, before anything is written.
 */
export async function resolvePrincipals(
  specs: readonly PrincipalSpec[],
  context: PrincipalContext
): Promise<ResolvedPrincipal[]> {
  const bareIds = specs.flatMap((spec) => (spec.kind === 'object-id' ? [spec.objectId] : []))
  const needTypes = context.principalType === undefined ? [...new Set(bareIds)] : []
  // One batch read for every bare object ID, at the same time as the look-ups by name.
  let types: Promise<Map<string, DirectoryObject>> | undefined
  const typesOnce = (): Promise<Map<string, DirectoryObject>> =>
    (types ??= typesOf(needTypes, context.graph()))
  if (needTypes.length > 0) typesOnce().catch(() => undefined)
  const settled = await mapSettled(specs, PRINCIPAL_CONCURRENCY, async (spec) => {
    const principal = await resolveOne(spec, context, typesOnce)
    context.resolved?.(principal)
    return principal
  })
  // A failed batch read is one failure, not one for each ID it held.
  if (types !== undefined) await types
  const failures = settled.flatMap((result) =>
    result.status === 'rejected' ? [messageOf(result.reason)] : []
  )
  if (failures.length === 1) throw new ActionError(failures[0] ?? '')
  if (failures.length > 1) {
    throw new ActionError(
      `${failures.length} principals could not be resolved; nothing was changed:\n- ${failures.join('\n- ')}`
    )
  }
  return settled.map((result) => (result as PromiseFulfilledResult<ResolvedPrincipal>).value)
}
