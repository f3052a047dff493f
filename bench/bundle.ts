// What ships: dist/'s bytes and files (no executable, no file twice), the bundle's cold start, and the peak memory
// of a full grant, against the goals of a lean release and next to what the two-build dist/ measured before.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runAction } from '../harness/run-action.js'
import { duplicates, isExecutable } from '../scripts/bundle-checks.js'
import { errorLine, runOnEmulator, withEmulator } from './support/action.js'
import { maxRssEnv, parseMaxRss } from './support/max-rss.js'
import { fixed, median, verdict } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Goal, Table } from './support/types.js'

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const DIST = join(ROOT, 'dist')
const MIB = 2 ** 20

/** peakRssMiB: a guard that memory does not creep (no runner is short of it), not a goal in itself. */
const GOALS = { bytes: 2.5 * 1024 * 1024, peakRssMiB: 80 } as const

/**
 * The same measures of the dist/ before the single bundle (commit fada8ae: two ncc builds, unminified chunks,
 * `open` with its `xdg-open` script), taken on the development machine with `npm run bench -- requests --quick`.
 */
const BEFORE = {
  bytes: 7_996_630,
  files: 13,
  executables: 2,
  duplicated: 8,
  coldStartMs: 146,
  fullGrantPeakRssMiB: 92.2
} as const

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]
  )
}

/** Spawn to exit of `node dist/index.js` with no inputs: it stops on input validation, before any request. */
async function coldStartMs(): Promise<number> {
  const result = await runAction({ inputs: {} })
  if (result.code !== 1) throw new Error(`Expected a validation error, got exit code ${result.code}`)
  return result.durationMs
}

/** Peak RSS of a full grant (`principal: self`) on a fresh emulator. */
async function fullGrantPeakRss(): Promise<number> {
  return withEmulator({}, async (emulator) => {
    const { result } = await runOnEmulator(emulator, { principal: 'self' }, { env: maxRssEnv() })
    if (result.code !== 0) throw new Error(`The grant failed: ${errorLine(result)}`)
    return parseMaxRss(result.stderr) / MIB
  })
}

async function repeat(times: number, once: () => Promise<number>): Promise<number[]> {
  const values: number[] = []
  for (let i = 0; i < times; i++) values.push(await once())
  return values
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const paths = files(DIST)
  const bytes = paths.reduce((total, path) => total + statSync(path).size, 0)
  const executables = paths.filter((path) => isExecutable(statSync(path).mode)).length
  const duplicated = duplicates(new Map(paths.map((path) => [path, readFileSync(path)]))).flat().length
  options.progress(`bundle: ${paths.length} files, ${bytes} bytes`)
  const cold = await repeat(options.quick ? 5 : 10, coldStartMs)
  options.progress(`bundle: cold start median ${fixed(median(cold), 0)} ms`)
  const rss = await repeat(options.quick ? 2 : 3, fullGrantPeakRss)
  options.progress(`bundle: full grant peak RSS median ${fixed(median(rss), 1)} MiB`)
  const now = {
    bytes,
    files: paths.length,
    executables,
    duplicated,
    coldStartMs: median(cold),
    fullGrantPeakRssMiB: median(rss)
  }
  const table: Table = {
    title: 'dist/: size, files, cold start and peak memory',
    columns: ['measure', 'before (two builds)', 'now', 'goal', 'verdict'],
    rows: [
      [
        'bytes',
        String(BEFORE.bytes),
        String(now.bytes),
        `≤ ${GOALS.bytes}`,
        verdict(now.bytes <= GOALS.bytes)
      ],
      ['files', String(BEFORE.files), String(now.files), '', ''],
      [
        'executable files',
        String(BEFORE.executables),
        String(now.executables),
        '0',
        verdict(now.executables === 0)
      ],
      [
        'files held twice',
        String(BEFORE.duplicated),
        String(now.duplicated),
        '0',
        verdict(now.duplicated === 0)
      ],
      [
        'cold start, validation error (median ms)',
        String(BEFORE.coldStartMs),
        fixed(now.coldStartMs, 0),
        '',
        ''
      ],
      [
        'full grant, peak RSS (median MiB; a guard)',
        fixed(BEFORE.fullGrantPeakRssMiB, 1),
        fixed(now.fullGrantPeakRssMiB, 1),
        `≤ ${GOALS.peakRssMiB}`,
        verdict(now.fullGrantPeakRssMiB <= GOALS.peakRssMiB)
      ]
    ],
    notes: [
      `files: ${paths.map((path) => relative(ROOT, path)).join(', ')}`,
      'before = commit fada8ae (dist/ of two ncc builds), measured on the development machine (timings depend on the load);',
      'cold start = spawn to exit through harness/run-action.ts; peak RSS = process.resourceUsage().maxRSS at exit.'
    ]
  }
  const goals: Goal[] = [
    {
      name: 'bundle bytes',
      ok: now.bytes <= GOALS.bytes,
      detail: `${now.bytes} bytes, goal ≤ ${GOALS.bytes}`
    },
    { name: 'bundle executables', ok: now.executables === 0, detail: `${now.executables} executable files` },
    { name: 'bundle duplicates', ok: now.duplicated === 0, detail: `${now.duplicated} files held twice` },
    {
      name: 'peak RSS guard',
      ok: now.fullGrantPeakRssMiB <= GOALS.peakRssMiB,
      detail: `${fixed(now.fullGrantPeakRssMiB, 1)} MiB, guard ≤ ${GOALS.peakRssMiB} MiB`
    }
  ]
  return {
    tables: [table],
    goals,
    data: { before: BEFORE, now, goals: GOALS, coldStartMs: cold, peakRssMiB: rss }
  }
}

export const bundle: Benchmark = {
  name: 'bundle',
  title: 'Bundle size, cold start and peak memory',
  run
}
