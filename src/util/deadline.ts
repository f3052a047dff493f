import { ActionError } from '../errors.js'
import { PRINCIPAL_REPLICATION_WAIT_MS } from '../constants.js'
import type { ActionInputs } from '../types.js'

/** Sign-in, reads and writes, with every retry they may make: far more than they ever take. */
const WORK_BUDGET_MS = 10 * 60_000

/** Pure: the longest the step may run, from its inputs. Every request and retry loop is bounded well inside it. */
export function stepDeadlineMs(inputs: ActionInputs): number {
  const wait = inputs.waitForPropagation && !inputs.dryRun ? inputs.waitTimeoutSeconds * 1000 : 0
  return WORK_BUDGET_MS + PRINCIPAL_REPLICATION_WAIT_MS + wait
}

/** Fails `work` when it outlives `ms`: a last guard, so a runner never waits on the step for its own six hours. */
export async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new ActionError(
            `The step did not finish within ${Math.round(ms / 60_000)} minutes, the most its inputs allow. ` +
              'Azure answered too slowly or not at all; check the log above for the last call, then rerun the job.'
          )
        ),
      ms
    )
    timer.unref()
  })
  try {
    return await Promise.race([work, expired])
  } finally {
    clearTimeout(timer)
  }
}
