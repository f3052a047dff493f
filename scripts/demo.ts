// `npm run demo`: starts the loopback Azure emulator and runs the bundled action (dist/) against it as a GitHub
// runner would, three times: grant and wait for propagation; the same step again (nothing changes); and temporary
// access for a group, removed by the post step of revoke-after-job.
import { DEFAULT_IDS, startEmulator } from '../emulator/index.js'
import type { Emulator } from '../emulator/index.js'
import { runAction } from '../__tests__/support/run-action.js'
import type { RunActionResult } from '../__tests__/support/run-action.js'

const PROPAGATION_MS = 5_000

function banner(text: string): void {
  console.log(`\n${'='.repeat(100)}\n${text}\n${'='.repeat(100)}`)
}

function show(result: RunActionResult): void {
  const log = result.stdout
    .split('\n')
    .filter((line) => !line.startsWith('::add-mask::') && !line.startsWith('::debug::'))
    .join('\n')
  console.log(log.trim())
  if (result.stderr.trim() !== '') console.log(result.stderr.trim())
  console.log(`\n--- exit code ${result.code} after ${(result.durationMs / 1000).toFixed(1)} s; outputs:`)
  for (const [name, value] of Object.entries(result.outputs))
    console.log(`  ${name}: ${value.replace(/\n/g, ' | ')}`)
  if (result.summary !== '') console.log(`--- job summary:\n${result.summary.trim()}`)
}

async function step(
  emulator: Emulator,
  title: string,
  inputs: Record<string, string>
): Promise<RunActionResult> {
  banner(title)
  const before = emulator.journal.length
  const result = await runAction({ inputs: { ...emulator.inputs(), ...inputs }, env: emulator.runnerEnv() })
  show(result)
  const made = emulator.journal.slice(before)
  const byService = new Map<string, number>()
  for (const entry of made) byService.set(entry.service, (byService.get(entry.service) ?? 0) + 1)
  const counts = [...byService].map(([service, count]) => `${service} ${count}`).join(', ')
  console.log(`--- the action made ${made.length} HTTP requests to the emulator (${counts})`)
  if (result.code !== 0) throw new Error(`The action failed (exit code ${result.code}).`)
  return result
}

const emulator = await startEmulator({ propagationDelayMs: PROPAGATION_MS })
try {
  console.log(
    `Loopback Azure emulator: Resource Manager at ${emulator.urls.arm}, Entra ID at ${emulator.urls.login}`
  )
  console.log(`Role assignments take ${PROPAGATION_MS / 1000} s to reach the inference endpoint here.`)
  const grant = { principal: `self\nuser:${DEFAULT_IDS.users.alice.upn}`, 'wait-for-propagation': 'true' }
  await step(
    emulator,
    '1. Grant Cognitive Services User to the pipeline itself and to Alice, then wait until inference works',
    grant
  )
  const rerun = await step(emulator, '2. The same step again: nothing to change', grant)
  if (rerun.outputs.changed !== 'false') throw new Error('The rerun changed something.')

  const temporary = {
    principal: `group:${DEFAULT_IDS.groups.aiUsers.displayName}`,
    'revoke-after-job': 'true'
  }
  const main = await step(
    emulator,
    '3a. Temporary access for the group ai-users (revoke-after-job: true)',
    temporary
  )
  banner('3b. The post step at the end of the job removes what step 3a created')
  const post = await runAction({
    inputs: { ...emulator.inputs(), ...temporary },
    env: emulator.runnerEnv(),
    entry: 'post',
    state: main.state
  })
  show(post)
  const left = emulator.roleAssignments().length
  console.log(
    `\nDone: ${left} role assignments remain in the emulator (the pipeline's own RBAC admin role, and steps 1's two grants).`
  )
} finally {
  await emulator.close()
}
