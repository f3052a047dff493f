import * as core from '@actions/core'
import { clientIdFromResource } from '../principals/from-resource.js'
import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import { createProbe } from '../azure/dataplane.js'
import type { DataPlaneProbe } from '../azure/dataplane.js'
import type { JsonHttp } from '../azure/http/http.js'
import { probeRoutes, projectRoutes } from './routes.js'
import type { ProbeTarget } from './verdict.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, ResolvedPrincipal, ScopePlan, Target } from '../types.js'

/** One scope to probe: where, as whom, and how the answers are read. */
export interface ScopeProbe {
  readonly target: Target
  readonly probe: DataPlaneProbe
  readonly expect: ProbeTarget
  /** Object ID of the identity the probe calls as: the one whose access the wait proves. */
  readonly identity: string
}

/** The identity the probes call as, and how. */
export interface Prober {
  readonly objectId: string
  readonly http: JsonHttp
  readonly renew: (scope: string) => void
  /** Whether it is probe-client-id's identity (and not the action's own). */
  readonly clientId?: string
}

/** The wait, ready before anything is written: a probe per scope and the time it may take. */
export interface PreparedWait {
  readonly probes: readonly ScopeProbe[]
  readonly timeoutMs: number
}

const among = (principals: readonly ResolvedPrincipal[], objectId: string): boolean =>
  principals.some((principal) => principal.objectId.toLowerCase() === objectId.toLowerCase())

/**
 * The identity the wait will probe as, signed in now (with probe-client-id: before any write, and while the plan's
 * other reads are on their way), or nothing when there will be no wait.
 */
export async function startProber(inputs: ActionInputs, session: AzureSession): Promise<Prober | undefined> {
  if (!inputs.waitForPropagation || inputs.dryRun) return undefined
  // probe-client-id may be a user-assigned identity's resource ID: its client ID comes from Resource Manager.
  const clientId =
    inputs.probeIdentity === undefined
      ? inputs.probeClientId
      : await clientIdFromResource(inputs.probeIdentity, session.resources())
  if (clientId !== undefined) {
    const other = await session.signInAsProbe(clientId)
    return { ...other, clientId }
  }
  const self = await session.self()
  return { objectId: self.objectId, http: session.http(0), renew: (scope) => session.signIn.renew(scope) }
}

/** Without probe-client-id: the action's own identity, which must then be among the principals. */
function checkSelf(prober: Prober, principals: readonly ResolvedPrincipal[]): void {
  if (!among(principals, prober.objectId)) {
    throw new ActionError(
      `Input '${Inputs.WaitForPropagation}' is true, but the action's own identity (${prober.objectId}) is not among the principals. ` +
        `The wait calls the inference endpoint as that identity, so it can only prove access for it: add self to ${Inputs.Principal}, ` +
        `set ${Inputs.ProbeClientId} to the client ID of a principal that trusts this workflow, or set ${Inputs.WaitForPropagation}: false.`
    )
  }
}

/** With probe-client-id: that identity, which must be among the principals. */
function checkOther(prober: Prober, clientId: string, principals: readonly ResolvedPrincipal[]): void {
  if (!among(principals, prober.objectId)) {
    throw new ActionError(
      `Input '${Inputs.ProbeClientId}': the identity with client ID ${clientId} (object ID ${prober.objectId}) is not among the principals. ` +
        `The wait calls the inference endpoint as that identity, so it can only prove access for it: add ${prober.objectId} (or sp:${clientId}) to ${Inputs.Principal}, or remove ${Inputs.ProbeClientId}. Nothing was changed.`
    )
  }
  core.info(`The wait probes as ${Inputs.ProbeClientId} ${clientId} (object ID ${prober.objectId}).`)
}

/** A Foundry project is probed on its own endpoint, with a token for Foundry's audience. */
function projectProbe(
  inputs: ActionInputs,
  session: AzureSession,
  prober: Prober,
  target: Target
): ScopeProbe {
  if (inputs.probeModel !== undefined)
    core.info(
      `${Inputs.ProbeModel} is for accounts: the Foundry project '${target.name}' is probed by reading its deployments.`
    )
  const scope = session.cloud.foundryScope
  const routes = projectRoutes(target, scope)
  if (routes.length === 0) {
    throw new ActionError(
      `Resource Manager returned no endpoint ("AI Foundry API") for the Foundry project '${target.name}', so there is nothing to probe. Set ${Inputs.WaitForPropagation}: false.`
    )
  }
  const probe = createProbe(prober.http, routes, () => prober.renew(scope))
  const audienceFix = `This cloud's Foundry projects should take tokens for ${scope}; check that the project endpoint Resource Manager returned belongs to this cloud.`
  return { target, probe, expect: { inferenceScope: scope, audienceFix }, identity: prober.objectId }
}

function probeFor(inputs: ActionInputs, session: AzureSession, prober: Prober, target: Target): ScopeProbe {
  if (target.kind === 'project') return projectProbe(inputs, session, prober, target)
  if (target.customSubDomainName === undefined || target.customSubDomainName === '') {
    throw new ActionError(
      `The account '${target.name}' has no custom subdomain, and Microsoft Entra ID authentication for inference needs one. ` +
        `Give it one (az cognitiveservices account update --ids ${target.id} --custom-domain <name>), then run again. Nothing was changed.`
    )
  }
  const scope = session.cloud.inferenceScope
  const routes = probeRoutes(target, scope, inputs.probeModel)
  if (routes.length === 0) {
    throw new ActionError(
      `Resource Manager returned no inference endpoint for '${target.name}', so there is nothing to probe. Set ${Inputs.WaitForPropagation}: false.`
    )
  }
  const probe = createProbe(prober.http, routes, () => prober.renew(scope))
  return {
    target,
    probe,
    expect: { inferenceScope: scope, probeModel: inputs.probeModel },
    identity: prober.objectId
  }
}

/**
 * Checks, before anything is written, that a wait can succeed: the probe proves access only for the identity it
 * calls as (the action's own, or probe-client-id's, from startProber), which must be among the principals, and
 * Entra ID tokens only work on accounts with a custom subdomain.
 */
export async function prepareWait(
  inputs: ActionInputs,
  session: AzureSession,
  scopes: readonly ScopePlan[],
  principals: readonly ResolvedPrincipal[],
  started: Promise<Prober | undefined> = startProber(inputs, session)
): Promise<PreparedWait | undefined> {
  const prober = await started
  if (!inputs.waitForPropagation) return undefined
  if (inputs.dryRun || prober === undefined) {
    core.info('Dry run: not waiting for propagation, since nothing is assigned.')
    return undefined
  }
  if (prober.clientId === undefined) checkSelf(prober, principals)
  else checkOther(prober, prober.clientId, principals)
  const probes = scopes.map((scope) => probeFor(inputs, session, prober, scope.target))
  return { probes, timeoutMs: inputs.waitTimeoutSeconds * 1000 }
}
