// `npm run demo`: starts the loopback Azure emulator and runs the bundled action (dist/) against it as a GitHub
// runner would: grant and wait for propagation; the same step again (nothing changes); temporary access for a
// group: granted, used by a member, removed by the post step of revoke-after-job, and gone; and a Foundry project:
// Azure AI User at the project, which opens the project and not the account; a role outside the pipeline's
// delegation condition, refused before anything is written; and last an access report (mode: report): who can call
// the account now, whether Alice, Bob and the pipeline can, and whether API keys still work. The pipeline identity
// holds the least it needs: Role Based Access Control Administrator limited by the documented delegation condition.
import { DEFAULT_IDS, delegatePipeline, startEmulator } from '../emulator/index.js'
import type { Emulator } from '../emulator/index.js'
import { runAction } from '../harness/run-action.js'
import type { RunActionResult } from '../harness/run-action.js'
import { httpRequest } from '../harness/https-client.js'

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

/** A later step of the same job calls the model as Alice, as her own code would, until it works (or until `tries`). */
async function aliceCallsTheModel(emulator: Emulator, tries: number): Promise<number> {
  const token = emulator.mintAccessToken({
    oid: DEFAULT_IDS.users.alice.id,
    aud: 'https://cognitiveservices.azure.com',
    idtyp: 'user'
  })
  const url = `${await emulator.dataPlaneUrl()}/openai/deployments/${DEFAULT_IDS.deployment}/chat/completions?api-version=2024-10-21`
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Say hello' }], max_tokens: 5 })
  for (let attempt = 1; ; attempt++) {
    const answer = await httpRequest(url, {
      method: 'POST',
      ca: emulator.caPem,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body
    })
    const code = answer.status === 200 ? 'OK' : String(answer.json?.error?.code ?? '')
    console.log(`  Alice's call ${attempt}: HTTP ${answer.status} ${code}`)
    if (answer.status === 200 || attempt >= tries) return answer.status
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
}

/** Alice lists the project's deployments, as the Foundry SDK would, until it works (or until `tries`). */
async function aliceReadsTheProject(emulator: Emulator, tries: number): Promise<number> {
  const token = emulator.mintAccessToken({
    oid: DEFAULT_IDS.users.alice.id,
    aud: 'https://ai.azure.com',
    idtyp: 'user'
  })
  const url = `${await emulator.projectEndpoint()}/deployments?api-version=v1`
  for (let attempt = 1; ; attempt++) {
    const answer = await httpRequest(url, {
      ca: emulator.caPem,
      headers: { authorization: `Bearer ${token}` }
    })
    const code = answer.status === 200 ? 'OK' : String(answer.json?.error?.code ?? '')
    console.log(`  Alice reads the project's deployments, try ${attempt}: HTTP ${answer.status} ${code}`)
    if (answer.status === 200 || attempt >= tries) return answer.status
    await new Promise((resolve) => setTimeout(resolve, 1_000))
  }
}

const emulator = await startEmulator({
  propagationDelayMs: PROPAGATION_MS,
  world: (world) => delegatePipeline(world)
})
try {
  console.log(
    `Loopback Azure emulator: Resource Manager at ${emulator.urls.arm}, Entra ID at ${emulator.urls.login}`
  )
  console.log(`Role assignments take ${PROPAGATION_MS / 1000} s to reach the inference endpoint here.`)
  console.log(
    'The pipeline identity is a delegated one: Role Based Access Control Administrator on rg-ai, limited by an ABAC ' +
      'condition to writing and deleting Cognitive Services User and Azure AI User.'
  )
  const grant = { principal: `self\nuser:${DEFAULT_IDS.users.bob.upn}`, 'wait-for-propagation': 'true' }
  await step(
    emulator,
    '1. Grant Cognitive Services User to the pipeline itself and to Bob, then wait until inference works',
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
    '3a. Temporary access for the group ai-users, Alice among them (revoke-after-job: true)',
    temporary
  )
  banner(
    '3b. A later step of the job uses it: Alice calls the model (the grant takes a few seconds to propagate)'
  )
  if ((await aliceCallsTheModel(emulator, 30)) !== 200) throw new Error('Alice never got access.')
  banner('3c. The post step at the end of the job removes what step 3a created')
  const post = await runAction({
    inputs: { ...emulator.inputs(), ...temporary },
    env: emulator.runnerEnv(),
    entry: 'post',
    state: main.state
  })
  show(post)
  banner('3d. After the job, Alice has no access any more')
  await aliceCallsTheModel(emulator, 1)

  await step(
    emulator,
    `4a. A Foundry project: Azure AI User at ${DEFAULT_IDS.account}/${DEFAULT_IDS.project} for Alice (the default role at a project)`,
    { project: DEFAULT_IDS.project, principal: `user:${DEFAULT_IDS.users.alice.upn}` }
  )
  banner(
    "4b. Alice reads the project's deployments (a token for https://ai.azure.com), and still cannot call the account"
  )
  if ((await aliceReadsTheProject(emulator, 30)) !== 200)
    throw new Error('Alice never got access to the project.')
  await aliceCallsTheModel(emulator, 1)
  banner('5. A role the delegation does not allow (Cognitive Services OpenAI User): refused before any write')
  const before = emulator.journal.length
  const refused = await runAction({
    inputs: {
      ...emulator.inputs(),
      role: 'Cognitive Services OpenAI User',
      principal: `user:${DEFAULT_IDS.users.bob.upn}`
    },
    env: emulator.runnerEnv()
  })
  show(refused)
  const puts = emulator.journal.slice(before).filter((entry) => entry.method === 'PUT').length
  console.log(`--- exit code ${refused.code}; PUT requests sent: ${puts}`)
  if (refused.code === 0 || puts !== 0) throw new Error('The refused role was written.')

  const beforeReport = emulator.journal.length
  const report = await step(
    emulator,
    '6. Access report (mode: report) at the account and its project: who can call now, a verdict for Alice, Bob and the pipeline, and the keyless posture',
    {
      mode: 'report',
      'resource-group': '',
      'resource-name': '',
      'resource-ids': `${emulator.resourceId()}\n${emulator.resourceId(DEFAULT_IDS.account, DEFAULT_IDS.project)}`,
      principal: `user:${DEFAULT_IDS.users.alice.upn}\nuser:${DEFAULT_IDS.users.bob.upn}\nself`
    }
  )
  const written = emulator.journal
    .slice(beforeReport)
    .filter((e) => e.method === 'PUT' || e.method === 'DELETE')
  if (report.outputs.changed !== 'false' || written.length > 0) throw new Error('The report wrote something.')
  console.log(
    `\nDone: ${emulator.roleAssignments().length} role assignments remain in the emulator (the pipeline's own RBAC administrator role, step 1's two grants and step 4's).`
  )
} finally {
  await emulator.close()
}
