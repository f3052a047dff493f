import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import { trimSlash } from '../azure/sign-in/clouds.js'
import type { ArmClient, ProjectResource } from '../azure/arm.js'
import type { Target } from '../types.js'

/** The key of a project's data-plane endpoint in `properties.endpoints`. */
export const FOUNDRY_ENDPOINT_KEY = 'AI Foundry API'

export function expectedProjectId(accountId: string, project: string): string {
  return `${accountId}/projects/${project}`
}

/**
 * Pure: the project as the action uses it. As for an account, the write scope is the `id` Resource Manager returned,
 * checked to be exactly the project asked for; the endpoint is the one ARM gives, never one pieced together here.
 */
export function toProjectTarget(resource: ProjectResource, expectedId: string): Target {
  const id = resource.id ?? ''
  if (id.toLowerCase() !== expectedId.toLowerCase()) {
    throw new ActionError(
      `Resource Manager returned the project as '${id}', which is not '${expectedId}'. Nothing was changed; check ${Inputs.Project} or ${Inputs.ResourceIds}.`
    )
  }
  const [account = '', project = ''] = /\/accounts\/([^/]+)\/projects\/([^/]+)$/i.exec(id)?.slice(1) ?? []
  const endpoint = resource.endpoints?.[FOUNDRY_ENDPOINT_KEY]
  return {
    kind: 'project',
    id,
    name: `${account}/${project}`,
    endpoint: endpoint === undefined ? undefined : trimSlash(endpoint)
  }
}

/** Reads the project at `expectedId`; the client explains a missing project, account, group or subscription. */
export async function readProject(arm: ArmClient, expectedId: string): Promise<Target> {
  return toProjectTarget(await arm.getProject(expectedId), expectedId)
}
