import { AzureError, quoteRequestIds } from '../errors.js'
import { ApiVersions } from '../constants.js'
import { trimSlash } from './sign-in/clouds.js'
import type { CloudEndpoints } from './sign-in/clouds.js'
import type { JsonHttp, JsonResponse } from './http/http.js'
import { ArmAnswerError } from './cognitive.js'
import type { ResourceRef } from '../types.js'

/** What a resource says about its managed identities, as Resource Manager returned it. */
export interface ResourceIdentity {
  /** The ID as Resource Manager spells it. */
  readonly id: string
  /** A user-assigned identity's `properties.principalId`, or the resource's system-assigned `identity.principalId`. */
  readonly principalId?: string
  /** A user-assigned identity's `properties.clientId`. */
  readonly clientId?: string
  /** `identity.type` (`SystemAssigned`, `UserAssigned`, `SystemAssigned, UserAssigned`, `None`); absent without one. */
  readonly identityType?: string
  /** The keys of `identity.userAssignedIdentities`: the IDs of the user-assigned identities attached to it. */
  readonly userAssigned: readonly string[]
  /** Whether its provider lists the type with the `SystemAssignedResourceIdentity` capability. */
  readonly canHaveSystemIdentity: boolean
}

/** Reads resources by ID through Resource Manager, in the api-version their provider serves; tests use a double. */
export interface ResourceReader {
  read(resource: ResourceRef): Promise<ResourceIdentity>
}

interface ProviderType {
  readonly resourceType?: string
  readonly apiVersions?: readonly string[]
  readonly capabilities?: string
}

/** Why a resource could not be read: its provider, its type or itself; the caller adds which input named it. */
export class ResourceReadError extends AzureError {
  override name = 'ResourceReadError'
}

const isPreview = (version: string): boolean => /-[a-z]+$/i.test(version)

/** Pure: the newest api-version without `-preview` that the provider lists for the type (else the newest one). */
export function providerVersion(versions: readonly string[]): string | undefined {
  const newestFirst = [...versions].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0))
  return newestFirst.find((version) => !isPreview(version)) ?? newestFirst[0]
}

function refused(what: string, response: JsonResponse): ResourceReadError {
  const error = new ArmAnswerError(response)
  const details = {
    status: error.statusCode,
    code: error.code,
    correlationId: error.correlationId,
    requestId: error.requestId
  }
  return new ResourceReadError(
    `${what} (HTTP ${error.statusCode}${error.code === undefined ? '' : ` ${error.code}`}: ${error.message})${quoteRequestIds(details)}`,
    details
  )
}

function identityOf(
  body: unknown,
  isUserAssignedIdentity: boolean
): Omit<ResourceIdentity, 'canHaveSystemIdentity'> {
  const resource = body as {
    id?: unknown
    properties?: { principalId?: unknown; clientId?: unknown }
    identity?: { type?: unknown; principalId?: unknown; userAssignedIdentities?: unknown } | null
  }
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined
  const identity = resource?.identity ?? undefined
  const users = identity?.userAssignedIdentities
  return {
    id: text(resource?.id) ?? '',
    principalId: isUserAssignedIdentity
      ? text(resource?.properties?.principalId)
      : text(identity?.principalId),
    clientId: isUserAssignedIdentity ? text(resource?.properties?.clientId) : undefined,
    identityType: text(identity?.type),
    userAssigned: typeof users === 'object' && users !== null ? Object.keys(users) : []
  }
}

/**
 * Reads resources as `az resource show` does: the api-version comes from the provider
 * (`GET /subscriptions/{sub}/providers/{namespace}`), learned once per run for each namespace, so no request is
 * ever refused for its api-version.
 */
export function createResourceReader(http: JsonHttp, cloud: CloudEndpoints): ResourceReader {
  const base = trimSlash(cloud.resourceManager)
  const providers = new Map<string, Promise<readonly ProviderType[]>>()
  const get = (path: string, version: string): Promise<JsonResponse> =>
    http.send({ method: 'GET', url: `${base}${path}?api-version=${version}`, scope: cloud.armScope })

  const providerOf = (subscription: string, namespace: string): Promise<readonly ProviderType[]> => {
    const key = `${subscription}/${namespace}`.toLowerCase()
    let listing = providers.get(key)
    if (listing === undefined) {
      listing = get(
        `/subscriptions/${subscription}/providers/${namespace}`,
        ApiVersions.ResourceProviders
      ).then((response) => {
        if (response.status === 200)
          return (response.body as { resourceTypes?: ProviderType[] })?.resourceTypes ?? []
        throw refused(`reading the resource provider ${namespace} failed`, response)
      })
      // A failed look-up is not kept: the next resource of the namespace asks again.
      listing.catch(() => providers.delete(key))
      providers.set(key, listing)
    }
    return listing
  }

  return {
    async read(resource) {
      const subscription = /^\/subscriptions\/([^/]+)/i.exec(resource.id)?.[1] ?? ''
      const types = await providerOf(subscription, resource.namespace)
      const type = types.find((t) => t.resourceType?.toLowerCase() === resource.type.toLowerCase())
      const version = providerVersion(type?.apiVersions ?? [])
      if (type === undefined || version === undefined) {
        throw new ResourceReadError(
          `${resource.namespace}/${resource.type} is not a resource type that Resource Manager knows in this cloud (its provider lists ${types.length === 0 ? 'none' : types.map((t) => t.resourceType ?? '').join(', ')}). Check the resource ID.`,
          {}
        )
      }
      const response = await get(resource.id, version)
      if (response.status === 404) throw refused(`the resource ${resource.id} was not found`, response)
      if (response.status !== 200) throw refused(`reading ${resource.id} failed`, response)
      const isUami =
        resource.namespace.toLowerCase() === 'microsoft.managedidentity' &&
        resource.type.toLowerCase() === 'userassignedidentities'
      return {
        ...identityOf(response.body, isUami),
        canHaveSystemIdentity: /SystemAssignedResourceIdentity/i.test(type.capabilities ?? '')
      }
    }
  }
}
