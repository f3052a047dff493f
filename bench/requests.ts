// The HTTP requests of one run for `principal: self` with the built-in role, sorted into the ones the job needs
// and the ones a custom cloud costs in setup; then the bundle's cold start and peak memory.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { JournalEntry } from '../emulator/index.js'
import { runAction } from '../harness/run-action.js'
import type { RunActionResult } from '../harness/run-action.js'
import { countByService, errorLine, runOnEmulator, SERVICES, withEmulator } from './support/action.js'
import type { ServiceCounts } from './support/action.js'
import { maxRssEnv, parseMaxRss } from './support/max-rss.js'
import { fixed, max, median, min } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Table } from './support/types.js'

type Need = 'necessary' | 'setup' | 'wait' | 'other'

interface Kind {
  readonly name: string
  readonly need: Need
  readonly matches: (entry: JournalEntry) => boolean
}

const isAssignments = (e: JournalEntry): boolean =>
  e.service === 'arm' && /\/providers\/Microsoft\.Authorization\/roleAssignments(\/|$)/i.test(e.path)

const KINDS: readonly Kind[] = [
  { name: 'GitHub ID token', need: 'necessary', matches: (e) => e.service === 'github' },
  {
    name: 'Entra token',
    need: 'necessary',
    matches: (e) => e.service === 'login' && e.method === 'POST' && /\/oauth2\/v2\.0\/token$/.test(e.path)
  },
  {
    name: 'account read',
    need: 'necessary',
    matches: (e) =>
      e.service === 'arm' &&
      e.method === 'GET' &&
      /\/providers\/Microsoft\.CognitiveServices\/accounts\/[^/]+$/i.test(e.path)
  },
  {
    name: "pipeline's own permissions",
    need: 'necessary',
    matches: (e) => e.service === 'arm' && /\/providers\/Microsoft\.Authorization\/permissions$/i.test(e.path)
  },
  {
    name: "pipeline's own assignments",
    need: 'necessary',
    matches: (e) => isAssignments(e) && e.method === 'GET' && /assignedTo\(/i.test(e.query['$filter'] ?? '')
  },
  { name: 'role-assignment list', need: 'necessary', matches: (e) => isAssignments(e) && e.method === 'GET' },
  { name: 'role-assignment PUT', need: 'necessary', matches: (e) => isAssignments(e) && e.method === 'PUT' },
  {
    name: 'cloud metadata',
    need: 'setup',
    matches: (e) => e.service === 'arm' && e.path === '/metadata/endpoints'
  },
  {
    name: 'OpenID configuration',
    need: 'setup',
    matches: (e) =>
      e.service === 'login' && e.method === 'GET' && e.path.endsWith('/.well-known/openid-configuration')
  },
  { name: 'data-plane probe', need: 'wait', matches: (e) => e.service === 'dataplane' }
]

const kindOf = (entry: JournalEntry): Kind | undefined => KINDS.find((kind) => kind.matches(entry))

interface Scenario {
  readonly name: string
  readonly inputs: Record<string, string>
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'principal: self', inputs: { principal: 'self' } },
  { name: 'self + wait (no delay)', inputs: { principal: 'self', 'wait-for-propagation': 'true' } }
]

interface RequestCount {
  readonly scenario: string
  readonly byKind: Record<string, number>
  readonly byService: ServiceCounts
  readonly byNeed: Record<Need, number>
  /** Requests that fit no known kind: method, service and path. */
  readonly other: readonly string[]
  readonly total: number
}

async function countRequests(scenario: Scenario): Promise<RequestCount> {
  return withEmulator({}, async (emulator) => {
    await runOnEmulator(emulator, scenario.inputs)
    const byKind: Record<string, number> = Object.fromEntries(KINDS.map((kind) => [kind.name, 0]))
    const byNeed: Record<Need, number> = { necessary: 0, setup: 0, wait: 0, other: 0 }
    const other: string[] = []
    for (const entry of emulator.journal) {
      const kind = kindOf(entry)
      if (kind === undefined) other.push(`${entry.service} ${entry.method} ${entry.path}`)
      else byKind[kind.name] = (byKind[kind.name] ?? 0) + 1
      byNeed[kind?.need ?? 'other']++
    }
    return {
      scenario: scenario.name,
      byKind,
      byService: countByService(emulator.journal),
      byNeed,
      other,
      total: emulator.journal.length
    }
  })
}

function requestsTable(counts: readonly RequestCount[]): Table {
  const kindRows = KINDS.map((kind) => [
    kind.name,
    kind.need,
    ...counts.map((count) => String(count.byKind[kind.name] ?? 0))
  ])
  const needRows = (['necessary', 'setup', 'wait', 'other'] as const).map((need) => [
    `all ${need}`,
    '',
    ...counts.map((count) => String(count.byNeed[need]))
  ])
  const serviceRows = SERVICES.map((service) => [
    `to ${service}`,
    'by service',
    ...counts.map((count) => String(count.byService[service]))
  ])
  const otherNotes = counts.flatMap((count) =>
    count.other.map((line) => `unclassified in '${count.scenario}': ${line}`)
  )
  return {
    title: 'Requests of one run (built-in role Cognitive Services User, Custom cloud = the emulator)',
    columns: ['request', 'class', ...counts.map((count) => count.scenario)],
    rows: [
      ...kindRows,
      ...needRows,
      ...serviceRows,
      ['total', '', ...counts.map((count) => String(count.total))]
    ],
    notes: [
      "necessary: GitHub ID token, Entra token, account read, role-assignment list, PUT (5 for one principal), and the pipeline's own permissions and assignments (read alongside the account, before any write);",
      'setup: what a custom cloud costs before the first call (cloud metadata, OpenID configuration of the authority).',
      ...otherNotes
    ]
  }
}

interface ProcessSample {
  readonly wallMs: number
  readonly maxRssBytes?: number
}

interface ProcessSummary {
  readonly label: string
  readonly runs: number
  readonly medianMs: number
  readonly minMs: number
  readonly maxMs: number
  readonly medianRssMB?: number
  readonly maxRssMB?: number
}

function summarizeProcess(
  label: string,
  timed: readonly ProcessSample[],
  measured: readonly ProcessSample[]
): ProcessSummary {
  const walls = timed.map((s) => s.wallMs)
  const rss = measured.flatMap((s) => (s.maxRssBytes === undefined ? [] : [s.maxRssBytes / 2 ** 20]))
  return {
    label,
    runs: timed.length,
    medianMs: median(walls),
    minMs: min(walls),
    maxMs: max(walls),
    ...(rss.length > 0 ? { medianRssMB: median(rss), maxRssMB: max(rss) } : {})
  }
}

async function repeat(times: number, once: () => Promise<ProcessSample>): Promise<ProcessSample[]> {
  const samples: ProcessSample[] = []
  for (let i = 0; i < times; i++) samples.push(await once())
  return samples
}

const sample = (result: RunActionResult, withRss: boolean): ProcessSample => ({
  wallMs: result.durationMs,
  ...(withRss ? { maxRssBytes: parseMaxRss(result.stderr) } : {})
})

/** `node dist/index.js` with no inputs at all: it must stop on input validation, before any network call. */
async function validationError(withRss: boolean): Promise<ProcessSample> {
  const result = await runAction({ inputs: {}, env: withRss ? maxRssEnv() : {} })
  const error = errorLine(result)
  if (result.code !== 1 || !/input/i.test(error))
    throw new Error(`Expected a validation error (exit code 1), got exit code ${result.code}: ${error}`)
  return sample(result, withRss)
}

/** A full assign run for `self`, on a fresh emulator (not timed into the run). */
async function fullAssign(withRss: boolean): Promise<ProcessSample> {
  return withEmulator({}, async (emulator) => {
    const { result } = await runOnEmulator(
      emulator,
      { principal: 'self' },
      { env: withRss ? maxRssEnv() : {} }
    )
    return sample(result, withRss)
  })
}

/** The same harness on an empty script: what node itself costs, so the bundle's share shows. */
async function emptyNode(script: string, withRss: boolean): Promise<ProcessSample> {
  const result = await runAction({ script, env: withRss ? maxRssEnv() : {} })
  if (result.code !== 0) throw new Error(`The empty script failed: ${result.stderr.trim()}`)
  return sample(result, withRss)
}

function processTable(summaries: readonly ProcessSummary[]): Table {
  const mb = (value: number | undefined): string => (value === undefined ? '–' : fixed(value, 1))
  return {
    title: 'Cold start and peak memory of the bundle',
    columns: [
      'process',
      'runs',
      'wall median ms',
      'min ms',
      'max ms',
      'max RSS median MB',
      'max RSS worst MB'
    ],
    rows: summaries.map((s) => [
      s.label,
      String(s.runs),
      fixed(s.medianMs, 0),
      fixed(s.minMs, 0),
      fixed(s.maxMs, 0),
      mb(s.medianRssMB),
      mb(s.maxRssMB)
    ]),
    notes: [
      'wall = spawn to exit through the runner harness (harness/run-action.ts), timed without the RSS reporter;',
      'max RSS = process.resourceUsage().maxRSS at exit, from separate runs that load a one-line reporter via NODE_OPTIONS.'
    ]
  }
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const counts: RequestCount[] = []
  for (const scenario of SCENARIOS) {
    counts.push(await countRequests(scenario))
    options.progress(`requests: counted '${scenario.name}'`)
  }
  // Cold start: median of 10 (quick: 5); a full assign run costs more, so fewer.
  const timedRuns = options.quick ? 5 : 10
  const assignRuns = options.quick ? 3 : 5
  const rssRuns = options.quick ? 2 : 3
  const dir = await mkdtemp(join(tmpdir(), 'bench-empty-'))
  try {
    const empty = join(dir, 'empty.mjs')
    await writeFile(empty, '')
    const measure = async (
      label: string,
      once: (withRss: boolean) => Promise<ProcessSample>,
      timed: number
    ) => {
      const summary = summarizeProcess(
        label,
        await repeat(timed, () => once(false)),
        await repeat(rssRuns, () => once(true))
      )
      options.progress(`cold start: ${label}: median ${fixed(summary.medianMs, 0)} ms`)
      return summary
    }
    const processes = [
      await measure('node, empty script', (rss) => emptyNode(empty, rss), timedRuns),
      await measure('dist/index.js, validation error (no inputs)', validationError, timedRuns),
      await measure('dist/index.js, full assign (principal: self)', fullAssign, assignRuns)
    ]
    return {
      tables: [requestsTable(counts), processTable(processes)],
      data: { requests: counts, processes }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export const requests: Benchmark = {
  name: 'requests',
  title: 'Requests per run, cold start and peak memory',
  run
}
