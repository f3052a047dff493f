import * as core from '@actions/core'
import { ActionError, messageOf } from './errors.js'
import { Outputs } from './constants.js'
import { readInputs } from './inputs/inputs.js'
import { stepDeadlineMs, withDeadline } from './util/deadline.js'
import type { AzureSession } from './session/session.js'
import { openSessionLazily } from './session/lazy.js'
import { makePlan } from './grant/plan.js'
import type { Plan } from './grant/plan.js'
import { applyToAll, failures, logResults, summaryRows } from './grant/apply.js'
import type { Results } from './grant/apply.js'
import { waitForAccess } from './wait/run.js'
import { renderSummary } from './report/summary.js'
import { setResultOutputs } from './report/outputs.js'
import { runnerState } from './post/state.js'
import type { StateStore } from './post/state.js'
import type { ActionInputs } from './types.js'

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

/** Sign in, plan (reads only), apply, then wait and report. */
async function grantAccess(inputs: ActionInputs, dependencies: Dependencies): Promise<void> {
  const session = await dependencies.openSession(inputs)
  const plan = await makePlan(inputs, session)
  const results = await applyToAll(inputs, plan, dependencies.state)
  logResults(results, plan.context.role.name)
  setResultOutputs(
    plan.context.role,
    plan.principals,
    results.map((result) => (result.status === 'fulfilled' ? result.value : undefined))
  )
  const failed = failures(results, plan.principals)
  await waitThenSummarize(inputs, session, plan, results, failed.length === 0)
  if (failed.length > 0) {
    throw new ActionError(
      `${failed.length} of ${plan.principals.length} principals failed:\n- ${failed.join('\n- ')}`
    )
  }
}

/** Waits for propagation when asked (and everything was granted), then writes the job summary, wait or no wait. */
async function waitThenSummarize(
  inputs: ActionInputs,
  session: AzureSession,
  plan: Plan,
  results: Results,
  allGranted: boolean
): Promise<void> {
  let waitLine: string | undefined
  try {
    waitLine =
      plan.probe !== undefined && allGranted ? await waitAndReport(inputs, session, plan, results) : undefined
    if (waitLine === undefined) core.setOutput(Outputs.PropagationSeconds, '')
  } catch (error) {
    waitLine = `failed: ${messageOf(error)}`
    throw error
  } finally {
    const rows = summaryRows(results, plan.principals)
    const markdown = renderSummary({
      results: rows,
      role: plan.context.role,
      scope: plan.account.id,
      dryRun: inputs.dryRun,
      wait: waitLine
    })
    await writeSummary(markdown)
  }
}

async function waitAndReport(
  inputs: ActionInputs,
  session: AzureSession,
  plan: Plan,
  results: Results
): Promise<string> {
  const waited = await waitForAccess({
    probe: plan.probe as NonNullable<Plan['probe']>,
    target: { inferenceScope: session.cloud.inferenceScope, probeModel: inputs.probeModel },
    timeoutMs: inputs.waitTimeoutSeconds * 1000,
    justAssigned: results.some(
      (result) => result.status === 'fulfilled' && result.value.outcome === 'created'
    )
  })
  const seconds = waited.seconds.toFixed(1)
  core.setOutput(Outputs.PropagationSeconds, seconds)
  const probes = `${waited.probes} probe${waited.probes === 1 ? '' : 's'}`
  const line = `inference access worked ${seconds} s after the assignments (${probes})${waited.note === undefined ? '' : `; ${waited.note}`}.`
  core.info(`Access works: ${line}`)
  return line
}

async function writeSummary(markdown: string): Promise<void> {
  if ((process.env.GITHUB_STEP_SUMMARY ?? '') === '') return
  await core.summary.addRaw(markdown).write()
}
