// `npm run bench [-- NAME... --quick --json FILE]`: runs the benchmarks (all, or the ones named), prints their
// tables, and writes every result as JSON on request. A benchmark, not a test: a missed target prints FAIL but
// does not fail the command; a benchmark that cannot run does.
import { writeFile } from 'node:fs/promises'
import { cpus, loadavg, totalmem } from 'node:os'
import { parseArgs } from 'node:util'
import { bundle } from './bundle.js'
import { cli } from './cli.js'
import { fleetBenchmark } from './fleet.js'
import { propagation } from './propagation.js'
import { reportBenchmark } from './report.js'
import { requests } from './requests.js'
import { scaling } from './scaling.js'
import { renderTable } from './support/table.js'
import type { Benchmark } from './support/types.js'

const BENCHMARKS: readonly Benchmark[] = [
  bundle,
  propagation,
  scaling,
  requests,
  fleetBenchmark,
  cli,
  reportBenchmark
]

const USAGE = `Usage: npm run bench -- [${BENCHMARKS.map((b) => b.name).join('|')} ...] [--quick] [--json FILE]
  (no name)    run every benchmark
  --quick      fewer repetitions (about two minutes in all)
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
    args.names.length === 0 ? BENCHMARKS : BENCHMARKS.filter((b) => args.names.includes(b.name))
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
      results[benchmark.name] = { seconds, ...result.data }
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
  if (args.json !== undefined) {
    const report = {
      startedAt: new Date(started).toISOString(),
      seconds,
      quick: args.quick,
      machine: { ...machine, loadAverage: { atStart: loadAtStart, atEnd: loadAtEnd } },
      results
    }
    await writeFile(args.json, `${JSON.stringify(report, null, 2)}\n`)
    console.log(`Results written to ${args.json}.`)
  }
  return failed === 0 ? 0 : 1
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error))
    process.exitCode = 2
  }
)
