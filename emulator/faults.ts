// Injected faults: throttling, server errors, dropped connections and slow answers, consumed in the order
// they were added, so a test can script "429 twice, then the real answer".
import type { EmuRequest, ServiceName } from './http.js'

export type FaultResponse =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | 'reset'
  /** A lost answer: the emulator acts on the request (a PUT writes, a DELETE removes), then drops the connection. */
  | 'lost'
  /** Answer late: after delayMs, either the given status or (without one) the real answer. */
  | { delayMs: number; status?: number; headers?: Record<string, string>; body?: unknown }

export interface FaultSpec {
  service: ServiceName
  method?: string
  /** Tested against the percent-decoded path (no query string). */
  path?: RegExp
  /** Any further test on the request (its body, query or headers). */
  where?: (req: EmuRequest) => boolean
  /** How many requests it answers; default 1. Infinity keeps it until clearFaults(). */
  times?: number
  response: FaultResponse
}

interface ActiveFault {
  spec: FaultSpec
  remaining: number
}

export class FaultQueue {
  #faults: ActiveFault[] = []

  add(spec: FaultSpec): void {
    this.#faults.push({ spec, remaining: spec.times ?? 1 })
  }

  clear(): void {
    this.#faults = []
  }

  get pending(): number {
    return this.#faults.length
  }

  /** The first matching fault, consumed by one use; undefined when none applies. */
  take(req: EmuRequest): FaultResponse | undefined {
    const found = this.#faults.find(({ spec }) => {
      if (spec.service !== req.service) return false
      if (spec.method && spec.method.toUpperCase() !== req.method) return false
      if (spec.path) {
        spec.path.lastIndex = 0
        if (!spec.path.test(req.path)) return false
      }
      return spec.where === undefined || spec.where(req)
    })
    if (!found) return undefined
    found.remaining -= 1
    if (found.remaining <= 0) this.#faults = this.#faults.filter((f) => f !== found)
    return found.spec.response
  }
}
