import { AuthorizationManagementClient } from './authorization-sdk.js'
import type { TokenCredential } from '@azure/core-auth'
import { createPipelineRequest } from '@azure/core-rest-pipeline'
import { ApiVersions } from '../constants.js'
import { requestIdsOf } from '../errors.js'
import type { CloudEndpoints } from './sign-in/clouds.js'
import { trimSlash } from './sign-in/clouds.js'
import { commonClientOptions } from './http/pipeline.js'
import { explainPimError } from './pim-errors.js'

/** The two rules of a role's PIM policy that decide whether a pipeline may make a time-bound active assignment. */
export interface AdminAssignmentRules {
  /** Expiration_Admin_Assignment.maximumDuration, ISO 8601 (`P180D`); undefined when the policy sets none. */
  readonly maximumDuration?: string
  readonly isExpirationRequired: boolean
  /** Enablement_Admin_Assignment.enabledRules: `MultiFactorAuthentication`, `Justification`, `Ticketing`. */
  readonly enabledRules: readonly string[]
}

/** An AdminAssign (time-bound, AfterDuration) or AdminRemove request, under a new GUID each time. */
export interface PimRequest {
  readonly scope: string
  readonly name: string
  readonly roleDefinitionId: string
  readonly principalId: string
  readonly justification: string
  /** ISO 8601, AdminAssign only. */
  readonly duration?: string
  readonly start?: Date
}

/** The PIM calls of time-bound: pim; tests replace it with a double. Every failure comes back explained. */
export interface PimClient {
  adminAssignmentRules(scope: string, roleDefinitionId: string): Promise<AdminAssignmentRules>
  assign(request: PimRequest): Promise<{ status: string }>
  remove(request: PimRequest): Promise<{ status: string }>
  /** The request's status, or undefined when there is no request of that name (it was never made). */
  requestStatus(scope: string, name: string): Promise<string | undefined>
}

interface RawRule {
  readonly id?: unknown
  readonly maximumDuration?: unknown
  readonly isExpirationRequired?: unknown
  readonly enabledRules?: unknown
}

/** Pure: the admin-assignment rules of a policy's `effectiveRules`. */
export function adminAssignmentRulesOf(rules: readonly unknown[]): AdminAssignmentRules {
  const byId = (id: string): RawRule | undefined =>
    rules.find((r): r is RawRule => typeof r === 'object' && r !== null && (r as RawRule).id === id)
  const expiration = byId('Expiration_Admin_Assignment')
  const enablement = byId('Enablement_Admin_Assignment')
  return {
    maximumDuration: typeof expiration?.maximumDuration === 'string' ? expiration.maximumDuration : undefined,
    isExpirationRequired: expiration?.isExpirationRequired === true,
    enabledRules: Array.isArray(enablement?.enabledRules)
      ? enablement.enabledRules.filter((r): r is string => typeof r === 'string')
      : []
  }
}

interface PolicyAssignmentList {
  readonly value?: readonly { properties?: { roleDefinitionId?: string; effectiveRules?: unknown[] } }[]
}

/** An error shaped like the SDK's RestError, for the one request made without the SDK's operation layer. */
class PimRestError extends Error {
  override name = 'RestError'
  statusCode = 0
  code?: string
  correlationId?: string
  requestId?: string
}

function errorOf(
  status: number,
  body: string | null | undefined,
  headers: Record<string, string>
): PimRestError {
  let parsed: { error?: { code?: string; message?: string } } = {}
  try {
    parsed = JSON.parse(body ?? '{}') as typeof parsed
  } catch {
    // Not JSON: the status says it all.
  }
  const ids = requestIdsOf(headers)
  return Object.assign(new PimRestError(parsed.error?.message ?? `HTTP ${status}`), {
    statusCode: status,
    code: parsed.error?.code,
    ...ids
  })
}

const noSlash = (id: string): string => id.replace(/^\/+/, '')
const sameGuid = (a: string, b: string): boolean =>
  (a.split('/').pop() ?? a).toLowerCase() === (b.split('/').pop() ?? b).toLowerCase()

export function createPimClient(
  credential: TokenCredential,
  cloud: CloudEndpoints,
  subscriptionId: string
): PimClient {
  const authorization = new AuthorizationManagementClient(credential, subscriptionId, {
    endpoint: cloud.resourceManager,
    credentialScopes: [cloud.armScope],
    ...commonClientOptions()
  })
  const put = async (request: PimRequest, requestType: 'AdminAssign' | 'AdminRemove') => {
    const result = await authorization.roleAssignmentScheduleRequests.create(
      noSlash(request.scope),
      request.name,
      {
        principalId: request.principalId,
        roleDefinitionId: request.roleDefinitionId,
        requestType,
        justification: request.justification,
        scheduleInfo:
          requestType === 'AdminAssign'
            ? {
                startDateTime: request.start ?? new Date(),
                expiration: { type: 'AfterDuration', duration: request.duration }
              }
            : undefined
      }
    )
    return { status: result.status ?? 'unknown' }
  }
  return {
    async adminAssignmentRules(scope, roleDefinitionId) {
      // The SDK's list takes no $filter; unfiltered it pages through every role of the tenant.
      const filter = encodeURIComponent(`roleDefinitionId eq '${roleDefinitionId}'`)
      const url = `${trimSlash(cloud.resourceManager)}${scope}/providers/Microsoft.Authorization/roleManagementPolicyAssignments?api-version=${ApiVersions.Pim}&$filter=${filter}`
      try {
        const response = await authorization.sendRequest(createPipelineRequest({ url, method: 'GET' }))
        if (response.status !== 200)
          throw errorOf(response.status, response.bodyAsText, response.headers.toJSON())
        const list = JSON.parse(response.bodyAsText ?? '{}') as PolicyAssignmentList
        // Checked again here, in case a Resource Manager ignores the filter and answers with every role.
        const mine = (list.value ?? []).find((p) =>
          sameGuid(p.properties?.roleDefinitionId ?? '', roleDefinitionId)
        )
        return adminAssignmentRulesOf(mine?.properties?.effectiveRules ?? [])
      } catch (error) {
        throw explainPimError(error, `Reading the PIM settings of the role at ${scope}`, scope)
      }
    },
    async assign(request) {
      try {
        return await put(request, 'AdminAssign')
      } catch (error) {
        throw explainPimError(
          error,
          `Requesting a time-bound assignment through PIM at ${request.scope}`,
          request.scope
        )
      }
    },
    async remove(request) {
      try {
        return await put(request, 'AdminRemove')
      } catch (error) {
        throw explainPimError(error, `Ending the PIM assignment at ${request.scope}`, request.scope)
      }
    },
    async requestStatus(scope, name) {
      try {
        return (
          (await authorization.roleAssignmentScheduleRequests.get(noSlash(scope), name)).status ?? 'unknown'
        )
      } catch (error) {
        if ((error as { statusCode?: unknown }).statusCode === 404) return undefined
        throw explainPimError(error, `Reading the PIM request ${name} at ${scope}`, scope)
      }
    }
  }
}
