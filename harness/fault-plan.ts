// Seeded fault plans for the project's own fault suite (issue 20): a small PRNG, the modes the suite drives, and a
// plan of faults drawn from a seed, so that any failing run can be replayed exactly (FAULT_SEED=<seed>).
import type { FaultResponse, FaultSpec } from '../emulator/index.js'

/** mulberry32: a tiny, fast, well-spread PRNG; the same seed gives the same plan on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const MODES = [
  'assign',
  'rerun',
  'temporary',
  'concurrent',
  'revoke',
  'sweep',
  'cancellation',
  'pim'
] as const
export type Mode = (typeof MODES)[number]

/** Where a fault can strike: the calls every mode makes, and the writes where a lost answer matters. */
const TARGETS: Record<string, Omit<FaultSpec, 'response'>> = {
  'Entra token': { service: 'login', method: 'POST' },
  'account read': { service: 'arm', method: 'GET', path: /\/accounts\/[^/]+$/ },
  'role assignment list': { service: 'arm', method: 'GET', path: /\/roleAssignments$/ },
  'role assignment PUT': { service: 'arm', method: 'PUT', path: /\/roleAssignments\/[^/]+$/ },
  'role assignment DELETE': { service: 'arm', method: 'DELETE', path: /\/roleAssignments\/[^/]+$/ },
  'PIM request': { service: 'arm', method: 'PUT', path: /\/roleAssignmentScheduleRequests\/[^/]+$/ },
  'PIM request read': { service: 'arm', method: 'GET', path: /\/roleAssignmentScheduleRequests\/[^/]+$/ },
  'PIM policy read': { service: 'arm', method: 'GET', path: /\/roleManagementPolicyAssignments$/ }
}
const WRITES = ['role assignment PUT', 'role assignment DELETE', 'PIM request']

const throttled = { error: { code: 'TooManyRequests', message: 'Too many requests, retry later.' } }
const KINDS: Record<string, (draw: () => number) => FaultResponse> = {
  '429': (draw) => ({
    status: 429,
    headers: { 'retry-after-ms': String(50 + Math.floor(draw() * 250)) },
    body: throttled
  }),
  '500': () => ({
    status: 500,
    body: { error: { code: 'InternalServerError', message: 'Something went wrong.' } }
  }),
  '503': () => ({
    status: 503,
    headers: { 'retry-after-ms': '100' },
    body: { error: { code: 'ServiceUnavailable', message: 'Try again.' } }
  }),
  reset: () => 'reset',
  slow: (draw) => ({ delayMs: 100 + Math.floor(draw() * 400) })
}

export interface PlannedFault {
  readonly target: string
  readonly kind: string
  readonly spec: FaultSpec
}

/** A held answer: the request waits `ms`, before Azure acts on it (`request`) or after (`response`). */
export interface PlannedHold {
  readonly target: string
  readonly at: 'request' | 'response'
  readonly ms: number
}

export interface FaultPlan {
  readonly seed: number
  readonly mode: Mode
  readonly faults: readonly PlannedFault[]
  readonly holds: readonly PlannedHold[]
  /** Role-assignment reads lag writes by this many ms (0: they do not). */
  readonly lagMs: number
  /** Two principals or one. */
  readonly principals: 1 | 2
  /** A grant of the first principal is there before the run (a grant the run must never touch). */
  readonly existing: boolean
  /** cancellation: the run is cancelled when its n-th PUT arrives. */
  readonly cancelAtPut: number
}

const pick = <T>(draw: () => number, items: readonly T[]): T => items[Math.floor(draw() * items.length)] as T

/**
 * Pure: the plan a seed stands for; the seed also picks the mode (seed modulo the number of modes), so consecutive
 * seeds cover every mode. A fault strikes 1 or 2 times: the retries always outlast it.
 */
export function planOf(seed: number): FaultPlan {
  const draw = prng(seed)
  const chosen = MODES[seed % MODES.length] as Mode
  const faults: PlannedFault[] = []
  for (let i = Math.floor(draw() * 4); i > 0; i--) {
    const target = pick(draw, Object.keys(TARGETS))
    const kinds = WRITES.includes(target) ? [...Object.keys(KINDS), 'lost', 'lost'] : Object.keys(KINDS)
    const kind = pick(draw, kinds)
    const response: FaultResponse =
      kind === 'lost' ? 'lost' : (KINDS[kind] as (d: () => number) => FaultResponse)(draw)
    faults.push({
      target,
      kind,
      spec: { ...TARGETS[target], times: 1 + Math.floor(draw() * 2), response } as FaultSpec
    })
  }
  const holds: PlannedHold[] =
    draw() < 0.25
      ? [
          {
            target: pick(draw, WRITES),
            at: draw() < 0.5 ? 'request' : 'response',
            ms: 100 + Math.floor(draw() * 500)
          }
        ]
      : []
  return {
    seed,
    mode: chosen,
    faults,
    holds,
    lagMs: draw() < 0.5 ? 1000 + Math.floor(draw() * 9000) : 0,
    principals: draw() < 0.5 ? 1 : 2,
    existing: draw() < 0.3,
    cancelAtPut: 1 + Math.floor(draw() * 2)
  }
}

export const targetOf = (name: string): Omit<FaultSpec, 'response'> =>
  TARGETS[name] as Omit<FaultSpec, 'response'>

/** One line that says what a plan does, for the failure message and the soak's log. */
export function describePlan(plan: FaultPlan): string {
  const faults = plan.faults.map((f) => `${f.kind}×${f.spec.times ?? 1} on ${f.target}`)
  const holds = plan.holds.map((h) => `held ${h.ms} ms at ${h.at} on ${h.target}`)
  return [
    `mode ${plan.mode}`,
    `${plan.principals} principal(s)${plan.existing ? ', one granted before' : ''}`,
    plan.lagMs > 0 ? `reads lag ${plan.lagMs} ms` : 'reads do not lag',
    ...faults,
    ...holds,
    ...(plan.mode === 'cancellation' ? [`cancelled at PUT ${plan.cancelAtPut}`] : [])
  ].join('; ')
}
