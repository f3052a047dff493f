import * as core from '@actions/core'
import { ActionError, InputError, messageOf, networkHint, quoteRequestIds, requestIdsOf } from '../errors.js'
import { ApiVersions, Env, Inputs } from '../constants.js'
import { CUSTOM_DEFAULTS, knownCloud, trimSlash } from '../azure/sign-in/clouds.js'
import type { CloudEndpoints } from '../azure/sign-in/clouds.js'
import { customCloudFromMetadata } from '../azure/sign-in/cloud-metadata.js'
import { chooseSignIn, createSignIn, startAssertion } from '../azure/sign-in/entra.js'
import type { SignIn, SignInKind } from '../azure/sign-in/entra.js'
import { cliSubscription } from '../azure/sign-in/azure-cli.js'
import { claimText, decodeClaims } from '../azure/sign-in/jwt.js'
import { createArmClient } from '../azure/arm.js'
import type { ArmClient } from '../azure/arm.js'
import { createPimClient } from '../azure/pim.js'
import type { PimClient } from '../azure/pim.js'
import { createGraphClient } from '../azure/graph.js'
import type { GraphClient } from '../azure/graph.js'
import { createResourceReader } from '../azure/resources.js'
import type { ResourceReader } from '../azure/resources.js'
import { createJsonHttp } from '../azure/http/http.js'
import { alignProxyEnvironment } from '../azure/http/proxy-env.js'
import { routeSdkLogs } from '../azure/http/sdk-log.js'
import type { JsonHttp } from '../azure/http/http.js'
import type { ActionInputs, SelfIdentity } from '../types.js'
import { needsGraph } from '../principals/principals.js'
import { requireProbeOidc, signInAsProbe } from './probe-identity.js'
import type { ProbeIdentity } from './probe-identity.js'

/** Everything the action needs to talk to Azure, built once from the inputs. */
export interface AzureSession {
  readonly cloud: CloudEndpoints
  readonly signIn: SignIn
  readonly subscriptionId: string
  readonly arm: ArmClient
  readonly graph: () => GraphClient
  /** Resources read by ID (identities of principals given as resource IDs). */
  readonly resources: () => ResourceReader
  /** PIM for Azure resources, for time-bound: pim. */
  readonly pim: () => PimClient
  readonly http: (maxRetries?: number) => JsonHttp
  readonly self: () => Promise<SelfIdentity>
  /** Signs in as another identity that trusts this workflow (`probe-client-id`), for the wait's probe. */
  readonly signInAsProbe: (clientId: string) => Promise<ProbeIdentity>
}

/** Pure: the audience of the GitHub ID token, which no cloud metadata changes. */
function oidcAudienceOf(inputs: ActionInputs): string {
  if (inputs.environment !== 'Custom')
    return knownCloud(inputs.environment, { audience: inputs.audience }).oidcAudience
  return inputs.audience ?? CUSTOM_DEFAULTS.oidcAudience
}

async function resolveCloud(inputs: ActionInputs): Promise<CloudEndpoints> {
  const overrides = { audience: inputs.audience, inferenceScope: inputs.inferenceScope }
  if (inputs.environment !== 'Custom') return knownCloud(inputs.environment, overrides)
  const arm = trimSlash(inputs.armEndpoint ?? '')
  const source = `${arm}/metadata/endpoints?api-version=${ApiVersions.CloudMetadata}`
  const response = await createJsonHttp(undefined)
    .send({ method: 'GET', url: source })
    .catch((error: unknown) => {
      throw new ActionError(
        `Reading the cloud metadata at ${source} failed: ${messageOf(error)}. Check ${Inputs.ArmEndpoint}.${networkHint(error)}`
      )
    })
  if (response.status !== 200) {
    throw new ActionError(
      `Reading the cloud metadata at ${source} failed with HTTP ${response.status}. Check ${Inputs.ArmEndpoint}.` +
        quoteRequestIds(requestIdsOf(response.headers))
    )
  }
  return customCloudFromMetadata(response.body, arm, source, overrides)
}

/** The action's own identity, from the `oid` claim of its Resource Manager token: no directory permission. */
async function selfFromToken(signIn: SignIn, cloud: CloudEndpoints): Promise<SelfIdentity> {
  const token = await signIn.credential.getToken(cloud.armScope)
  const claims = decodeClaims(token?.token ?? '')
  const oid = claimText(claims, 'oid')
  if (oid === undefined)
    throw new ActionError(
      'The Resource Manager token carries no oid claim, so principal self cannot be resolved. Replace self in principal ' +
        `with the pipeline identity's object ID and set ${Inputs.PrincipalType}: ServicePrincipal (az ad sp show --id <${Inputs.ClientId}> --query id -o tsv prints it).`
    )
  const idtyp = claimText(claims, 'idtyp')
  const isUser = idtyp === 'user' || (idtyp === undefined && claims.scp !== undefined)
  return { objectId: oid.toLowerCase(), type: isUser ? 'User' : 'ServicePrincipal' }
}

function graphOf(cloud: CloudEndpoints, http: JsonHttp): GraphClient {
  if (cloud.graph === undefined || cloud.graphScope === undefined) {
    throw new ActionError(
      "The cloud's metadata names no Microsoft Graph endpoint (microsoftGraphResourceId), so principals cannot be " +
        `looked up by name. Give them by object ID with ${Inputs.PrincipalType}.`
    )
  }
  return createGraphClient(http, cloud.graph, cloud.graphScope)
}

function signInText(kind: SignInKind, inputs: ActionInputs): string {
  const client = inputs.clientId ?? ''
  if (kind === 'oidc') return `GitHub OIDC as client ${client}`
  if (kind === 'workload-identity') return `workload identity as client ${client}`
  if (kind === 'managed-identity')
    return inputs.clientId === undefined
      ? "the runner's system-assigned managed identity"
      : `the runner's managed identity ${client}`
  return 'the Azure CLI session'
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => (made ??= { value: make() }).value
}

export async function openSession(inputs: ActionInputs): Promise<AzureSession> {
  routeSdkLogs()
  // Before the first request: the Azure pipeline reads NO_PROXY only once, when its first pipeline is built.
  alignProxyEnvironment()
  const kind = chooseSignIn(inputs)
  requireProbeOidc(inputs)
  // Resource IDs carry their subscriptions; only accounts by resource group and name need the session's.
  const fromIds = inputs.scopes.every((scope) => scope.subscriptionId !== undefined)
    ? inputs.scopes[0]?.subscriptionId
    : undefined
  const subscriptionId =
    inputs.subscriptionId ?? fromIds ?? (kind === 'azure-cli' ? await cliSubscription() : undefined)
  if (subscriptionId === undefined) {
    throw new InputError(
      Inputs.SubscriptionId,
      `is required: give the subscription of the account, or set ${Env.SubscriptionId}.`
    )
  }
  // The ID token needs nothing, so it is asked for while the cloud metadata is read.
  const assertion = startAssertion(kind, oidcAudienceOf(inputs))
  const cloud = await resolveCloud(inputs)
  core.debug(
    `Cloud ${cloud.name}: Resource Manager ${cloud.resourceManager}, authority ${cloud.authorityHost}, Microsoft Graph ${cloud.graph ?? '(none)'}, sign-in ${kind}.`
  )
  core.info(`Signing in to ${cloud.name} (${cloud.resourceManager}) with ${signInText(kind, inputs)}.`)
  const signIn = createSignIn(kind, inputs, cloud, assertion)
  // Graph's token, when principals will be looked up, comes with Resource Manager's; its failure is reported by
  // the first call that needs it, as before.
  const graphScope =
    inputs.mode === 'report' ||
    (inputs.mode !== 'sweep' && needsGraph(inputs.principals, inputs.principalType))
      ? cloud.graphScope
      : undefined
  // Sign in now, so a sign-in failure is reported as such and not as the failure of the first call that needed it.
  const armToken = signIn.credential.getToken(cloud.armScope)
  if (graphScope !== undefined) signIn.credential.getToken(graphScope).catch(() => undefined)
  await armToken
  const http = (maxRetries?: number): JsonHttp => createJsonHttp(signIn.credential, maxRetries)
  return {
    cloud,
    signIn,
    subscriptionId,
    arm: createArmClient(signIn.credential, cloud, subscriptionId),
    graph: once(() => graphOf(cloud, http())),
    resources: once(() => createResourceReader(http(), cloud)),
    pim: once(() => createPimClient(signIn.credential, cloud, subscriptionId)),
    http,
    self: once(() => selfFromToken(signIn, cloud)),
    signInAsProbe: (clientId) => signInAsProbe(inputs, signIn, cloud, clientId)
  }
}
