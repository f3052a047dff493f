// Wall time of one action run for 1, 10 and 50 principals, with every Resource Manager answer 100 ms late; the
// principals are given by UPN (one Graph look-up each) and by object ID with principal-type (no Graph at all).
import { DEFAULT_IDS } from '../emulator/index.js'
import type { World } from '../emulator/index.js'
import { countByService, journalSpanMs, runOnEmulator, SERVICES, withEmulator } from './support/action.js'
import type { ServiceCounts } from './support/action.js'
import { fixed, judged, max, median, min } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Goal, Table } from './support/types.js'

const SIZES = [1, 10, 50] as const
const ARM_LATENCY_MS = 100
const TARGET_RATIO = 4

const USERS = Array.from({ length: max(SIZES) }, (_, index) => {
  const n = String(index + 1).padStart(3, '0')
  return {
    id: `bbbbbbbb-0000-4000-8000-000000b00${n}`,
    userPrincipalName: `bench-user-${n}@${DEFAULT_IDS.tenantDomain}`,
    displayName: `Bench User ${n}`
  }
})

const addUsers = (world: World): void => {
  world.users.push(...USERS)
}

interface Variant {
  readonly name: string
  readonly inputs: (count: number) => Record<string, string>
}

const VARIANTS: readonly Variant[] = [
  {
    name: 'user:<upn>',
    inputs: (count) => ({
      principal: USERS.slice(0, count)
        .map((u) => `user:${u.userPrincipalName}`)
        .join('\n')
    })
  },
  {
    name: 'object ID + principal-type User',
    inputs: (count) => ({
      principal: USERS.slice(0, count)
        .map((u) => u.id)
        .join('\n'),
      'principal-type': 'User'
    })
  }
]

interface Sample {
  readonly variant: string
  readonly principals: number
  readonly wallMs: number
  /** First request start to last request end, as the emulator saw them. */
  readonly networkMs: number
  readonly requests: ServiceCounts
}

async function measure(variant: Variant, count: number): Promise<Sample> {
  return withEmulator({ armLatencyMs: ARM_LATENCY_MS, world: addUsers }, async (emulator) => {
    const { result } = await runOnEmulator(emulator, variant.inputs(count))
    const created = result.outputs['role-assignment-ids']?.split('\n').filter((line) => line !== '').length
    if (created !== count) throw new Error(`Expected ${count} assignments, the action reported ${created}.`)
    return {
      variant: variant.name,
      principals: count,
      wallMs: result.durationMs,
      networkMs: journalSpanMs(emulator.journal),
      requests: countByService(emulator.journal)
    }
  })
}

interface Summary {
  readonly runs: number
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  readonly medianNetworkMs: number
  readonly requests: ServiceCounts
}

function summarize(samples: readonly Sample[]): Summary {
  const first = samples[0]
  if (first === undefined) throw new Error('No samples to summarize.')
  const walls = samples.map((s) => s.wallMs)
  return {
    runs: samples.length,
    medianMs: median(walls),
    minMs: min(walls),
    maxMs: max(walls),
    medianNetworkMs: median(samples.map((s) => s.networkMs)),
    requests: first.requests
  }
}

function wallTable(summaries: readonly { variant: string; principals: number; summary: Summary }[]): Table {
  return {
    title: `Scaling: wall time of one run (Resource Manager latency ${ARM_LATENCY_MS} ms)`,
    columns: [
      'principals',
      'given as',
      'runs',
      'wall median s',
      'min s',
      'max s',
      'network span s',
      'outside network s',
      ...SERVICES,
      'total requests'
    ],
    rows: summaries.map(({ variant, principals, summary: s }) => [
      String(principals),
      variant,
      String(s.runs),
      fixed(s.medianMs / 1000),
      fixed(s.minMs / 1000),
      fixed(s.maxMs / 1000),
      fixed(s.medianNetworkMs / 1000),
      fixed((s.medianMs - s.medianNetworkMs) / 1000),
      ...SERVICES.map((service) => String(s.requests[service])),
      String(SERVICES.reduce((total, service) => total + s.requests[service], 0))
    ]),
    notes: [
      'wall = spawn of dist/index.js to its exit; network span = first request start to last answer, in the emulator;',
      'outside network = wall − span: process start, module loading, and exit. Requests are those of one run.'
    ]
  }
}

type Summaries = readonly { variant: string; principals: number; summary: Summary }[]

interface Ratio {
  readonly variant: string
  readonly fewestMs: number
  readonly mostMs: number
  readonly ratio: number
  /** The same ratio for the network span alone: without process start and exit. */
  readonly networkRatio: number
  readonly meetsTarget: boolean
}

function ratios(summaries: Summaries): Ratio[] {
  return VARIANTS.map((variant) => {
    const of = (n: number): Summary | undefined =>
      summaries.find((s) => s.variant === variant.name && s.principals === n)?.summary
    const fewest = of(min(SIZES))
    const most = of(max(SIZES))
    const ratio = (most?.medianMs ?? Number.NaN) / (fewest?.medianMs ?? Number.NaN)
    return {
      variant: variant.name,
      fewestMs: fewest?.medianMs ?? Number.NaN,
      mostMs: most?.medianMs ?? Number.NaN,
      ratio,
      networkRatio: (most?.medianNetworkMs ?? Number.NaN) / (fewest?.medianNetworkMs ?? Number.NaN),
      meetsTarget: ratio <= TARGET_RATIO
    }
  })
}

function ratioTable(rows: readonly Ratio[]): Table {
  return {
    title: 'Scaling: target',
    columns: [
      'given as',
      `${min(SIZES)} principal s`,
      `${max(SIZES)} principals s`,
      `wall ratio ≤ ${TARGET_RATIO}×`,
      'network span ratio'
    ],
    rows: rows.map((r) => [
      r.variant,
      fixed(r.fewestMs / 1000),
      fixed(r.mostMs / 1000),
      judged(r.ratio, r.meetsTarget),
      fixed(r.networkRatio)
    ]),
    notes: [
      'ratio = median wall time for 50 principals / median wall time for 1 (the target is on the wall ratio).'
    ]
  }
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const repetitions = options.quick ? 1 : 3
  const samples: Sample[] = []
  for (const variant of VARIANTS) {
    for (const count of SIZES) {
      for (let i = 1; i <= repetitions; i++) {
        const sample = await measure(variant, count)
        samples.push(sample)
        options.progress(
          `scaling: ${count} principals as ${variant.name}, run ${i}/${repetitions}: ${fixed(sample.wallMs / 1000)} s`
        )
      }
    }
  }
  const summaries = VARIANTS.flatMap((variant) =>
    SIZES.map((principals) => ({
      variant: variant.name,
      principals,
      summary: summarize(samples.filter((s) => s.variant === variant.name && s.principals === principals))
    }))
  )
  const ratioRows = ratios(summaries)
  const goals: Goal[] = ratioRows.map((r) => ({
    name: `scaling ${r.variant}`,
    ok: r.meetsTarget,
    detail: `${fixed(r.ratio)}× from ${min(SIZES)} to ${max(SIZES)} principals, goal ≤ ${TARGET_RATIO}×`
  }))
  return {
    tables: [wallTable(summaries), ratioTable(ratioRows)],
    goals,
    data: {
      armLatencyMs: ARM_LATENCY_MS,
      sizes: SIZES,
      repetitions,
      targetRatio: TARGET_RATIO,
      samples,
      summaries,
      ratios: ratioRows
    }
  }
}

export const scaling: Benchmark = {
  name: 'scaling',
  title: 'Scaling with the number of principals',
  run
}
