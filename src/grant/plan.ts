import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { Inputs, PRINCIPAL_CONCURRENCY, SCOPE_READ_CONCURRENCY } from '../constants.js'
import { joined, mapSettled, valuesOf } from '../util/concurrency.js'
import { expectedId, readTargets as readScopes } from '../scopes/scopes.js'
import { DEFAULT_ROLES, resolveRole } from '../roles/roles.js'
import type { RoleResolution } from '../roles/roles.js'
import { resolvePrincipals } from '../principals/principals.js'
import { AssignmentListsAhead } from './read-ahead.js'
import { defaultDescription, withRunTag } from './description.js'
import { markTemporary } from './expiry.js'
import { prepareWait, startProber } from '../wait/prepare.js'
import { checkPimPolicy } from './pim/pim-policy.js'
import { runnerPimGrants } from './pim/pim-state.js'
import type { PimPlan } from './pim/pim-assign.js'
import type { PreparedWait } from '../wait/prepare.js'
import { setTargetOutputs } from '../report/outputs.js'
import { checkOpensInference } from '../roles/inference-check.js'
import { startPrivilegeStage } from '../privilege/plan-check.js'
import type { Rights } from '../privilege/check.js'
import type { AzureSession } from '../session/session.js'
import type { ActionInputs, ResolvedPrincipal, ScopePlan, ScopeRef, Target } from '../types.js'

/** Everything read and resolved before the first write: if any of it fails, nothing was changed. */
export interface Plan {
  readonly scopes: readonly ScopePlan[]
  readonly principals: readonly ResolvedPrincipal[]
  /** The description new assignments get (with its expiry for a temporary grant). */
  readonly description: string
  readonly wait?: PreparedWait
  /** time-bound: pim: how grants are made through PIM. */
  readonly pim?: PimPlan
  /** The role-assignment lists the writes start from, read while the plan was made. */
  readonly lists?: AssignmentListsAhead
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

/** The role to grant at a scope: needs only the scope's ID, which the inputs give, so it is read with the scope. */
function roleAt(inputs: ActionInputs, session: AzureSession, scope: ScopeRef): Promise<RoleResolution> {
  const spec = inputs.role ?? DEFAULT_ROLES[scope.kind]
  return resolveRole(session.arm, spec, expectedId(scope, session.subscriptionId))
}

async function planScope(
  inputs: ActionInputs,
  session: AzureSession,
  target: Target,
  resolution: RoleResolution
): Promise<ScopePlan> {
  const { role, privileged, data } = resolution
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

/**
 * Reads every scope, resolves the role there and every principal, and checks that a wait can succeed. Writes
 * nothing. The reads that need nothing of each other all start at once and are joined before any check that
 * needs several of them, and before the first write (a read added here joins the same stage); when several fail,
 * the error is the one the first failing stage would have given, as if they had run one after the other.
 */
export async function makePlan(
  inputs: ActionInputs,
  session: AzureSession,
  now: number = Date.now()
): Promise<Plan> {
  const scopeRefs = inputs.scopes
  const scopeIds = scopeRefs.map((scope) => expectedId(scope, session.subscriptionId))
  // The pipeline identity's own permissions and assignments: read with everything else, judged once all is known.
  const privilege = startPrivilegeStage(inputs, session, scopeIds)
  const lists =
    inputs.mode === 'assign' || inputs.mode === 'revoke'
      ? new AssignmentListsAhead(session.arm, PRINCIPAL_CONCURRENCY)
      : undefined
  // Each principal's lists start as soon as its object ID is known; the writes go scope by scope, so those first.
  const principalIndex = new Map(inputs.principals.map((spec, index) => [spec, index]))
  const readLists = (principal: ResolvedPrincipal): void =>
    scopeRefs.forEach((scope, scopeIndex) =>
      lists?.start(
        expectedId(scope, session.subscriptionId),
        principal.objectId,
        scopeIndex * inputs.principals.length + (principalIndex.get(principal.spec) ?? 0)
      )
    )
  const [targets, roles, principals, prober] = await joined(
    readTargets(inputs, session),
    mapSettled(scopeRefs, SCOPE_READ_CONCURRENCY, (scope) => roleAt(inputs, session, scope)).then(valuesOf),
    resolvePrincipals(inputs.principals, {
      self: session.self,
      graph: session.graph,
      resources: session.resources,
      principalType: inputs.principalType,
      resolved: readLists
    }),
    startProber(inputs, session)
  )
  const planned = await mapSettled(targets, SCOPE_READ_CONCURRENCY, (target, index) =>
    planScope(inputs, session, target, roles[index] as RoleResolution)
  )
  const scopes = valuesOf(planned)
  const rights = await privilege.check(scopes, principals)
  const wait = await prepareWait(inputs, session, scopes, principals, Promise.resolve(prober))
  for (const target of targets) warnWithoutSubdomain(inputs, target)
  return {
    scopes,
    principals,
    description: descriptionOf(inputs, now),
    wait,
    pim: pimPlan(inputs, session),
    lists,
    rights
  }
}
