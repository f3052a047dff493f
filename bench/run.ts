// `npm run bench [-- NAME... --quick --json FILE]`: runs the benchmarks (all, or the ones named; --quick: the quick
// subset, fewer repetitions), prints their tables, and writes every result as JSON on request. Exits 1 when a goal
// failed or a benchmark could not run, so a run that exits 0 held every goal it measured.
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { bundle } from './bundle.js'
import { cli } from './cli.js'
import { fleetBenchmark } from './fleet.js'
import { latency } from './latency.js'
import { propagation } from './propagation.js'
import { reportBenchmark } from './report.js'
import { requests } from './requests.js'
import { scaling } from './scaling.js'
import { startup } from './startup.js'
import { renderTable } from './support/table.js'
import type { Benchmark, Goal } from './support/types.js'

const BENCHMARKS: readonly Benchmark[] = [
  latency,
  startup,
  bundle,
  propagation,
  scaling,
  requests,
  fleetBenchmark,
  cli,
  reportBenchmark
]

/** What --quick runs when no benchmark is named: the ones that finish in seconds. */
const QUICK = new Set(['latency', 'startup', 'bundle'])

const USAGE = `Usage: npm run bench -- [${BENCHMARKS.map((b) => b.name).join('|')} ...] [--quick] [--json FILE]
  (no name)    run every benchmark (with --quick: ${[...QUICK].join(', ')})
  --quick      fewer repetitions and scenarios (under a minute)
  --json FILE  write all results as JSON to FILE`

function parse(): { names: string[]; quick: boolean; json?: string } {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false }
    }
  })
  if (values.help) {
    console.log(USAGE)
    process.exit(0)
  }
  const unknown = positionals.filter((name) => !BENCHMARKS.some((b) => b.name === name))
  if (unknown.length > 0) throw new Error(`Unknown benchmark ${unknown.join(', ')}.\n${USAGE}`)
  return { names: positionals, quick: values.quick, json: values.json }
}

const loadAverage = (): number => Math.round((loadavg()[0] ?? 0) * 100) / 100

async function main(): Promise<number> {
  const args = parse()
  const selected =
    args.names.length > 0
      ? BENCHMARKS.filter((b) => args.names.includes(b.name))
      : BENCHMARKS.filter((b) => !args.quick || QUICK.has(b.name))
  const machine = {
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGB: Math.round(totalmem() / 2 ** 30)
  }
  console.log(
    `Benchmarks against the loopback Azure emulator, ${args.quick ? 'quick' : 'full'} run: ${selected.map((b) => b.name).join(', ')}`
  )
  console.log(
    `Node ${machine.node}, ${machine.platform}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGB} GB`
  )
  const loadAtStart = loadAverage()
  console.log(
    `Load average (1 min) at start: ${loadAtStart}; with more than ${machine.cpus}, other work shares the CPUs and timings are noisy.`
  )
  const started = Date.now()
  const results: Record<string, unknown> = {}
  let failed = 0
  const goals: Goal[] = []
  for (const benchmark of selected) {
    console.log(`\n${'='.repeat(100)}\n${benchmark.title} (${benchmark.name})\n${'='.repeat(100)}`)
    const benchStarted = Date.now()
    try {
      const result = await benchmark.run({
        quick: args.quick,
        progress: (line) => process.stderr.write(`  … ${line}\n`)
      })
      const seconds = (Date.now() - benchStarted) / 1000
      for (const table of result.tables) console.log(`\n${renderTable(table)}`)
      console.log(`\n(${benchmark.name}: ${seconds.toFixed(0)} s)`)
      goals.push(...(result.goals ?? []))
      results[benchmark.name] = { seconds, goals: result.goals ?? [], ...result.data }
    } catch (error) {
      failed++
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error)
      console.log(`\n${benchmark.name} could not run: ${message}`)
      results[benchmark.name] = { error: message }
    }
  }
  const seconds = (Date.now() - started) / 1000
  const loadAtEnd = loadAverage()
  console.log(`\nAll done in ${seconds.toFixed(0)} s; load average (1 min) at the end: ${loadAtEnd}.`)
  const missed = goals.filter((goal) => !goal.ok)
  console.log(
    `Goals: ${goals.length - missed.length} of ${goals.length} held${missed.length > 0 ? `; FAILED: ${missed.map((g) => `${g.name} (${g.detail})`).join('; ')}` : '.'}`
  )
  if (failed > 0) console.log(`${failed} benchmark(s) could not run.`)
  if (args.json !== undefined) {
    const report = {
      startedAt: new Date(started).toISOString(),
      seconds,
      quick: args.quick,
      goals,
      machine: { ...machine, loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd } },
      results
    }
    await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`Results written to ${args.json}.`)
  }
  return failed === 0 && missed.length === 0 ? 0 : 1
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 2
  }
)
