// Microsoft.CognitiveServices/accounts as ARM returns them (api-version 2025-09-01). Every data-plane URL
// points at the account's own loopback port (in host-name mode at its `<label>.cognitiveservices.azure.test`,
// `.openai.` and `.services.ai.` names, as Azure uses `.cognitiveservices.azure.com` and so on); an account without custom subdomain gets a "regional"
// endpoint that refuses Entra ID tokens, as the real regional endpoints do.
import { createHash } from 'node:crypto'
import type { Context } from '../../context.js'
import { json, type EmuResponse } from '../../http.js'
import type { DataPlaneKind } from '../../names.js'
import type { Account } from '../../world/types.js'
import { accountId } from './scope.js'

const ENDPOINT_KEYS = [
  'OpenAI Language Model Instance API',
  'OpenAI Dall-E API',
  'OpenAI Whisper API',
  'OpenAI Model Scaleset API',
  'OpenAI Realtime API',
  'OpenAI Sora API',
  'Azure OpenAI Legacy API - Latest moniker',
  'Azure AI Model Inference API',
  'AI Foundry API',
  'Token Service API',
  'Content Safety',
  'Speech Services Speech to Text',
  'Speech Services Text to Speech'
]

/** Which of the account's hosts Azure gives each endpoint: OpenAI APIs on `.openai.`, model inference and Foundry on `.services.ai.`. */
const kindOf = (key: string): DataPlaneKind =>
  key === 'Azure AI Model Inference API' || key === 'AI Foundry API'
    ? 'inference'
    : key.startsWith('OpenAI') || key.startsWith('Azure OpenAI')
      ? 'openai'
      : 'cognitiveservices'

const stableGuid = (seed: string): string => {
  const h = createHash('sha256').update(seed).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** The account's projects as 2025-06-01 and later show them: their names, and the default one. */
function projectProperties(a: Account): Record<string, unknown> {
  const projects = a.projects ?? []
  if (projects.length === 0) return {}
  const preferred = projects.find((p) => p.isDefault) ?? projects[0]
  return { associatedProjects: projects.map((p) => p.name), defaultProject: preferred?.name }
}

export async function renderAccount(ctx: Context, a: Account): Promise<Record<string, unknown>> {
  const urls: Record<DataPlaneKind, string> = {
    cognitiveservices: `${await ctx.dataPlaneUrl(a, 'cognitiveservices')}/`,
    openai: `${await ctx.dataPlaneUrl(a, 'openai')}/`,
    inference: `${await ctx.dataPlaneUrl(a, 'inference')}/`
  }
  const url = urls.cognitiveservices
  const id = accountId(a)
  const created = '2025-01-15T10:00:00.0000000Z'
  const endpoints = a.customSubDomainName
    ? Object.fromEntries(ENDPOINT_KEYS.map((k) => [k, urls[kindOf(k)]]))
    : { 'Token Service API': url, 'Content Safety': url, 'Speech Services Speech to Text': url }
  return {
    id,
    name: a.name,
    type: 'Microsoft.CognitiveServices/accounts',
    etag: `"${stableGuid(`${id}|${a.publicNetworkAccess}|${a.customSubDomainName ?? ''}`)}"`,
    location: a.location,
    kind: a.kind,
    sku: { name: a.sku },
    identity: { type: 'None' },
    tags: {},
    systemData: {
      createdAt: created,
      createdByType: 'User',
      lastModifiedAt: created,
      lastModifiedByType: 'User'
    },
    properties: {
      endpoint: url,
      internalId: stableGuid(id).replace(/-/g, ''),
      dateCreated: created,
      apiProperties: {},
      customSubDomainName: a.customSubDomainName,
      allowProjectManagement: true,
      ...projectProperties(a),
      networkAcls: { defaultAction: 'Allow', virtualNetworkRules: [], ipRules: [] },
      privateEndpointConnections: [],
      publicNetworkAccess: a.publicNetworkAccess,
      disableLocalAuth: a.disableLocalAuth ?? false,
      provisioningState: a.provisioningState ?? 'Succeeded',
      endpoints,
      capabilities: [{ name: 'CustomerManagedKey' }, { name: 'MaxFineTuneCount', value: '500' }],
      isMigrated: false,
      callRateLimit: { rules: [] }
    }
  }
}

export async function getAccount(ctx: Context, a: Account): Promise<EmuResponse> {
  return json(200, await renderAccount(ctx, a))
}
