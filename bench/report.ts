// mode: report over a fleet: 20 accounts (4 resource groups) with 200 role assignments in all, against a report over
// one account with its share (10). Every Resource Manager answer is 100 ms late, as over a real network. Goal: the
// report over twenty takes at most twice the time of the report over one, because scopes are read a few at a time
// (SCOPE_READ_CONCURRENCY) and the principals' memberships once, not scope by scope.
import { addFleet, DEFAULT_IDS, ROLE_IDS, stableGuid } from '../emulator/index.js'
import type { Account, World } from '../emulator/index.js'
import { countByService, journalSpanMs, runOnEmulator, SERVICES, withEmulator } from './support/action.js'
import type { ServiceCounts } from './support/action.js'
import { fixed, judged, sum } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Goal, Table } from './support/types.js'

const ACCOUNTS = 20
const ASSIGNMENTS = 200
const ARM_LATENCY_MS = 100
const TARGET_RATIO = 2
const ROLES = [ROLE_IDS.cognitiveServicesUser, ROLE_IDS.openAiUser, ROLE_IDS.reader, ROLE_IDS.contributor]

const USERS = Array.from({ length: ASSIGNMENTS / ACCOUNTS }, (_, index) => ({
  id: `bbbbbbbb-0000-4000-8000-000000e00${String(index + 1).padStart(3, '0')}`,
  userPrincipalName: `reviewed-${index + 1}@${DEFAULT_IDS.tenantDomain}`,
  displayName: `Reviewed User ${index + 1}`
}))

const idOf = (a: Account): string =>
  `/subscriptions/${a.subscriptionId}/resourceGroups/${a.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${a.name}`

/** `count` accounts, each with its share of the assignments (the first at its resource group, as teams do). */
function shape(count: number): { world: (world: World) => void; ids: () => string[] } {
  let fleet: Account[] = []
  return {
    world: (world) => {
      world.users.push(...USERS)
      fleet = addFleet(world, count, { resourceGroups: Math.min(4, count) })
      const longAgo = Date.now() - 86_400_000
      for (const account of fleet) {
        USERS.forEach((user, index) => {
          const scope = idOf(account)
          world.roleAssignments.push({
            name: stableGuid(`${scope}|${user.id}`),
            scope: index === 0 ? scope.replace(/\/providers\/Microsoft\.CognitiveServices\/.*$/, '') : scope,
            roleDefinitionGuid: ROLES[index % ROLES.length] ?? ROLE_IDS.reader,
            principalId: user.id,
            principalType: 'User',
            description: index % 3 === 0 ? 'ci. temporary until 2020-01-01T00:00:00Z' : null,
            condition: null,
            createdOn: longAgo,
            updatedOn: longAgo,
            createdBy: null,
            updatedBy: null
          })
        })
      }
    },
    ids: () => fleet.map(idOf)
  }
}

interface Sample {
  readonly scopes: number
  readonly wallMs: number
  readonly networkMs: number
  readonly requests: ServiceCounts
  readonly assignments: number
}

async function reportOver(count: number): Promise<Sample> {
  const fleet = shape(count)
  return withEmulator({ armLatencyMs: ARM_LATENCY_MS, world: fleet.world }, async (emulator) => {
    const ids = fleet.ids()
    const { result } = await runOnEmulator(emulator, {
      mode: 'report',
      principal: `self\n${USERS[1]?.id ?? ''}\n${USERS[2]?.id ?? ''}`,
      'principal-type': 'User',
      'resource-group': '',
      'resource-name': '',
      'resource-ids': ids.join('\n')
    })
    const report = JSON.parse(result.outputs.result ?? '{}') as { scopes?: unknown[] }
    if (report.scopes?.length !== count)
      throw new Error(`report over ${count}: ${report.scopes?.length} scopes in result.`)
    const assignments = emulator.world.roleAssignments.filter((a) =>
      USERS.some((u) => u.id === a.principalId)
    ).length
    return {
      scopes: count,
      wallMs: result.durationMs,
      networkMs: journalSpanMs(emulator.journal),
      requests: countByService(emulator.journal),
      assignments
    }
  })
}

function tables(one: Sample, twenty: Sample, ratio: number): Table[] {
  return [
    {
      title: `Access report: 1 account against ${ACCOUNTS} (Resource Manager latency ${ARM_LATENCY_MS} ms)`,
      columns: [
        'scopes',
        'reviewed assignments',
        'wall median s',
        'network span s',
        ...SERVICES,
        'total requests'
      ],
      rows: [one, twenty].map((s) => [
        String(s.scopes),
        String(s.assignments),
        fixed(s.wallMs / 1000),
        fixed(s.networkMs / 1000),
        ...SERVICES.map((service) => String(s.requests[service])),
        String(sum(SERVICES.map((service) => s.requests[service])))
      ]),
      notes: [
        'three principals (self and two users); a quarter of the assignments have no data actions (Reader, Contributor).'
      ]
    },
    {
      title: 'Access report: target',
      columns: ['one account s', `${ACCOUNTS} accounts s`, `ratio ≤ ${TARGET_RATIO}`],
      rows: [[fixed(one.wallMs / 1000), fixed(twenty.wallMs / 1000), judged(ratio, ratio <= TARGET_RATIO)]]
    }
  ]
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const repetitions = options.quick ? 1 : 3
  const ones: Sample[] = []
  const twenties: Sample[] = []
  for (let i = 1; i <= repetitions; i++) {
    for (const [count, into] of [
      [1, ones],
      [ACCOUNTS, twenties]
    ] as const) {
      const sample = await reportOver(count)
      into.push(sample)
      options.progress(`report over ${count}, run ${i}/${repetitions}: ${fixed(sample.wallMs / 1000)} s`)
    }
  }
  /** The run with the median wall time (the middle one of an odd number of runs). */
  const middle = (samples: Sample[]): Sample => {
    const sorted = [...samples].sort((a, b) => a.wallMs - b.wallMs)
    const found = sorted[Math.floor(sorted.length / 2)]
    if (found === undefined) throw new Error('No samples.')
    return found
  }
  const one = middle(ones)
  const twenty = middle(twenties)
  const ratio = twenty.wallMs / one.wallMs
  const goals: Goal[] = [
    {
      name: 'report ratio',
      ok: ratio <= TARGET_RATIO,
      detail: `a report over ${ACCOUNTS} accounts takes ${fixed(ratio)}× the time of one over one account (median runs), goal ≤ ${TARGET_RATIO}×`
    }
  ]
  return {
    tables: tables(one, twenty, ratio),
    goals,
    data: { ones, twenties, ratio, target: TARGET_RATIO }
  }
}

export const reportBenchmark: Benchmark = {
  name: 'report',
  title: `mode: report over ${ACCOUNTS} accounts with ${ASSIGNMENTS} role assignments, against one account`,
  run
}
