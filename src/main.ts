import * as core from '@actions/core'
import { ActionError, messageOf } from './errors.js'
import { Inputs, Outputs, PRINCIPAL_CONCURRENCY } from './constants.js'
import { readInputs } from './inputs.js'
import { stepDeadlineMs, withDeadline } from './deadline.js'
import type { AzureSession } from './session.js'
import { openSessionLazily } from './lazy-session.js'
import { readAccount } from './account.js'
import { resolveRole } from './roles.js'
import { resolvePrincipals } from './principals.js'
import { assignOne, revokeOne } from './assign.js'
import type { AssignContext } from './assign.js'
import { mapSettled } from './concurrency.js'
import { defaultDescription } from './description.js'
import { prepareWait } from './wait-plan.js'
import { waitForAccess } from './wait.js'
import { renderSummary } from './summary.js'
import { setAccountOutputs, setResultOutputs } from './outputs.js'
import { runnerState } from './state.js'
import type { StateStore } from './state.js'
import type { ActionInputs, PrincipalResult, ResolvedPrincipal } from './types.js'

export interface Dependencies {
  readonly openSession: (inputs: ActionInputs) => Promise<AzureSession>
  readonly state: StateStore
}

const defaults: Dependencies = { openSession: (inputs) => openSessionLazily(inputs), state: runnerState }

/** The one place that turns any failure into a failed step. */
export async function run(dependencies: Dependencies = defaults): Promise<void> {
  try {
    const inputs = readInputs()
    await withDeadline(grantAccess(inputs, dependencies), stepDeadlineMs(inputs))
  } catch (error) {
    core.setFailed(messageOf(error))
  }
}

function privilegedRefusal(roleName: string): ActionError {
  return new ActionError(
    `Input '${Inputs.Role}': '${roleName}' is a privileged administrator role (it can grant access to others or change anything). ` +
      `Nothing was changed. Inference needs only Cognitive Services User; if you really mean to grant '${roleName}', set ${Inputs.AllowPrivilegedRole}: true.`
  )
}

async function grantAccess(inputs: ActionInputs, dependencies: Dependencies): Promise<void> {
  const session = await dependencies.openSession(inputs)
  const names = {
    subscription: session.subscriptionId,
    resourceGroup: inputs.resourceGroup,
    account: inputs.resourceName
  }
  const account = await readAccount(session.arm, names.subscription, names.resourceGroup, names.account)
  core.info(`Account: ${account.id}`)
  setAccountOutputs(account)
  const { role, privileged } = await resolveRole(session.arm, inputs.role, account.id, names)
  if (privileged && !inputs.allowPrivilegedRole && inputs.mode === 'assign')
    throw privilegedRefusal(role.name)
  const principals = await resolvePrincipals(inputs.principals, {
    self: session.self,
    graph: session.graph,
    principalType: inputs.principalType
  })
  const probe = await prepareWait(inputs, session, account, principals)
  if (account.customSubDomainName === undefined && inputs.mode === 'assign') {
    core.warning(
      `The account '${inputs.resourceName}' has no custom subdomain: Entra ID tokens will not work for inference until it has one: ` +
        `az cognitiveservices account update -g ${inputs.resourceGroup} -n ${inputs.resourceName} --custom-domain <subdomain> (once; it cannot be changed later).`
    )
  }
  const context: AssignContext = {
    arm: session.arm,
    scope: account.id,
    role,
    description: inputs.description ?? defaultDescription(),
    names,
    dryRun: inputs.dryRun
  }
  const results = await applyToAll(inputs, context, principals, dependencies.state)
  logResults(
    results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])),
    role.name
  )
  setResultOutputs(
    role,
    principals,
    results.map((result) => (result.status === 'fulfilled' ? result.value : undefined))
  )
  const failures = results.flatMap((result, index) =>
    result.status === 'rejected' ? [`${principals[index]?.spec.raw}: ${messageOf(result.reason)}`] : []
  )
  let waitLine: string | undefined
  try {
    if (probe !== undefined && failures.length === 0) {
      const waited = await waitForAccess({
        probe,
        target: { inferenceScope: session.cloud.inferenceScope, probeModel: inputs.probeModel },
        timeoutMs: inputs.waitTimeoutSeconds * 1000,
        justAssigned: results.some(
          (result) => result.status === 'fulfilled' && result.value.outcome === 'created'
        )
      })
      const seconds = waited.seconds.toFixed(1)
      core.setOutput(Outputs.PropagationSeconds, seconds)
      waitLine = `inference access worked ${seconds} s after the assignments (${waited.probes} probe${waited.probes === 1 ? '' : 's'})${waited.note === undefined ? '' : `; ${waited.note}`}.`
      core.info(`Access works: ${waitLine}`)
    } else {
      core.setOutput(Outputs.PropagationSeconds, '')
    }
  } catch (error) {
    waitLine = `failed: ${messageOf(error)}`
    throw error
  } finally {
    await writeSummary(
      renderSummary({
        results: summaryRows(results, principals),
        role,
        scope: account.id,
        dryRun: inputs.dryRun,
        wait: waitLine
      })
    )
  }
  if (failures.length > 0) {
    throw new ActionError(
      `${failures.length} of ${principals.length} principals failed:\n- ${failures.join('\n- ')}`
    )
  }
}

/** Each distinct principal once, a few at a time; the results come back in input order. */
async function applyToAll(
  inputs: ActionInputs,
  context: AssignContext,
  principals: readonly ResolvedPrincipal[],
  state: StateStore
): Promise<PromiseSettledResult<PrincipalResult>[]> {
  const unique = [...new Map(principals.map((principal) => [principal.objectId, principal])).values()]
  const apply = inputs.mode === 'revoke' ? revokeOne : assignOne
  const settled = await mapSettled(unique, PRINCIPAL_CONCURRENCY, (principal) => apply(context, principal))
  const byId = new Map(
    unique.map((principal, index) => [
      principal.objectId,
      settled[index] as PromiseSettledResult<PrincipalResult>
    ])
  )
  if (inputs.revokeAfterJob && !inputs.dryRun) {
    const created = settled.flatMap((result) =>
      result.status === 'fulfilled' &&
      result.value.outcome === 'created' &&
      result.value.assignmentId !== undefined
        ? [result.value.assignmentId]
        : []
    )
    state.saveCreated(created)
  }
  return principals.map((principal) => {
    const result = byId.get(principal.objectId) as PromiseSettledResult<PrincipalResult>
    return result.status === 'fulfilled'
      ? { status: 'fulfilled', value: { ...result.value, principal } }
      : result
  })
}

function summaryRows(
  results: PromiseSettledResult<PrincipalResult>[],
  principals: readonly ResolvedPrincipal[]
) {
  return results.map((result, index) =>
    result.status === 'fulfilled'
      ? result.value
      : { failed: messageOf(result.reason), principal: principals[index] as ResolvedPrincipal }
  )
}

function logResults(results: readonly PrincipalResult[], roleName: string): void {
  for (const { principal, outcome, assignmentId } of results) {
    core.info(
      `${principal.spec.raw} (${principal.objectId}, ${principal.type ?? 'type unknown'}): ${roleName} ${outcome}${assignmentId === undefined ? '' : ` — ${assignmentId}`}`
    )
  }
}

async function writeSummary(markdown: string): Promise<void> {
  if ((process.env.GITHUB_STEP_SUMMARY ?? '') === '') return
  await core.summary.addRaw(markdown).write()
}
