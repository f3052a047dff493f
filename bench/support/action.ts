// Running the bundled action against a fresh emulator, and reading back what the emulator saw.
import { DEFAULT_IDS, startEmulator } from '../../emulator/index.js'
import type { Emulator, EmulatorOptions, JournalEntry, ServiceName } from '../../emulator/index.js'
import { runAction } from '../../harness/run-action.js'
import type { RunActionOptions, RunActionResult } from '../../harness/run-action.js'

/** The object ID of the identity the action signs in as (principal `self`). */
export const SELF = DEFAULT_IDS.pipelineApp.objectId

export const SERVICES: readonly ServiceName[] = ['github', 'login', 'arm', 'graph', 'dataplane']

/** The data action the action's token-free probe (`GET /openai/v1/models`) needs. */
export const MODELS_READ = 'Microsoft.CognitiveServices/accounts/OpenAI/models/read'

export const COGNITIVE_AUDIENCE = 'https://cognitiveservices.azure.com'

export interface ActionRun {
  readonly result: RunActionResult
  /** Date.now() when the action's process had exited (same clock as the emulator's timestamps). */
  readonly exitedAt: number
}

/** Starts an emulator, hands it to `use`, and always closes it. */
export async function withEmulator<T>(
  options: EmulatorOptions,
  use: (emulator: Emulator) => Promise<T>
): Promise<T> {
  const emulator = await startEmulator(options)
  try {
    return await use(emulator)
  } finally {
    await emulator.close()
  }
}

/** The error line the runner would show for a failed step, decoded. */
export function errorLine(result: RunActionResult): string {
  const line = result.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
  return line
    .replace(/^::error::/, '')
    .replace(/%0A/g, ' ')
    .replace(/%0D/g, '')
    .replace(/%25/g, '%')
}

/** Runs dist/index.js with the emulator's inputs plus `inputs`; a failed step is a failed benchmark. */
export async function runOnEmulator(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: Omit<RunActionOptions, 'inputs'> = {}
): Promise<ActionRun> {
  const result = await runAction({
    ...options,
    inputs: { ...emulator.inputs(), ...inputs },
    env: { ...emulator.runnerEnv(), ...options.env }
  })
  const exitedAt = Date.now()
  if (result.code !== 0) {
    throw new Error(
      `The action failed (exit code ${result.code}): ${errorLine(result) || result.stderr.trim() || 'no error line'}`
    )
  }
  return { result, exitedAt }
}

export type ServiceCounts = Record<ServiceName, number>

export function countByService(journal: readonly JournalEntry[]): ServiceCounts {
  const counts: ServiceCounts = { github: 0, login: 0, arm: 0, graph: 0, identity: 0, dataplane: 0 }
  for (const entry of journal) counts[entry.service]++
  return counts
}

/** First request start to last request end, as the emulator saw them: the network part of a run. */
export function journalSpanMs(journal: readonly JournalEntry[]): number {
  if (journal.length === 0) return 0
  const start = Math.min(...journal.map((entry) => entry.startedAt))
  const end = Math.max(...journal.map((entry) => entry.endedAt))
  return end - start
}
