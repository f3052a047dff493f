// The inference data plane of each account, one loopback port per account (a port stands for
// `<subdomain>.openai.azure.com` / `.services.ai.azure.com`, or the regional endpoint when the account has
// no custom subdomain). In host-name mode the account is found from the name the client asked for (Host
// header, else TLS SNI), and from the port when the name is none of the emulator's. Checks run in the service's order: network access, endpoint kind, token, RBAC data
// action (with propagation delay), then the deployment; `Account.dataPlane` can turn routes off and make the
// gateway look the deployment up before it checks the role.
import { randomUUID } from 'node:crypto'
import type { Context } from '../context.js'
import { bearerToken, json, type EmuRequest, type EmuResponse } from '../http.js'
import { checkAccessToken } from '../tokens.js'
import type { Account, DataPlaneRoute, Deployment } from '../world/types.js'
import { dataAccessEffectiveAt } from './arm/authorization/permissions.js'
import { accountId } from './arm/scope.js'
import { foundryAnswer, isProjectPath } from './foundry.js'

export const COGNITIVE_AUDIENCE = 'https://cognitiveservices.azure.com'
const CHAT = 'Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action'
const MAAS_CHAT = 'Microsoft.CognitiveServices/accounts/MaaS/chat/completions/action'
const MODELS_READ = 'Microsoft.CognitiveServices/accounts/OpenAI/models/read'

interface Route {
  /** Which switch (`Account.dataPlane.unserved`) turns the route off. */
  kind: DataPlaneRoute
  dataAction: (a: Account) => string
  operation: string
  needsApiVersion: boolean
  /** The deployment or model the call targets, if any. */
  target?: { name: string; style: 'deployment' | 'model' }
  answer: (a: Account, d: Deployment | undefined, body: Record<string, unknown>) => EmuResponse
}

const err = (
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {}
): EmuResponse => json(status, { error: { code, message, ...extra } })

function parseBody(req: EmuRequest): Record<string, unknown> {
  try {
    const v = JSON.parse(req.body) as unknown
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : {}
  } catch {
    return {}
  }
}

function chatCompletion(d: Deployment | undefined, body: Record<string, unknown>): EmuResponse {
  const messages = Array.isArray(body.messages) ? body.messages : []
  const prompt = Math.max(1, Math.ceil(JSON.stringify(messages).length / 4))
  const completion = Math.min(
    typeof body.max_tokens === 'number'
      ? body.max_tokens
      : typeof body.max_completion_tokens === 'number'
        ? body.max_completion_tokens
        : 12,
    12
  )
  const filter = {
    hate: { filtered: false, severity: 'safe' },
    self_harm: { filtered: false, severity: 'safe' },
    sexual: { filtered: false, severity: 'safe' },
    violence: { filtered: false, severity: 'safe' }
  }
  return json(200, {
    id: `chatcmpl-${randomUUID().replace(/-/g, '').slice(0, 29)}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: d ? `${d.model.name}-${d.model.version}` : 'unknown',
    choices: [
      {
        index: 0,
        finish_reason: completion <= 1 ? 'length' : 'stop',
        logprobs: null,
        message: {
          role: 'assistant',
          content: completion <= 1 ? 'Hello' : 'Hello from the emulator.',
          refusal: null,
          annotations: []
        },
        content_filter_results: filter
      }
    ],
    usage: { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion },
    system_fingerprint: 'fp_emulator',
    prompt_filter_results: [{ prompt_index: 0, content_filter_results: filter }]
  })
}

function modelList(a: Account): EmuResponse {
  const created = 1721260800
  return json(200, {
    object: 'list',
    data: a.deployments.map((d) => ({
      id: `${d.model.name}-${d.model.version}`,
      object: 'model',
      created,
      owned_by: 'system',
      status: 'succeeded',
      capabilities: {
        chat_completion: true,
        completion: false,
        embeddings: false,
        fine_tune: false,
        inference: true
      },
      lifecycle_status: 'generally-available'
    }))
  })
}

function matchRoute(req: EmuRequest, body: Record<string, unknown>): Route | undefined {
  const p = req.path
  const chatAction = (a: Account): string => {
    const d = a.deployments.find((x) => x.name === String(body.model ?? ''))
    return !d || d.model.format === 'OpenAI' ? CHAT : MAAS_CHAT
  }
  if (req.method === 'GET' && /^\/openai\/v1\/models\/?$/.test(p)) {
    return {
      kind: 'model-list',
      dataAction: () => MODELS_READ,
      operation: 'GET /openai/v1/models',
      needsApiVersion: false,
      answer: (a) => modelList(a)
    }
  }
  if (req.method === 'GET' && /^\/openai\/models\/?$/.test(p)) {
    return {
      kind: 'model-list',
      dataAction: () => MODELS_READ,
      operation: 'GET /openai/models',
      needsApiVersion: true,
      answer: (a) => modelList(a)
    }
  }
  let m: RegExpExecArray | null
  if (req.method === 'POST' && (m = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(p))) {
    return {
      kind: 'openai-chat',
      dataAction: () => CHAT,
      operation: 'POST /openai/deployments/{deployment-id}/chat/completions',
      needsApiVersion: true,
      target: { name: m[1] ?? '', style: 'deployment' },
      answer: (_a, d, b) => chatCompletion(d, b)
    }
  }
  if (req.method === 'POST' && /^\/openai\/v1\/chat\/completions$/.test(p)) {
    return {
      kind: 'openai-chat',
      dataAction: chatAction,
      operation: 'POST /openai/v1/chat/completions',
      needsApiVersion: false,
      target: { name: String(body.model ?? ''), style: 'deployment' },
      answer: (_a, d, b) => chatCompletion(d, b)
    }
  }
  if (req.method === 'POST' && /^\/models\/chat\/completions$/.test(p)) {
    return {
      kind: 'model-inference',
      dataAction: chatAction,
      operation: 'POST /models/chat/completions',
      needsApiVersion: true,
      target: { name: String(body.model ?? ''), style: 'model' },
      answer: (_a, d, b) => chatCompletion(d, b)
    }
  }
  return undefined
}

function decide(
  ctx: Context,
  req: EmuRequest,
  account: Account | undefined,
  record: (principal?: string) => void
): EmuResponse {
  const notFound = err(404, '404', 'Resource not found')
  if (!account) return notFound
  const body = parseBody(req)
  const route = matchRoute(req, body)
  if (!route || (route.needsApiVersion && !req.query.get('api-version'))) return notFound
  // An endpoint that does not serve a route does not know it: the same 404 as for any unknown path.
  if (account.dataPlane?.unserved?.includes(route.kind) === true) return notFound
  if (account.publicNetworkAccess === 'Disabled')
    return err(403, 'AccessDenied', 'Public access is disabled. Please configure private endpoint.')
  const token = bearerToken(req)
  if (!token && req.headers['api-key']) {
    return err(
      401,
      '401',
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.'
    )
  }
  if (account.customSubDomainName === null) {
    return err(
      400,
      'BadRequest',
      'Please provide a custom subdomain for token authentication, otherwise API key is required.'
    )
  }
  const check = checkAccessToken(ctx, token, [COGNITIVE_AUDIENCE])
  if (!check.ok) {
    return err(
      401,
      '401',
      `Unauthorized. Access token is missing, invalid, audience is incorrect (${COGNITIVE_AUDIENCE}), or have expired.`
    )
  }
  const oid = String(check.claims.oid ?? '')
  record(oid)
  const action = route.dataAction(account)
  const denied = (): EmuResponse | undefined => {
    const effectiveAt = dataAccessEffectiveAt(ctx, oid, accountId(account), action)
    if (effectiveAt !== undefined && effectiveAt <= Date.now()) return undefined
    return err(
      401,
      'PermissionDenied',
      `The principal \`${oid}\` lacks the required data action \`${action}\` to perform \`${route.operation}\` operation.`
    )
  }
  // The order of the two checks is the gateway's (see DataPlaneBehaviour.gateway); role first unless told otherwise.
  const deploymentFirst = account.dataPlane?.gateway === 'deployment-first'
  const refusal = deploymentFirst ? undefined : denied()
  if (refusal) return refusal
  const found = findTarget(account, route)
  if ('missing' in found) return found.missing
  return (deploymentFirst ? denied() : undefined) ?? route.answer(account, found.deployment, body)
}

/** The deployment or model the route names: found, none needed, or the answer that says it is missing. */
function findTarget(
  account: Account,
  route: Route
): { deployment: Deployment | undefined } | { missing: EmuResponse } {
  if (!route.target) return { deployment: undefined }
  const { name, style } = route.target
  const deployment = account.deployments.find(
    (d) => d.name === name && (style === 'deployment' || d.inference !== false)
  )
  if (deployment) return { deployment }
  if (style === 'model')
    return {
      missing: err(400, 'unknown_model', `Unknown model: ${name}`, { details: `Unknown model: ${name}` })
    }
  return {
    missing: err(
      404,
      'DeploymentNotFound',
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.'
    )
  }
}

function accountFor(ctx: Context, req: EmuRequest): Account | undefined {
  for (const name of [req.hostname, req.servername]) {
    const account = name ? ctx.accountForHost(name) : undefined
    if (account) return account
  }
  return ctx.accountForPort(req.port)
}

export function dataPlaneHandler(ctx: Context) {
  return (req: EmuRequest): EmuResponse => {
    const account = accountFor(ctx, req)
    let principalId: string | undefined
    const record = (p?: string): void => void (principalId = p)
    // Foundry project routes (`/api/projects/{p}/...`) live on the account's host: services/foundry.ts.
    const foundry =
      account && isProjectPath(req.path)
        ? foundryAnswer(ctx, req, account, accountId(account), record)
        : undefined
    const res = foundry?.response ?? decide(ctx, req, account, record)
    const body = res.body as { error?: { code?: string } } | undefined
    ctx.dataPlaneAnswers.push({
      at: Date.now(),
      accountId: foundry?.scope ?? (account ? accountId(account) : `port:${req.port}`),
      principalId,
      method: req.method,
      path: req.path,
      status: res.status,
      code: body?.error?.code
    })
    res.headers = {
      'apim-request-id': randomUUID(),
      'x-ms-region': account?.location ?? 'eastus',
      ...res.headers
    }
    return res
  }
}
