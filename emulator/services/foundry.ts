// The data plane of Foundry projects: `{project endpoint}` = `https://{a}.services.ai.azure.com/api/projects/{p}`,
// served here on the account's own data-plane host. It takes tokens for `https://ai.azure.com` (not the
// `cognitiveservices` audience of the account's routes) and checks the data action at the project's scope, so a
// role assigned at the account reaches its projects, and one assigned at a project does not reach the account's
// own routes (`/models`, `/openai`). Served: `GET /api/projects/{p}/deployments?api-version=v1`, the cheap read
// that proves access (the account's model deployments, which every project sees).
import type { Context } from '../context.js'
import { bearerToken, json, type EmuRequest, type EmuResponse } from '../http.js'
import { checkAccessToken } from '../tokens.js'
import type { Account, Deployment } from '../world/types.js'
import { dataAccessEffectiveAt } from './arm/authorization/permissions.js'
import { findProject, projectId } from './arm/scope.js'

export const FOUNDRY_AUDIENCE = 'https://ai.azure.com'
export const DEPLOYMENTS_READ = 'Microsoft.CognitiveServices/accounts/AIServices/deployments/read'

const PROJECT_PATH = /^\/api\/projects\/([^/]+)(\/.*)?$/
/** `v1`, or a dated version such as `2025-05-01` or `2025-05-15-preview`. */
const API_VERSION = /^(v1|\d{4}-\d{2}-\d{2}(-preview)?)$/

export const isProjectPath = (path: string): boolean => PROJECT_PATH.test(path)

const err = (status: number, code: string, message: string): EmuResponse =>
  json(status, { error: { code, message } })

function renderDeployment(d: Deployment): Record<string, unknown> {
  return {
    type: 'ModelDeployment',
    name: d.name,
    modelName: d.model.name,
    modelVersion: d.model.version,
    modelPublisher: d.model.format,
    capabilities: { chat_completion: 'true' },
    sku: { name: 'GlobalStandard', capacity: 10, family: '', size: '', tier: '' }
  }
}

export interface FoundryAnswer {
  /** The resource ID the answer was about: the project's, or the account's when the project is unknown. */
  scope: string
  response: EmuResponse
}

/** Answers a request under `/api/projects/` on the account's host; `record` gets the caller's object ID. */
export function foundryAnswer(
  ctx: Context,
  req: EmuRequest,
  account: Account,
  accountScope: string,
  record: (principal?: string) => void
): FoundryAnswer {
  const [, name = '', rest = ''] = PROJECT_PATH.exec(req.path) ?? []
  const project = findProject(account, name)
  const notFound = err(404, '404', 'Resource not found')
  if (!project) return { scope: accountScope, response: notFound }
  const scope = projectId(account, project)
  const answer = (response: EmuResponse): FoundryAnswer => ({ scope, response })
  if (req.method !== 'GET' || !/^\/deployments\/?$/.test(rest)) return answer(notFound)
  if (account.publicNetworkAccess === 'Disabled')
    return answer(err(403, 'AccessDenied', 'Public access is disabled. Please configure private endpoint.'))
  if (account.customSubDomainName === null) {
    return answer(
      err(
        400,
        'BadRequest',
        'Please provide a custom subdomain for token authentication, otherwise API key is required.'
      )
    )
  }
  const check = checkAccessToken(ctx, bearerToken(req), [FOUNDRY_AUDIENCE])
  if (!check.ok) {
    return answer(
      err(
        401,
        '401',
        `Unauthorized. Access token is missing, invalid, audience is incorrect (${FOUNDRY_AUDIENCE}), or have expired.`
      )
    )
  }
  const apiVersion = req.query.get('api-version') ?? ''
  if (!API_VERSION.test(apiVersion))
    return answer(err(400, 'BadRequest', `The api-version '${apiVersion}' is missing or not supported.`))
  const oid = String(check.claims.oid ?? '')
  record(oid)
  const effectiveAt = dataAccessEffectiveAt(ctx, oid, scope, DEPLOYMENTS_READ)
  if (effectiveAt === undefined || effectiveAt > Date.now()) {
    return answer(
      err(
        401,
        'PermissionDenied',
        `The principal \`${oid}\` lacks the required data action \`${DEPLOYMENTS_READ}\` to perform \`GET /api/projects/{projectName}/deployments\` operation. For instructions on granting the necessary permissions, see https://aka.ms/FoundryPermissions.`
      )
    )
  }
  return answer(json(200, { value: account.deployments.map(renderDeployment) }))
}
