import { ActionError, messageOf } from '../errors.js'
import { Inputs } from '../constants.js'
import { ResourceReadError } from '../azure/resources.js'
import type { ResourceIdentity, ResourceReader } from '../azure/resources.js'
import type { PrincipalSpec, ResolvedPrincipal, ResourceRef } from '../types.js'

const isUserAssignedIdentity = (resource: ResourceRef): boolean =>
  resource.namespace.toLowerCase() === 'microsoft.managedidentity' &&
  resource.type.toLowerCase() === 'userassignedidentities'

/** Reads the resource, and says which input named it when Resource Manager cannot give it. */
async function readFor(
  input: string,
  resource: ResourceRef,
  reader: ResourceReader
): Promise<ResourceIdentity> {
  try {
    return await reader.read(resource)
  } catch (error) {
    if (!(error instanceof ResourceReadError)) throw error
    const help =
      error.statusCode === 403
        ? ` The signed-in identity needs read access to it (Reader on the resource or its resource group), or give the identity's object ID with ${Inputs.PrincipalType}: ServicePrincipal.`
        : error.statusCode === 404
          ? ' Check the subscription, resource group, type and name in the resource ID.'
          : ''
    throw new ActionError(
      `Input '${input}': reading its identity from Resource Manager failed: ${messageOf(error)}${help}`,
      {
        cause: error
      }
    )
  }
}

/** Pure: the message for a resource without a system-assigned identity, naming what to give instead. */
export function noSystemIdentity(resource: ResourceRef, found: ResourceIdentity): string {
  const what = `${resource.namespace}/${resource.type}`
  if (found.userAssigned.length > 0) {
    return (
      `Input '${Inputs.Principal}': ${found.id || resource.id} has no system-assigned managed identity, only user-assigned ones. ` +
      `Give the one that should get access instead (its resource ID, one a line): ${found.userAssigned.join(', ')}`
    )
  }
  if (!found.canHaveSystemIdentity) {
    return (
      `Input '${Inputs.Principal}': ${found.id || resource.id} is a ${what}, which cannot have a managed identity of its own. ` +
      'Give the object ID or resource ID of the identity that should get access.'
    )
  }
  return (
    `Input '${Inputs.Principal}': ${found.id || resource.id} has no managed identity (identity ${found.identityType ?? 'absent'}). ` +
    'Turn on its system-assigned identity (for example az webapp identity assign, az containerapp identity assign --system-assigned, ' +
    "or identity: { type: 'SystemAssigned' } in Bicep), or give the user-assigned identity it uses."
  )
}

/** A principal line that is a resource ID: the identity's object ID from Resource Manager, no Graph request. */
export async function principalFromResource(
  spec: PrincipalSpec & { kind: 'resource' },
  reader: ResourceReader
): Promise<ResolvedPrincipal> {
  const found = await readFor(Inputs.Principal, spec.resource, reader)
  const hasSystem = /SystemAssigned/i.test(found.identityType ?? '')
  if (found.principalId === undefined || (!isUserAssignedIdentity(spec.resource) && !hasSystem)) {
    if (isUserAssignedIdentity(spec.resource)) {
      throw new ActionError(
        `Input '${Inputs.Principal}': Resource Manager returned no properties.principalId for ${found.id || spec.resource.id}. Give the identity's object ID instead.`
      )
    }
    throw new ActionError(noSystemIdentity(spec.resource, found))
  }
  return {
    spec,
    objectId: found.principalId.toLowerCase(),
    type: 'ServicePrincipal',
    displayName: spec.resource.name
  }
}

/** probe-client-id as a user-assigned identity's resource ID: its `properties.clientId`. */
export async function clientIdFromResource(resource: ResourceRef, reader: ResourceReader): Promise<string> {
  const found = await readFor(Inputs.ProbeClientId, resource, reader)
  if (found.clientId === undefined) {
    throw new ActionError(
      `Input '${Inputs.ProbeClientId}': Resource Manager returned no properties.clientId for ${found.id || resource.id}. Give the identity's client ID instead.`
    )
  }
  return found.clientId.toLowerCase()
}
