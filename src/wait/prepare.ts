import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { Inputs } from '../constants.js'
import { createProbe } from '../azure/dataplane.js'
import type { DataPlaneProbe } from '../azure/dataplane.js'
import { probeRoutes } from './routes.js'
import type { ProbeTarget } from './verdict.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, ResolvedPrincipal, ScopePlan, Target } from '../types.js'

/** One scope to probe: where, and how the answers are read. */
export interface ScopeProbe {
  readonly target: Target
  readonly probe: DataPlaneProbe
  readonly expect: ProbeTarget
}

/** The wait, ready before anything is written: a probe per scope and the time it may take. */
export interface PreparedWait {
  readonly probes: readonly ScopeProbe[]
  readonly timeoutMs: number
}

async function requireSelfAmong(
  session: AzureSession,
  principals: readonly ResolvedPrincipal[]
): Promise<void> {
  const self = await session.self()
  if (principals.some((principal) => principal.objectId === self.objectId)) return
  throw new ActionError(
    `Input '${Inputs.WaitForPropagation}' is true, but the action's own identity (${self.objectId}) is not among the principals. ` +
      `The wait calls the inference endpoint as that identity, so it can only prove access for it: add self to ${Inputs.Principal}, or set ${Inputs.WaitForPropagation}: false.`
  )
}

function probeFor(inputs: ActionInputs, session: AzureSession, target: Target): ScopeProbe {
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
  const probe = createProbe(session.http(0), routes, () => session.signIn.renew(scope))
  return { target, probe, expect: { inferenceScope: scope, probeModel: inputs.probeModel } }
}

/**
 * Checks, before anything is written, that a wait can succeed: the probe can only prove access for the identity
 * the action signs in as, and Entra ID tokens only work on accounts with a custom subdomain.
 */
export async function prepareWait(
  inputs: ActionInputs,
  session: AzureSession,
  scopes: readonly ScopePlan[],
  principals: readonly ResolvedPrincipal[]
): Promise<PreparedWait | undefined> {
  if (!inputs.waitForPropagation) return undefined
  if (inputs.dryRun) {
    core.info('Dry run: not waiting for propagation, since nothing is assigned.')
    return undefined
  }
  await requireSelfAmong(session, principals)
  const probes = scopes.map((scope) => probeFor(inputs, session, scope.target))
  return { probes, timeoutMs: inputs.waitTimeoutSeconds * 1000 }
}
