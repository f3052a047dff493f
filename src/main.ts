import * as core from '@actions/core'
import { ActionError, messageOf } from './errors.js'
import { readInputs } from './inputs/inputs.js'
import { stepDeadlineMs, withDeadline } from './util/deadline.js'
import { runnerDependencies } from './dependencies.js'
import type { Dependencies } from './session/dependencies.js'
import { makePlan } from './grant/plan.js'
import { applyPlan } from './grant/apply.js'
import { runWait } from './wait/wait.js'
import { sweepExpired } from './sweep/sweep.js'
import { reportAccess } from './access/report.js'
import { setResultOutput, setResultOutputs, setWaitOutputs } from './report/outputs.js'
import { failures, logResults, writeSummary } from './report/log.js'
import { renderSummary } from './report/summary.js'
import type { ActionInputs } from './types.js'
import { withRefusalsExplained } from './privilege/refusals.js'

/** The one place that turns any failure into a failed step. */
export async function run(dependencies: Dependencies = runnerDependencies): Promise<void> {
  try {
    const inputs = readInputs()
    await withDeadline(() => grantAccess(inputs, dependencies), stepDeadlineMs(inputs))
  } catch (error) {
    core.setFailed(messageOf(error))
  }
}

/** Sign in, plan (reads only), apply, wait, report: each stage in its own folder. */
async function grantAccess(inputs: ActionInputs, dependencies: Dependencies): Promise<void> {
  const session = await dependencies.openSession(inputs)
  if (inputs.mode === 'sweep') return sweepExpired(inputs, session)
  if (inputs.mode === 'report') {
    await reportAccess(inputs, session)
    return
  }
  const plan = await makePlan(inputs, session)
  const self = async (): Promise<string> => (await session.self()).objectId
  const arm = withRefusalsExplained(session.arm, plan.rights)
  const results = await applyPlan(inputs, plan, arm, dependencies.state, self)
  logResults(results)
  setResultOutputs(plan.scopes, plan.principals, results)
  const wait = await runWait(plan.wait, results)
  setWaitOutputs(wait)
  setResultOutput(results, wait)
  await writeSummary(renderSummary({ results, dryRun: inputs.dryRun, wait: wait?.line }))
  const failed = failures(results)
  if (failed.length > 0) {
    const what = plan.scopes.length > 1 ? 'grants' : 'principals'
    throw new ActionError(`${failed.length} of ${results.length} ${what} failed:\n- ${failed.join('\n- ')}`)
  }
  if (wait?.error !== undefined) throw wait.error
}
