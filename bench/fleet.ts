// A platform team's fleet: 20 accounts (in 4 resource groups) × 5 principals, granted in one step with
// resource-ids, against the same grants made by 20 separate steps (one account each, as a matrix or a list of
// steps would). Every Resource Manager answer is 100 ms late, as over a real network. Goal: the one step takes at
// most a fifth of the twenty steps' total time.
import { addFleet, DEFAULT_IDS } from '../emulator/index.js'
import type { Account, World } from '../emulator/index.js'
import { countByService, journalSpanMs, runOnEmulator, SERVICES, withEmulator } from './support/action.js'
import type { ServiceCounts } from './support/action.js'
import { fixed, judged, median, sum } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Goal, Table } from './support/types.js'

const ACCOUNTS = 20
const RESOURCE_GROUPS = 4
const PRINCIPALS = 5
const ARM_LATENCY_MS = 100
const TARGET_FRACTION = 1 / 5

const USERS = Array.from({ length: PRINCIPALS }, (_, index) => ({
  id: `bbbbbbbb-0000-4000-8000-000000f00${String(index + 1).padStart(3, '0')}`,
  userPrincipalName: `fleet-user-${index + 1}@${DEFAULT_IDS.tenantDomain}`,
  displayName: `Fleet User ${index + 1}`
}))

/** Object IDs with principal-type: no Graph look-up, so the comparison is about the scopes. */
const PRINCIPAL_INPUTS = { principal: USERS.map((user) => user.id).join('\n'), 'principal-type': 'User' }

let fleet: Account[] = []
const shape = (world: World): void => {
  world.users.push(...USERS)
  fleet = addFleet(world, ACCOUNTS, { resourceGroups: RESOURCE_GROUPS })
}

const idOf = (a: Account): string =>
  `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${a.name}`

/** The fleet's world and the inputs of its one step, for other benchmarks (latency). */
export const FLEET = {
  accounts: ACCOUNTS,
  principals: PRINCIPALS,
  shape,
  inputs: (): Record<string, string> => ({
    ...PRINCIPAL_INPUTS,
    'resource-group': '',
    'resource-name': '',
    'resource-ids': fleet.map(idOf).join('\n')
  })
} as const

interface Sample {
  readonly way: 'one step' | 'twenty steps'
  readonly wallMs: number
  readonly networkMs: number
  readonly requests: ServiceCounts
  readonly created: number
}

function createdIn(outputs: Record<string, string>): number {
  return (outputs['role-assignment-ids'] ?? '').split('\n').filter((line) => line !== '').length
}

async function oneStep(): Promise<Sample> {
  return withEmulator({ armLatencyMs: ARM_LATENCY_MS, world: shape }, async (emulator) => {
    const { result } = await runOnEmulator(emulator, FLEET.inputs())
    return {
      way: 'one step',
      wallMs: result.durationMs,
      networkMs: journalSpanMs(emulator.journal),
      requests: countByService(emulator.journal),
      created: createdIn(result.outputs)
    }
  })
}

async function twentySteps(): Promise<Sample> {
  return withEmulator({ armLatencyMs: ARM_LATENCY_MS, world: shape }, async (emulator) => {
    let wallMs = 0
    let networkMs = 0
    let created = 0
    for (const account of fleet) {
      const before = emulator.journal.length
      const { result } = await runOnEmulator(emulator, {
        ...PRINCIPAL_INPUTS,
        'resource-group': account.resourceGroup,
        'resource-name': account.name
      })
      wallMs += result.durationMs
      networkMs += journalSpanMs(emulator.journal.slice(before))
      created += createdIn(result.outputs)
    }
    return {
      way: 'twenty steps',
      wallMs,
      networkMs,
      requests: countByService(emulator.journal),
      created
    }
  })
}

function check(sample: Sample): Sample {
  if (sample.created !== ACCOUNTS * PRINCIPALS)
    throw new Error(`${sample.way}: expected ${ACCOUNTS * PRINCIPALS} assignments, got ${sample.created}.`)
  return sample
}

interface Summary {
  readonly way: Sample['way']
  readonly runs: number
  readonly medianMs: number
  readonly medianNetworkMs: number
  readonly requests: ServiceCounts
}

function summarize(samples: readonly Sample[], way: Sample['way']): Summary {
  const mine = samples.filter((s) => s.way === way)
  const first = mine[0]
  if (first === undefined) throw new Error(`No samples for ${way}.`)
  return {
    way,
    runs: mine.length,
    medianMs: median(mine.map((s) => s.wallMs)),
    medianNetworkMs: median(mine.map((s) => s.networkMs)),
    requests: first.requests
  }
}

function tables(one: Summary, twenty: Summary, fraction: number, pairs: readonly number[]): Table[] {
  return [
    {
      title: `Fleet: ${ACCOUNTS} accounts × ${PRINCIPALS} principals (Resource Manager latency ${ARM_LATENCY_MS} ms)`,
      columns: ['way', 'runs', 'wall median s', 'network span s', ...SERVICES, 'total requests'],
      rows: [one, twenty].map((s) => [
        s.way,
        String(s.runs),
        fixed(s.medianMs / 1000),
        fixed(s.medianNetworkMs / 1000),
        ...SERVICES.map((service) => String(s.requests[service])),
        String(sum(SERVICES.map((service) => s.requests[service])))
      ]),
      notes: [
        'one step: resource-ids lists the 20 accounts (4 resource groups); twenty steps: resource-group and resource-name,',
        'one account each, run one after the other as a job runs its steps; wall = their summed process times.'
      ]
    },
    {
      title: 'Fleet: target',
      columns: [
        'one step s',
        'twenty steps s',
        'every pair',
        `one step / twenty (median of pairs) ≤ ${fixed(TARGET_FRACTION)}`
      ],
      rows: [
        [
          fixed(one.medianMs / 1000),
          fixed(twenty.medianMs / 1000),
          pairs.map((pair) => fixed(pair)).join(', '),
          judged(fraction, fraction <= TARGET_FRACTION)
        ]
      ],
      notes: ['a pair = one step and twenty steps run back to back (alternating which goes first).']
    }
  ]
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const repetitions = options.quick ? 1 : 3
  const samples: Sample[] = []
  const pairs: number[] = []
  for (let i = 1; i <= repetitions; i++) {
    const order = i % 2 === 1 ? [oneStep, twentySteps] : [twentySteps, oneStep]
    const pair: Sample[] = []
    for (const measure of order) {
      const sample = check(await measure())
      pair.push(sample)
      options.progress(`fleet: ${sample.way}, run ${i}/${repetitions}: ${fixed(sample.wallMs / 1000)} s`)
    }
    const one = pair.find((s) => s.way === 'one step')
    const twenty = pair.find((s) => s.way === 'twenty steps')
    if (one && twenty) pairs.push(one.wallMs / twenty.wallMs)
    samples.push(...pair)
  }
  const one = summarize(samples, 'one step')
  const twenty = summarize(samples, 'twenty steps')
  const fraction = median(pairs)
  const goals: Goal[] = [
    {
      name: 'fleet ratio',
      ok: fraction <= TARGET_FRACTION,
      detail: `one step takes ${fixed(fraction)} of twenty steps' time (median of ${pairs.length} pairs), goal ≤ ${fixed(TARGET_FRACTION)}`
    }
  ]
  return {
    tables: tables(one, twenty, fraction, pairs),
    goals,
    data: { samples, one, twenty, pairs, fraction, target: TARGET_FRACTION }
  }
}

export const fleetBenchmark: Benchmark = {
  name: 'fleet',
  title: `One step for a fleet of ${ACCOUNTS} accounts × ${PRINCIPALS} principals, against ${ACCOUNTS} steps`,
  run
}
