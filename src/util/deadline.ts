import { ActionError } from '../errors.js'
import { Env, PRINCIPAL_REPLICATION_WAIT_MS } from '../constants.js'
import { expireStep, startStepDeadline } from './step-deadline.js'
import type { ActionInputs } from '../types.js'

/** Sign-in, reads and writes, with every retry they may make: far more than they ever take. */
const WORK_BUDGET_MS = 10 * 60_000

/** Pure: the longest the step may run, from its inputs. Every request and retry loop is bounded well inside it. */
export function stepDeadlineMs(inputs: ActionInputs, env: NodeJS.ProcessEnv = process.env): number {
  const wait = inputs.waitForPropagation && !inputs.dryRun ? inputs.waitTimeoutSeconds * 1000 : 0
  // For tests of the deadline itself; not an input, because nobody should need to change it.
  const override = Number(env[Env.StepDeadline])
  if (Number.isInteger(override) && override >= 1_000 && override <= 3_600_000) return override
  return WORK_BUDGET_MS + PRINCIPAL_REPLICATION_WAIT_MS + wait
}

/**
 * Fails `work` when it outlives `ms`, and stops it: the step's abort signal ends every request in flight and every
 * sleep, so nothing is written to Azure after the step has failed. `work` is started by `start` once the deadline
 * runs, so everything it does sees the deadline.
 */
export async function withDeadline<T>(start: () => Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  startStepDeadline(ms)
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new ActionError(
        `The step did not finish within ${formatMs(ms)}, the most its inputs allow, and stopped its work there: ` +
          'nothing more is written. Azure answered too slowly or not at all; check the log above for the last call, then rerun the job.'
      )
      expireStep(error)
      reject(error)
    }, ms)
    timer.unref()
  })
  const work = start()
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}

const formatMs = (ms: number): string =>
  ms >= 120_000 ? `${Math.round(ms / 60_000)} minutes` : `${Math.round(ms / 1000)} s`
