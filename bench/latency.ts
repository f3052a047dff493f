// What a user waits for: every answer of every service (GitHub, Entra ID, Resource Manager, Graph) comes 200 ms
// late, as from a hosted runner, and the critical path is counted in round trips: the longest chain of requests
// each of which started only after the one before it had ended (from the emulator's journal). Goals from SPEC.md
// "Latency: what a user waits for": a first grant to self in a Custom cloud at most 5 deep, to self, a group by name
// and a service principal by app ID at most 6.
import { DEFAULT_IDS } from '../emulator/index.js'
import type { Emulator, EmulatorOptions, JournalEntry } from '../emulator/index.js'
import { FLEET } from './fleet.js'
import { journalSpanMs, runOnEmulator, withEmulator } from './support/action.js'
import type { ActionRun } from './support/action.js'
import { criticalPath } from './support/round-trips.js'
import { fixed, median } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Goal, Table } from './support/types.js'

const DELAY_MS = 200
/** The journal's clock is in whole milliseconds; a request sent the millisecond the one before ended follows it. */
const SLACK_MS = 5

interface Scenario {
  readonly name: string
  readonly label: string
  /** At most this many round trips deep (SPEC.md), or only reported. */
  readonly goal?: number
  readonly quick: boolean
  readonly world?: EmulatorOptions['world']
  /** Runs the step to measure; the journal is cleared just before it. */
  readonly step: (emulator: Emulator, measured: () => void) => Promise<ActionRun>
}

const SELF_GRANT = { principal: 'self' }
const NAMED = {
  principal: [
    'self',
    `group:${DEFAULT_IDS.groups.aiUsers.displayName}`,
    `sp:${DEFAULT_IDS.servicePrincipals.webApp.appId}`
  ].join('\n')
}

const measuredRun =
  (inputs: () => Record<string, string>) =>
  async (emulator: Emulator, measured: () => void): Promise<ActionRun> => {
    measured()
    return runOnEmulator(emulator, inputs())
  }

const SCENARIOS: readonly Scenario[] = [
  {
    name: 'self',
    label: '(a) first grant to self, Custom cloud',
    goal: 5,
    quick: true,
    step: measuredRun(() => SELF_GRANT)
  },
  {
    name: 'named',
    label: '(b) self + group by name + service principal by app ID',
    goal: 6,
    quick: true,
    step: measuredRun(() => NAMED)
  },
  {
    name: 'fleet',
    label: `(c) fleet: ${FLEET.accounts} accounts × ${FLEET.principals} principals (object IDs)`,
    quick: false,
    world: FLEET.shape,
    step: measuredRun(FLEET.inputs)
  },
  {
    name: 'post',
    label: '(d) revoke-after-job: the post step',
    quick: true,
    step: async (emulator, measured) => {
      const inputs = { ...SELF_GRANT, 'revoke-after-job': 'true' }
      const main = await runOnEmulator(emulator, inputs)
      measured()
      return runOnEmulator(emulator, inputs, { entry: 'post', state: main.result.state })
    }
  }
]

interface Sample {
  readonly scenario: string
  readonly depth: number
  readonly requests: number
  readonly wallMs: number
  readonly networkMs: number
  /** The requests on the critical path, in order: `service METHOD path`. */
  readonly path: readonly string[]
}

const shortPath = (entry: JournalEntry): string =>
  `${entry.service} ${entry.method} ${entry.path
    .replace(/\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\//i, '/…/')
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/gi, '{id}')}`

async function measure(scenario: Scenario): Promise<Sample> {
  return withEmulator({ answerDelayMs: DELAY_MS, world: scenario.world }, async (emulator) => {
    const { result } = await scenario.step(emulator, () => emulator.clearJournal())
    const journal = [...emulator.journal]
    const path = criticalPath(journal, SLACK_MS)
    return {
      scenario: scenario.name,
      depth: path.length,
      requests: journal.length,
      wallMs: result.durationMs,
      networkMs: journalSpanMs(journal),
      path: path.map(shortPath)
    }
  })
}

/** Before this change (commit 46bbdc4), measured the same way with `npm run bench -- latency`. */
const BEFORE: Readonly<Record<string, number>> = { self: 7, named: 9, fleet: 34, post: 6 }

async function run(options: BenchOptions): Promise<BenchResult> {
  const scenarios = SCENARIOS.filter((s) => !options.quick || s.quick)
  const repetitions = options.quick ? 1 : 3
  const samples: Sample[] = []
  for (const scenario of scenarios) {
    for (let i = 1; i <= repetitions; i++) {
      const sample = await measure(scenario)
      samples.push(sample)
      options.progress(
        `latency: ${scenario.name}, run ${i}/${repetitions}: ${sample.depth} round trips, ${sample.wallMs} ms`
      )
    }
  }
  const rows = scenarios.map((scenario) => {
    const mine = samples.filter((s) => s.scenario === scenario.name)
    const depth = median(mine.map((s) => s.depth))
    const networkMs = median(mine.map((s) => s.networkMs))
    return { scenario, depth, networkMs, wallMs: median(mine.map((s) => s.wallMs)), first: mine[0] }
  })
  const goals: Goal[] = rows.flatMap(({ scenario, depth }) =>
    scenario.goal === undefined
      ? []
      : [
          {
            name: `latency ${scenario.name}`,
            ok: depth <= scenario.goal,
            detail: `${depth} round trips, goal ≤ ${scenario.goal}`
          }
        ]
  )
  const table: Table = {
    title: `Critical path in round trips, every answer ${DELAY_MS} ms late`,
    columns: [
      'scenario',
      'before',
      'round trips',
      'goal',
      'verdict',
      'requests',
      'network span / delay',
      'wall median ms'
    ],
    rows: rows.map(({ scenario, depth, networkMs, wallMs, first }) => [
      scenario.label,
      BEFORE[scenario.name] ? String(BEFORE[scenario.name]) : '–',
      String(depth),
      scenario.goal === undefined ? '' : `≤ ${scenario.goal}`,
      scenario.goal === undefined ? '' : depth <= scenario.goal ? 'PASS' : 'FAIL',
      String(first?.requests ?? 0),
      fixed(networkMs / DELAY_MS, 1),
      fixed(wallMs, 0)
    ]),
    notes: [
      'round trips = the longest chain of requests each started after the one before it ended (emulator journal, median of runs);',
      'network span / delay = first request start to last answer, in delays: close to the round trips when the action waits on nothing else;',
      `before = commit 46bbdc4. The emulator adds ${DELAY_MS} ms to every answer of every service (answerDelayMs).`
    ]
  }
  const paths: Table = {
    title: 'The critical path of the first run of each scenario',
    columns: ['scenario', 'requests waited for one after the other'],
    rows: rows.map(({ scenario, first }) => {
      const path = first?.path ?? []
      const shown = path.length > 8 ? [...path.slice(0, 7), `… ${path.length - 7} more`] : path
      return [scenario.name, shown.join(' → ')]
    })
  }
  return { tables: [table, paths], goals, data: { delayMs: DELAY_MS, samples } }
}

export const latency: Benchmark = {
  name: 'latency',
  title: 'What a user waits for: round trips on the critical path',
  run
}
