// Where the first part of a step goes: node itself, the entry, compiling and evaluating the action (with V8's
// compile cache cold, as in a main step on a fresh runner, and warm, as in the post step of the same job), and the
// time from spawn to the first request the emulator sees (module evaluation, reading the inputs, the TLS
// handshake), against the whole of a grant to self.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runAction } from '../harness/run-action.js'
import type { RunActionOptions } from '../harness/run-action.js'
import { journalSpanMs, withEmulator } from './support/action.js'
import { fixed, median } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Table } from './support/types.js'

interface Measure {
  readonly label: string
  readonly ms: number[]
}

async function timed(options: RunActionOptions, expectCode: number): Promise<number> {
  const result = await runAction(options)
  if (result.code !== expectCode)
    throw new Error(`Expected exit code ${expectCode}, got ${result.code}: ${result.stderr.trim()}`)
  return result.durationMs
}

interface GrantTimes {
  readonly toFirstRequestMs: number
  readonly networkMs: number
  readonly afterLastAnswerMs: number
  readonly wallMs: number
}

/** A grant to self on a fresh emulator, split at the first request's arrival and the last answer. */
async function grant(env: Record<string, string>): Promise<GrantTimes> {
  return withEmulator({}, async (emulator) => {
    let spawnedAt = 0
    const result = await runAction({
      inputs: { ...emulator.inputs(), principal: 'self' },
      env: { ...emulator.runnerEnv(), ...env },
      onStart: () => (spawnedAt = Date.now())
    })
    const exitedAt = spawnedAt + result.durationMs
    if (result.code !== 0) throw new Error(`The grant failed: ${result.stdout}`)
    const first = Math.min(...emulator.journal.map((e) => e.startedAt))
    const last = Math.max(...emulator.journal.map((e) => e.endedAt))
    return {
      toFirstRequestMs: first - spawnedAt,
      networkMs: journalSpanMs(emulator.journal),
      afterLastAnswerMs: exitedAt - last,
      wallMs: result.durationMs
    }
  })
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const runs = options.quick ? 5 : 11
  const dir = await mkdtemp(join(tmpdir(), 'bench-startup-'))
  try {
    const empty = join(dir, 'empty.mjs')
    await writeFile(empty, '')
    // One RUNNER_TEMP for the warm runs, as the main and the post step of one job share it.
    const warmEnv = { RUNNER_TEMP: join(dir, 'runner-temp') }
    const measures: Measure[] = [
      { label: 'node, empty script', ms: [] },
      { label: 'post step without revoke-after-job (entry only)', ms: [] },
      { label: 'validation error, compile cache cold (a main step)', ms: [] },
      { label: 'validation error, compile cache warm (a later step of the job)', ms: [] }
    ]
    const grants: { cold: GrantTimes[]; warm: GrantTimes[] } = { cold: [], warm: [] }
    await timed({ inputs: {}, env: warmEnv }, 1) // fills the warm cache
    for (let i = 0; i < runs; i++) {
      measures[0]?.ms.push(await timed({ script: empty }, 0))
      measures[1]?.ms.push(await timed({ entry: 'post', inputs: {} }, 0))
      measures[2]?.ms.push(await timed({ inputs: {} }, 1))
      measures[3]?.ms.push(await timed({ inputs: {}, env: warmEnv }, 1))
      if (i < (options.quick ? 3 : 5)) {
        grants.cold.push(await grant({}))
        grants.warm.push(await grant(warmEnv))
      }
    }
    options.progress(`startup: ${runs} runs of each`)
    const processTable: Table = {
      title: 'Start of a step: spawn to exit (median ms)',
      columns: ['process', 'runs', 'median ms'],
      rows: measures.map((m) => [m.label, String(m.ms.length), fixed(median(m.ms), 0)]),
      notes: [
        'compile cache: V8 code cache of dist/app.js in RUNNER_TEMP (cold: a new RUNNER_TEMP for every run, as a main step on a fresh runner).'
      ]
    }
    const split = (label: string, list: readonly GrantTimes[]): string[] => [
      label,
      String(list.length),
      fixed(median(list.map((g) => g.toFirstRequestMs)), 0),
      fixed(median(list.map((g) => g.networkMs)), 0),
      fixed(median(list.map((g) => g.afterLastAnswerMs)), 0),
      fixed(median(list.map((g) => g.wallMs)), 0)
    ]
    const grantTable: Table = {
      title: 'A grant to self (no added latency): where its time goes (median ms)',
      columns: ['compile cache', 'runs', 'spawn → first request', 'requests', 'last answer → exit', 'wall'],
      rows: [split('cold', grants.cold), split('warm', grants.warm)],
      notes: [
        'spawn → first request: node, compiling and evaluating the bundle, reading the inputs, and the first TLS handshake;',
        'requests: first request arriving at the emulator to the last answer leaving it.'
      ]
    }
    return { tables: [processTable, grantTable], data: { measures, grants } }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export const startup: Benchmark = {
  name: 'startup',
  title: 'Cold start: where the first part of a step goes',
  run
}
