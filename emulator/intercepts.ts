// Holds and hooks: a test's hand on the timing of one request. A hold keeps a matching request waiting, either
// before the emulator acts on it or after it acted but before the answer leaves, until the test releases it (or a
// time passes); a hook runs the moment a matching request arrives. Together they let a test stop an action at
// a chosen request (cancel it, kill it), drop an answer whose write already happened, or line two concurrent
// actions up at the same point.
import type { EmuRequest, ServiceName } from './http.js'

/** Which requests a hold or hook applies to; every given field must match. */
export interface RequestMatch {
  service: ServiceName
  method?: string
  /** Tested against the percent-decoded path (no query string). */
  path?: RegExp
  /** Any further test on the parsed request (query, body, headers). */
  where?: (req: EmuRequest) => boolean
}

export interface HoldSpec extends RequestMatch {
  /**
   * `request` (default): before the emulator acts, so nothing has changed yet. `response`: after it acted (a
   * PUT has written the assignment), before the answer is sent: the client sees a write it never hears about.
   */
  at?: 'request' | 'response'
  /** How many requests it holds (default 1; Infinity: every match until released). */
  times?: number
  /** Let the held requests go by themselves after this many ms (default: only release() or close()). */
  releaseAfterMs?: number
}

/** What happens to a held request when it is let go. */
export type HoldOutcome = 'continue' | 'reset'

export interface ReleaseOptions {
  /** Drop the connection instead of going on: at `request` nothing happens, at `response` no answer arrives. */
  reset?: boolean
}

function matches(match: RequestMatch, req: EmuRequest): boolean {
  if (match.service !== req.service) return false
  if (match.method && match.method.toUpperCase() !== req.method) return false
  if (match.path) {
    match.path.lastIndex = 0
    if (!match.path.test(req.path)) return false
  }
  return match.where === undefined || match.where(req)
}

/** One hold: the requests it caught, and the release that lets them (and later matches) go. */
export class Hold {
  readonly spec: HoldSpec
  /** The requests held so far, in arrival order (released ones included). */
  readonly held: EmuRequest[] = []
  /** Resolves with the first held request. */
  readonly arrived: Promise<EmuRequest>
  #outcome: HoldOutcome | undefined
  #resolveArrived!: (req: EmuRequest) => void
  readonly #waiting = new Set<(outcome: HoldOutcome) => void>()
  readonly #arrivals: { count: number; resolve: (reqs: EmuRequest[]) => void }[] = []
  #timer: NodeJS.Timeout | undefined

  constructor(spec: HoldSpec) {
    this.spec = spec
    this.arrived = new Promise((resolve) => (this.#resolveArrived = resolve))
    if (spec.releaseAfterMs !== undefined) this.#timer = setTimeout(() => this.release(), spec.releaseAfterMs)
  }

  /** True while it may still catch requests: not released and not used up. */
  get active(): boolean {
    return this.#outcome === undefined && this.held.length < (this.spec.times ?? 1)
  }

  /** True once release() (or close) was called. */
  get released(): boolean {
    return this.#outcome !== undefined
  }

  /** Resolves when `count` requests have been held (e.g. two concurrent actions at the same PUT). */
  waitFor(count: number): Promise<EmuRequest[]> {
    if (this.held.length >= count) return Promise.resolve(this.held.slice(0, count))
    return new Promise((resolve) => this.#arrivals.push({ count, resolve }))
  }

  /** Lets every held request go, and stops holding new ones. */
  release(options: ReleaseOptions = {}): void {
    if (this.#outcome !== undefined) return
    this.#outcome = options.reset === true ? 'reset' : 'continue'
    if (this.#timer) clearTimeout(this.#timer)
    for (const go of this.#waiting) go(this.#outcome)
    this.#waiting.clear()
  }

  /** Catches one request: resolves with what to do once released. */
  catch(req: EmuRequest): Promise<HoldOutcome> {
    this.held.push(req)
    if (this.held.length === 1) this.#resolveArrived(req)
    for (const waiter of [...this.#arrivals]) {
      if (this.held.length < waiter.count) continue
      this.#arrivals.splice(this.#arrivals.indexOf(waiter), 1)
      waiter.resolve(this.held.slice(0, waiter.count))
    }
    if (this.#outcome !== undefined) return Promise.resolve(this.#outcome)
    return new Promise((resolve) => this.#waiting.add(resolve))
  }
}

interface Hook {
  match: RequestMatch
  remaining: number
  run: (req: EmuRequest) => void
}

export class Intercepts {
  #holds: Hold[] = []
  #hooks: Hook[] = []

  hold(spec: HoldSpec): Hold {
    const hold = new Hold(spec)
    this.#holds = [...this.#holds.filter((h) => !h.released), hold]
    return hold
  }

  /** Runs `run` when a matching request arrives (before any hold or fault), `times` times (default Infinity). */
  onRequest(match: RequestMatch, run: (req: EmuRequest) => void, times = Infinity): () => void {
    const hook: Hook = { match, remaining: times, run }
    this.#hooks.push(hook)
    return () => {
      this.#hooks = this.#hooks.filter((h) => h !== hook)
    }
  }

  /** On arrival: runs the hooks, then waits out a hold at `request` (undefined: none held it). */
  async arrive(req: EmuRequest): Promise<HoldOutcome | undefined> {
    for (const hook of [...this.#hooks]) {
      if (!matches(hook.match, req)) continue
      hook.remaining -= 1
      if (hook.remaining <= 0) this.#hooks = this.#hooks.filter((h) => h !== hook)
      hook.run(req)
    }
    return this.#wait(req, 'request')
  }

  /** After the emulator acted, before the answer is sent: waits out a hold at `response` (undefined: none). */
  async depart(req: EmuRequest): Promise<HoldOutcome | undefined> {
    return this.#wait(req, 'response')
  }

  /** Lets every hold go (as a reset: the emulator is shutting down) and forgets holds and hooks. */
  clear(): void {
    for (const hold of this.#holds) hold.release({ reset: true })
    this.#holds = []
    this.#hooks = []
  }

  #wait(req: EmuRequest, at: 'request' | 'response'): Promise<HoldOutcome> | undefined {
    const hold = this.#holds.find((h) => h.active && (h.spec.at ?? 'request') === at && matches(h.spec, req))
    return hold?.catch(req)
  }
}
