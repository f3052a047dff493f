// What every benchmark hands back to bench/run.ts: tables to print, and data for --json.

export interface BenchOptions {
  /** Fewer repetitions and scenarios, for a run under a minute. */
  readonly quick: boolean
  /** A progress line (stderr), so the tables on stdout stay clean. */
  readonly progress: (line: string) => void
}

export interface Table {
  readonly title: string
  readonly columns: readonly string[]
  readonly rows: readonly (readonly string[])[]
  /** Printed under the table: how a number was measured, what a verdict means. */
  readonly notes?: readonly string[]
}

/** A goal the benchmark holds: `npm run bench` exits non-zero when any one fails. */
export interface Goal {
  readonly name: string
  readonly ok: boolean
  /** What was measured against what, e.g. `7 round trips, goal ≤ 5`. */
  readonly detail: string
}

export interface BenchResult {
  readonly tables: readonly Table[]
  /** The goals this run judged (none: the benchmark only reports). */
  readonly goals?: readonly Goal[]
  /** Raw runs and summaries, written as they are by --json. */
  readonly data: Record<string, unknown>
}

export interface Benchmark {
  readonly name: string
  readonly title: string
  run(options: BenchOptions): Promise<BenchResult>
}
