import * as core from '@actions/core'
import { AzureError, quoteRequestIds, requestIdsOf } from '../errors.js'
import type { RestDetails } from '../errors.js'
import { Inputs } from '../constants.js'
import { trimSlash } from './sign-in/clouds.js'
import type { CloudEndpoints } from './sign-in/clouds.js'
import type { JsonHttp, JsonResponse } from './http/http.js'
import { chooseVersion, COGNITIVE_TYPES, supportedVersions } from './api-versions.js'
import type { CognitiveType } from './api-versions.js'

/** What the action reads of an account, as Resource Manager returned it. */
export interface AccountResource {
  readonly id?: string
  readonly endpoint?: string
  readonly endpoints?: Record<string, string>
  readonly customSubDomainName?: string | null
  /** `true`: API keys are refused, only Entra ID tokens work (mode: report shows it). */
  readonly disableLocalAuth?: boolean
  /** `Enabled` or `Disabled` (private endpoints only). */
  readonly publicNetworkAccess?: string
}

/** What the action reads of a Foundry project: its ID and `properties.endpoints`. */
export interface ProjectResource {
  readonly id?: string
  readonly endpoints?: Record<string, string>
}

/** The two Microsoft.CognitiveServices reads, each by the resource ID the action expects. */
export interface CognitiveReader {
  getAccount(id: string): Promise<AccountResource>
  getProject(id: string): Promise<ProjectResource>
}

/** An answer of Resource Manager that is not a success, as the Azure SDK would throw it (explained by arm-errors.ts). */
export class ArmAnswerError extends Error {
  override name = 'RestError'
  readonly statusCode: number
  readonly code?: string
  readonly correlationId?: string
  readonly requestId?: string

  constructor(response: JsonResponse) {
    const error = (response.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
    super(typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`)
    this.statusCode = response.status
    this.code = typeof error?.code === 'string' ? error.code : undefined
    const ids = requestIdsOf(response.headers)
    this.correlationId = ids.correlationId
    this.requestId = ids.requestId
  }
}

const detailsOf = (refusal: ArmAnswerError): RestDetails => ({
  status: refusal.statusCode,
  code: refusal.code,
  correlationId: refusal.correlationId,
  requestId: refusal.requestId
})

const refusedVersion = (response: JsonResponse): boolean =>
  response.status === 400 && new ArmAnswerError(response).code === 'NoRegisteredProviderFound'

const WHAT: Record<CognitiveType, string> = {
  accounts: 'Azure AI Services accounts',
  'accounts/projects': 'Foundry projects'
}

/** No listed version serves what the action needs: say so plainly, with what the cloud does serve. */
function noUsableVersion(
  type: CognitiveType,
  refusal: ArmAnswerError,
  listed: readonly string[]
): AzureError {
  const details = detailsOf(refusal)
  const need = COGNITIVE_TYPES[type].minimum
  const offered = listed.length === 0 ? 'no api-version it lists' : `only api-versions ${listed.join(', ')}`
  const project =
    type === 'accounts/projects'
      ? ` Grant at the account instead (leave out ${Inputs.Project}, or give the account's ID in ${Inputs.ResourceIds}) until the cloud has them.`
      : ''
  return new AzureError(
    `Resource Manager in this cloud serves Microsoft.CognitiveServices/${type} in ${offered}; reading ${WHAT[type]} needs ` +
      `${need} or later, which this cloud does not offer yet.${project} (HTTP 400 NoRegisteredProviderFound: ${refusal.message})` +
      quoteRequestIds(details),
    details,
    { cause: refusal }
  )
}

/** A cloud whose Resource Manager does not know Foundry projects at all answers 404 InvalidResourceType. */
function unknownType(type: CognitiveType, refusal: ArmAnswerError): AzureError {
  const details = detailsOf(refusal)
  return new AzureError(
    `Resource Manager in this cloud does not know ${WHAT[type]} (Microsoft.CognitiveServices/${type}), which need api-version ` +
      `${COGNITIVE_TYPES[type].minimum} or later. Grant at the account instead (leave out ${Inputs.Project}, or give the account's ` +
      `ID in ${Inputs.ResourceIds}). (HTTP ${refusal.statusCode} ${refusal.code ?? ''}: ${refusal.message})` +
      quoteRequestIds(details),
    details,
    { cause: refusal }
  )
}

/**
 * Reads accounts and Foundry projects with Resource Manager's REST API. The api-version of each type is learned
 * once per run: the first read of a type goes alone, with the newest version the action knows; when the cloud
 * refuses it (`400 NoRegisteredProviderFound`), the newest listed version that serves is used from then on, so a
 * lagging cloud costs one refused request per type, never a trial of every version.
 */
export function createCognitiveReader(http: JsonHttp, cloud: CloudEndpoints): CognitiveReader {
  const settled = new Map<CognitiveType, string>()
  const failed = new Map<CognitiveType, Error>()
  const firsts = new Map<CognitiveType, Promise<unknown>>()
  const base = trimSlash(cloud.resourceManager)

  const send = (id: string, version: string): Promise<JsonResponse> =>
    http.send({ method: 'GET', url: `${base}${id}?api-version=${version}`, scope: cloud.armScope })

  const answer = (type: CognitiveType, version: string, response: JsonResponse): unknown => {
    if (response.status >= 200 && response.status < 300) {
      settled.set(type, version)
      return response.body
    }
    const error = new ArmAnswerError(response)
    if (type === 'accounts/projects' && response.status === 404 && error.code === 'InvalidResourceType') {
      failed.set(type, unknownType(type, error))
      throw failed.get(type)
    }
    throw error
  }

  /** A read that may learn the version: only the first of its type, while no version is settled. */
  const firstRead = async (type: CognitiveType, id: string): Promise<unknown> => {
    const preferred = COGNITIVE_TYPES[type].preferred
    const response = await send(id, preferred)
    if (!refusedVersion(response)) return answer(type, preferred, response)
    const refusal = new ArmAnswerError(response)
    const listed = supportedVersions(refusal.message)
    const chosen = chooseVersion(listed, COGNITIVE_TYPES[type])
    if (chosen === undefined) {
      failed.set(type, noUsableVersion(type, refusal, listed))
      throw failed.get(type)
    }
    settled.set(type, chosen)
    core.info(
      `Resource Manager in this cloud does not serve api-version ${preferred} for Microsoft.CognitiveServices/${type}; using ${chosen}, the newest it lists.`
    )
    return answer(type, chosen, await send(id, chosen))
  }

  const read = async (type: CognitiveType, id: string): Promise<unknown> => {
    const known = failed.get(type)
    if (known !== undefined) throw known
    const version = settled.get(type)
    if (version !== undefined) return answer(type, version, await send(id, version))
    const first = firsts.get(type)
    if (first !== undefined) {
      await first.catch(() => undefined)
      return read(type, id)
    }
    const reading = firstRead(type, id)
    firsts.set(type, reading)
    // Any other answer (a missing account, no network) leaves the version open: the next read may learn it.
    return reading.finally(() => firsts.delete(type))
  }

  return {
    async getAccount(id) {
      const body = (await read('accounts', id)) as {
        id?: string
        properties?: {
          endpoint?: string
          endpoints?: Record<string, string>
          customSubDomainName?: string | null
          disableLocalAuth?: boolean
          publicNetworkAccess?: string
        }
      }
      return {
        id: body?.id,
        endpoint: body?.properties?.endpoint,
        endpoints: body?.properties?.endpoints,
        customSubDomainName: body?.properties?.customSubDomainName,
        disableLocalAuth: body?.properties?.disableLocalAuth,
        publicNetworkAccess: body?.properties?.publicNetworkAccess
      }
    },
    async getProject(id) {
      const body = (await read('accounts/projects', id)) as {
        id?: string
        properties?: { endpoints?: Record<string, string> }
      }
      return { id: body?.id, endpoints: body?.properties?.endpoints }
    }
  }
}
