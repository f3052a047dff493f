// Shared by the end-to-end tests: run dist/ against a fresh emulator as a runner would, and read back what the
// emulator saw. Every run is scanned for leaked tokens.
import { expect } from '@jest/globals'
import { DEFAULT_IDS, ROLE_IDS, startEmulator } from '../../emulator/index.js'
import type {
  Emulator,
  EmulatorOptions,
  JournalEntry,
  RoleAssignment,
  RunnerEnvOptions
} from '../../emulator/index.js'
import { runAction } from '../../harness/run-action.js'
import type { RunActionOptions, RunActionResult } from '../../harness/run-action.js'
import { findLeakedTokens } from '../../harness/leaks.js'

export const ACCOUNT_SCOPE =
  '/subscriptions/00000000-1111-4000-8000-000000000002/resourceGroups/rg-ai/providers/Microsoft.CognitiveServices/accounts/ai-demo'

export interface RunOptions {
  readonly env?: Record<string, string>
  /** Replace the emulator's default inputs entirely (for tests of missing inputs). */
  readonly bare?: boolean
  readonly entry?: 'main' | 'post'
  readonly state?: Record<string, string>
  readonly timeoutMs?: number
  /** How the runner environment is made (e.g. `{ proxy: false }`: no HTTPS_PROXY in host-name mode). */
  readonly runner?: RunnerEnvOptions
  /** The running process (to cancel or kill it at a chosen request). */
  readonly onStart?: RunActionOptions['onStart']
}

/** Runs the bundled action against the emulator and fails the test on any leaked token. */
export async function act(
  emulator: Emulator,
  inputs: Record<string, string>,
  options: RunOptions = {}
): Promise<RunActionResult> {
  const result = await runAction({
    inputs: options.bare === true ? inputs : { ...emulator.inputs(), ...inputs },
    env: { ...emulator.runnerEnv(options.runner), ...options.env },
    entry: options.entry,
    state: options.state,
    timeoutMs: options.timeoutMs,
    onStart: options.onStart
  })
  const texts = [
    result.stdout,
    result.stderr,
    result.summary,
    JSON.stringify(result.outputs),
    JSON.stringify(result.state)
  ]
  expect(findLeakedTokens(texts, emulator.issuedTokens)).toEqual([])
  return result
}

/** The error line the runner shows for a failed step. */
export function errorOf(result: RunActionResult): string {
  const line = result.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? ''
  return line
    .replace(/^::error::/, '')
    .replace(/%0A/g, '\n')
    .replace(/%0D/g, '\r')
    .replace(/%25/g, '%')
}

export const writes = (emulator: Emulator): JournalEntry[] =>
  emulator.journal.filter(
    (e) => e.service === 'arm' && (e.method === 'PUT' || e.method === 'DELETE' || e.method === 'PATCH')
  )

export const requestsTo = (emulator: Emulator, service: JournalEntry['service']): JournalEntry[] =>
  emulator.journal.filter((e) => e.service === service)

/** The live assignments of the role to the principal at the account's scope. */
export function grantsOf(
  emulator: Emulator,
  principalId: string,
  roleGuid = 'a97b65f3-24c7-4388-baec-2e87135dc908'
) {
  return emulator.world.roleAssignments.filter(
    (a) =>
      a.principalId === principalId &&
      a.roleDefinitionGuid === roleGuid &&
      a.scope.toLowerCase() === ACCOUNT_SCOPE.toLowerCase()
  )
}

/** Starts an emulator for one describe block; close it in afterAll. */
export async function emulatorFor(options: EmulatorOptions = {}): Promise<Emulator> {
  return startEmulator(options)
}

/** Runs a test against its own emulator, closed afterwards (no shared hooks, so tests can run concurrently). */
export async function withEmulator(
  options: EmulatorOptions,
  test: (emulator: Emulator) => Promise<void>
): Promise<void> {
  const emulator = await emulatorFor(options)
  try {
    await test(emulator)
  } finally {
    await emulator.close()
  }
}

/** A role assignment already in the world: Cognitive Services User to Alice at the account, made an hour ago by the pipeline. */
export function existingAssignment(over: Partial<RoleAssignment> & { name: string }): RoleAssignment {
  const longAgo = Date.now() - 3_600_000
  const self = DEFAULT_IDS.pipelineApp.objectId
  return {
    scope: ACCOUNT_SCOPE,
    roleDefinitionGuid: ROLE_IDS.cognitiveServicesUser,
    principalId: DEFAULT_IDS.users.alice.id,
    principalType: 'User',
    description: null,
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: self,
    updatedBy: self,
    ...over
  }
}
