// Foundry projects, `Microsoft.CognitiveServices/accounts/{a}/projects/{p}`, as ARM returns them (api-version
// 2025-06-01 and later; api-versions.ts refuses the others). The project's data plane is
// `properties.endpoints["AI Foundry API"]`: in Azure `https://{a}.services.ai.azure.com/api/projects/{p}`, here
// the account's own model-inference host (its loopback port, or `<label>.services.ai.azure.test`) with the
// same path, served by services/foundry.ts.
import { createHash } from 'node:crypto'
import type { Context } from '../../context.js'
import { json, type EmuResponse } from '../../http.js'
import type { Account, Project } from '../../world/types.js'
import { projectId } from './scope.js'

const etagOf = (id: string): string => {
  const h = createHash('sha256').update(id).digest('hex')
  return `"${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}"`
}

/** A project's data-plane endpoint, without trailing slash (Azure gives none). */
export async function projectEndpoint(ctx: Context, a: Account, p: Project): Promise<string> {
  return `${await ctx.dataPlaneUrl(a, 'inference')}/api/projects/${p.name}`
}

export async function renderProject(ctx: Context, a: Account, p: Project): Promise<Record<string, unknown>> {
  const id = projectId(a, p)
  const created = '2025-07-01T09:00:00.0000000Z'
  return {
    id,
    name: p.name,
    type: 'Microsoft.CognitiveServices/accounts/projects',
    location: p.location ?? a.location,
    tags: {},
    etag: etagOf(id),
    identity: {
      type: 'SystemAssigned',
      principalId: etagOf(`${id}|identity`).slice(1, -1),
      tenantId: ctx.world.tenantId
    },
    systemData: {
      createdAt: created,
      createdByType: 'User',
      lastModifiedAt: created,
      lastModifiedByType: 'User'
    },
    properties: {
      provisioningState: p.provisioningState ?? 'Succeeded',
      displayName: p.displayName ?? p.name,
      description: p.description ?? '',
      endpoints: { 'AI Foundry API': await projectEndpoint(ctx, a, p) },
      isDefault: p.isDefault ?? false
    }
  }
}

export async function getProject(ctx: Context, a: Account, p: Project): Promise<EmuResponse> {
  return json(200, await renderProject(ctx, a, p))
}

export async function listProjects(ctx: Context, a: Account): Promise<EmuResponse> {
  const value = await Promise.all((a.projects ?? []).map((p) => renderProject(ctx, a, p)))
  return json(200, { value })
}
