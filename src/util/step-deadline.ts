/**
 * The step's deadline as something work can see: an abort signal that every request and every sleep listens to,
 * and the time left, which caps how long a Retry-After may be waited out. One per process: a step is one process.
 */
let controller = new AbortController()
let endsAt = Infinity

/** Starts (or restarts, in tests) the deadline `ms` from now. */
export function startStepDeadline(ms: number, now: number = Date.now()): void {
  controller = new AbortController()
  endsAt = now + ms
}

/** Ends the step's work: requests in flight are aborted and no new one is sent. */
export function expireStep(reason: Error): void {
  controller.abort(reason)
}

export function stepSignal(): AbortSignal {
  return controller.signal
}

/** Milliseconds until the deadline (Infinity when none was started: the post step, unit tests). */
export function remainingMs(now: number = Date.now()): number {
  return Math.max(0, endsAt - now)
}

/** Throws the deadline's reason once it has passed: called before anything is sent or slept. */
export function throwIfExpired(): void {
  if (controller.signal.aborted) throw controller.signal.reason
}

/** A sleep that ends early, rejecting, when the step's deadline passes. */
export function abortableSleep(ms: number, signal: AbortSignal = stepSignal()): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason as Error)
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal.reason as Error)
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
