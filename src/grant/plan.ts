import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { Inputs, SCOPE_READ_CONCURRENCY } from '../constants.js'
import { mapSettled } from '../util/concurrency.js'
import { expectedId, readTargets as readScopes } from './scopes.js'
import { DEFAULT_ROLES, resolveRole } from '../roles/roles.js'
import { resolvePrincipals } from './principals.js'
import { defaultDescription, withRunTag } from './description.js'
import { markTemporary } from './expiry.js'
import { prepareWait } from '../wait/prepare.js'
import { checkPimPolicy } from './pim-policy.js'
import { runnerPimGrants } from './pim-state.js'
import type { PimPlan } from './pim-assign.js'
import type { PreparedWait } from '../wait/prepare.js'
import { setTargetOutputs } from '../report/outputs.js'
import { checkOpensInference } from '../roles/inference-check.js'
import { startPrivilegeStage } from '../privilege/plan-check.js'
import type { Rights } from '../privilege/check.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, ResolvedPrincipal, ScopePlan, Target } from '../types.js'

/** Everything read and resolved before the first write: if any of it fails, nothing was changed. */
export interface Plan {
  readonly scopes: readonly ScopePlan[]
  readonly principals: readonly ResolvedPrincipal[]
  /** The description new assignments get (with its expiry for a temporary grant). */
  readonly description: string
  readonly wait?: PreparedWait
  /** time-bound: pim: how grants are made through PIM. */
  readonly pim?: PimPlan
  /** The pipeline identity's own permissions and assignments at every scope (checked before any write). */
  readonly rights?: Rights
}

function privilegedRefusal(roleName: string): ActionError {
  return new ActionError(
    `Input '${Inputs.Role}': '${roleName}' is a privileged administrator role (it can grant access to others or change anything). ` +
      `Nothing was changed. Inference needs only Cognitive Services User (Azure AI User at a Foundry project); if you really mean to grant '${roleName}', set ${Inputs.AllowPrivilegedRole}: true.`
  )
}

function warnWithoutSubdomain(inputs: ActionInputs, target: Target): void {
  if (target.kind !== 'account' || target.customSubDomainName !== undefined || inputs.mode !== 'assign')
    return
  core.warning(
    `The account '${target.name}' has no custom subdomain: Entra ID tokens will not work for inference until it has one: ` +
      `az cognitiveservices account update --ids ${target.id} --custom-domain <subdomain> (once; it cannot be changed later).`
  )
}

/** Reads every scope the inputs name (also for mode: sweep), and sets the outputs that describe them. */
export async function readTargets(inputs: ActionInputs, session: AzureSession): Promise<Target[]> {
  const targets = await readScopes(session.arm, inputs.scopes, session.subscriptionId)
  setTargetOutputs(targets)
  return targets
}

async function planScope(inputs: ActionInputs, session: AzureSession, target: Target): Promise<ScopePlan> {
  const spec = inputs.role ?? DEFAULT_ROLES[target.kind]
  const { role, privileged, data } = await resolveRole(session.arm, spec, target.id)
  if (privileged && !inputs.allowPrivilegedRole && inputs.mode === 'assign')
    throw privilegedRefusal(role.name)
  if (inputs.mode === 'assign') checkOpensInference(role, data, target.id, inputs.waitForPropagation)
  if (pimOf(inputs) && inputs.mode === 'assign')
    await checkPimPolicy(session.pim(), target, role, inputs.expiresAfterMs)
  return { target, role }
}

const pimOf = (inputs: ActionInputs): boolean => inputs.timeBound === 'pim' && inputs.revokeAfterJob

function pimPlan(inputs: ActionInputs, session: AzureSession): PimPlan | undefined {
  if (!pimOf(inputs) || inputs.mode !== 'assign') return undefined
  return { client: session.pim(), durationMs: inputs.expiresAfterMs, store: runnerPimGrants() }
}

function descriptionOf(inputs: ActionInputs, now: number): string {
  const description = inputs.description ?? defaultDescription()
  return inputs.revokeAfterJob
    ? markTemporary(withRunTag(description), new Date(now + inputs.expiresAfterMs))
    : description
}

/** Reads every scope, resolves the role there and every principal, and checks that a wait can succeed. Writes nothing. */
export async function makePlan(
  inputs: ActionInputs,
  session: AzureSession,
  now: number = Date.now()
): Promise<Plan> {
  const scopeIds = inputs.scopes.map((scope) => expectedId(scope, session.subscriptionId))
  const privilege = startPrivilegeStage(inputs, session, scopeIds)
  const targets = await readTargets(inputs, session)
  const planned = await mapSettled(targets, SCOPE_READ_CONCURRENCY, (target) =>
    planScope(inputs, session, target)
  )
  const refused = planned.find((result) => result.status === 'rejected')
  if (refused !== undefined) throw refused.reason
  const scopes = planned.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []))
  const principals = await resolvePrincipals(inputs.principals, {
    self: session.self,
    graph: session.graph,
    principalType: inputs.principalType
  })
  const rights = await privilege.check(scopes, principals)
  const wait = await prepareWait(inputs, session, scopes, principals)
  for (const target of targets) warnWithoutSubdomain(inputs, target)
  return {
    scopes,
    principals,
    description: descriptionOf(inputs, now),
    wait,
    pim: pimPlan(inputs, session),
    rights
  }
}
