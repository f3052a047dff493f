// What every benchmark hands back to bench/run.ts: tables to print, and data for --json.

export interface BenchOptions {
  /** Fewer repetitions, for a run under two minutes. */
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

export interface BenchResult {
  readonly tables: readonly Table[]
  /** Raw runs and summaries, written as they are by --json. */
  readonly data: Record<string, unknown>
}

export interface Benchmark {
  readonly name: string
  readonly title: string
  run(options: BenchOptions): Promise<BenchResult>
}
