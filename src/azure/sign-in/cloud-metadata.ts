import { ActionError } from '../../errors.js'
import { Inputs } from '../../constants.js'
import { CUSTOM_DEFAULTS, scopeOf, trimSlash } from './clouds.js'
import type { CloudEndpoints, Overrides } from './clouds.js'

/** The parts of `{arm}/metadata/endpoints?api-version=2022-09-01` that the action uses. */
interface CloudMetadata {
  resourceManager?: unknown
  microsoftGraphResourceId?: unknown
  authentication?: { loginEndpoint?: unknown; audiences?: unknown }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined

/** Some api-versions answer with every cloud in an array: pick the one whose Resource Manager is ours. */
function pickCloud(document: unknown, armEndpoint: string): CloudMetadata | undefined {
  if (!Array.isArray(document))
    return typeof document === 'object' && document !== null ? document : undefined
  const ours = trimSlash(armEndpoint).toLowerCase()
  const entries = document as CloudMetadata[]
  return (
    entries.find((entry) => trimSlash(text(entry.resourceManager) ?? '').toLowerCase() === ours) ?? entries[0]
  )
}

function httpsUrl(value: unknown, field: string, source: string): string {
  const url = text(value)
  if (url === undefined || !/^https:\/\//i.test(url)) {
    throw new ActionError(
      `The cloud metadata at ${source} has no https URL in '${field}'. Check ${Inputs.ArmEndpoint}.`
    )
  }
  return trimSlash(url)
}

/** Pure: the endpoints of a Custom cloud from its metadata document. */
export function customCloudFromMetadata(
  document: unknown,
  armEndpoint: string,
  source: string,
  overrides: Overrides
): CloudEndpoints {
  const metadata = pickCloud(document, armEndpoint)
  if (metadata === undefined) {
    throw new ActionError(
      `The cloud metadata at ${source} is not a metadata document. Check ${Inputs.ArmEndpoint}.`
    )
  }
  const resourceManager = trimSlash(text(metadata.resourceManager) ?? armEndpoint)
  const audiences = Array.isArray(metadata.authentication?.audiences)
    ? metadata.authentication.audiences.filter((a): a is string => typeof a === 'string' && a !== '')
    : []
  // The first audience is the one the Azure CLI signs in for (its activeDirectoryResourceId).
  const armAudience = audiences[0] ?? resourceManager
  // Only names need Graph: a cloud without it still serves self and object IDs given with principal-type.
  const graph =
    text(metadata.microsoftGraphResourceId) === undefined
      ? undefined
      : httpsUrl(metadata.microsoftGraphResourceId, 'microsoftGraphResourceId', source)
  return {
    name: 'Custom',
    resourceManager,
    armScope: scopeOf(armAudience),
    authorityHost: httpsUrl(metadata.authentication?.loginEndpoint, 'authentication.loginEndpoint', source),
    graph,
    graphScope: graph === undefined ? undefined : scopeOf(graph),
    oidcAudience: overrides.audience ?? CUSTOM_DEFAULTS.oidcAudience,
    inferenceScope: overrides.inferenceScope ?? CUSTOM_DEFAULTS.inferenceScope,
    foundryScope: CUSTOM_DEFAULTS.foundryScope,
    disableInstanceDiscovery: true
  }
}
