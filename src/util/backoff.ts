import { abortableSleep } from './step-deadline.js'

/** Time, replaceable in tests so no test waits on the real clock. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const realClock: Clock = {
  now: () => Date.now(),
  // Ends early at the step's deadline, so no retry is sent after the step has failed.
  sleep: (ms) => abortableSleep(ms)
}

export interface BackoffOptions {
  readonly initialMs: number
  readonly maxMs: number
  /** Fraction of each delay that is random, so many runners do not retry in step. */
  readonly jitter: number
}

/** Delay before retry number `attempt` (1-based): doubling from initialMs, capped at maxMs, jittered downwards. */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random
): number {
  const exponential = Math.min(options.maxMs, options.initialMs * 2 ** Math.max(0, attempt - 1))
  return Math.round(exponential * (1 - options.jitter * random()))
}

export interface RetryOptions<T> extends BackoffOptions {
  readonly deadlineMs: number
  readonly clock?: Clock
  readonly random?: () => number
  /** Return true to try again after a failure. */
  readonly retryable: (error: unknown) => boolean
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void
  readonly work: () => Promise<T>
}

/** Runs `work` until it succeeds, fails with an error that is not retryable, or the deadline would pass. */
export async function retry<T>(options: RetryOptions<T>): Promise<T> {
  const clock = options.clock ?? realClock
  const start = clock.now()
  for (let attempt = 1; ; attempt++) {
    try {
      return await options.work()
    } catch (error) {
      const delay = backoffDelay(attempt, options, options.random)
      const elapsed = clock.now() - start
      if (!options.retryable(error) || elapsed + delay > options.deadlineMs) throw error
      options.onRetry?.(error, attempt, delay)
      await clock.sleep(delay)
    }
  }
}
