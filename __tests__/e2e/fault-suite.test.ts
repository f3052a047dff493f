// The project's own fault suite (issue 20, SPEC "Truthful under faults"): seeded runs of every mode through dist/
// against the emulator under random fault plans, each checked against the invariants in harness/fault-suite.ts.
// A failure prints its seed and plan; FAULT_SEED=<seed>[,<seed>...] replays exactly those. `npm run soak` runs
// many more.
import { describe, expect, it } from '@jest/globals'
import { reportOf, runSeed } from '../../harness/fault-suite.js'

/** Two rounds of every mode (the seed picks the mode), unless FAULT_SEED names the seeds to replay. */
const SEEDS = (process.env.FAULT_SEED ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter((s) => /^\d+$/.test(s))
  .map(Number)
const seeds = SEEDS.length > 0 ? SEEDS : Array.from({ length: 24 }, (_, i) => 20_260_000 + i)

describe('fault suite', () => {
  it.each(seeds.map((seed) => [seed]))(
    'seed %i keeps every invariant',
    async (seed) => {
      const run = await runSeed(seed)
      // The report names the seed, how to replay it, the plan and each broken invariant.
      expect(run.problems.length === 0 ? '' : reportOf(run)).toBe('')
    },
    180_000
  )
})
