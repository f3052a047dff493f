// The fault suite's soak: `npm run soak -- --runs 500 [--from <seed>] [--parallel <n>]` runs that many consecutive
// seeds of harness/fault-suite.ts through dist/ and prints a summary: runs, failures, the seeds that failed (replay
// one with FAULT_SEED=<seed> npm test -- __tests__/e2e/fault-suite.test.ts), duration and runs per mode.
import { runSeed, reportOf } from '../harness/fault-suite.js'
import { MODES } from '../harness/fault-plan.js'
import type { SuiteRun } from '../harness/fault-suite.js'

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`)
  const value = at < 0 ? undefined : Number(process.argv[at + 1])
  return value !== undefined && Number.isInteger(value) && value >= 0 ? value : fallback
}

const runs = option('runs', 100)
const from = option('from', 1)
const parallel = Math.max(1, option('parallel', 2))
const started = Date.now()
const done: SuiteRun[] = []
let next = 0

async function worker(): Promise<void> {
  while (next < runs) {
    const seed = from + next++
    const run = await runSeed(seed)
    done.push(run)
    if (run.problems.length > 0) console.log(`FAILED ${reportOf(run)}`)
    if (done.length % 25 === 0)
      console.log(`${done.length}/${runs} runs, ${Math.round((Date.now() - started) / 1000)} s`)
  }
}

await Promise.all(Array.from({ length: parallel }, () => worker()))
const failed = done.filter((run) => run.problems.length > 0)
const perMode = MODES.map((mode) => `${mode} ${done.filter((run) => run.plan.mode === mode).length}`).join(
  ', '
)
const seconds = (Date.now() - started) / 1000
console.log(
  [
    `runs: ${done.length} (seeds ${from}..${from + runs - 1})`,
    `failures: ${failed.length}`,
    `seeds failed: ${failed.map((run) => run.plan.seed).join(', ') || 'none'}`,
    `duration: ${seconds.toFixed(1)} s (${(seconds / Math.max(1, done.length)).toFixed(2)} s a run, ${parallel} at a time)`,
    `per mode: ${perMode}`
  ].join('\n')
)
process.exitCode = failed.length > 0 ? 1 : 0
