// The project's own fault suite (issue 20): one seeded run drives a mode through dist/ against a fresh emulator
// under the seed's fault plan (429, 5xx, resets, slow and held answers, lost answers, lagging reads), then checks
// the invariants of SPEC "Truthful under faults" and returns every one that broke. Shared by the jest suite
// (__tests__/e2e/fault-suite.test.ts) and the soak (`npm run soak -- --runs 500`).
import type { ChildProcess } from 'node:child_process'
import { advancePimClock, DEFAULT_IDS, ROLE_IDS, startEmulator } from '../emulator/index.js'
import type { Emulator, RoleAssignment, World } from '../emulator/index.js'
import { findLeakedTokens } from './leaks.js'
import { runAction, type RunActionResult } from './run-action.js'
import { describePlan, planOf, targetOf, type FaultPlan, type Mode } from './fault-plan.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const PRINCIPALS = [DEFAULT_IDS.users.alice.id, DEFAULT_IDS.users.bob.id]
const ROLE = ROLE_IDS.cognitiveServicesUser
const SCOPE = `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEFAULT_IDS.account}`
const RG = `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}`
const PAST = 'Granted by GitHub Actions: octo/repo, run 1. temporary until 2020-01-01T00:00:00Z'

export interface SuiteRun {
  readonly plan: FaultPlan
  readonly problems: string[]
  readonly durationMs: number
}

type Outcomes = Map<string, { result: string; assignmentId?: string }>

const key = (a: RoleAssignment): string => a.name.toLowerCase()
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const grants = (emulator: Emulator, principalId: string): RoleAssignment[] =>
  emulator.world.roleAssignments.filter(
    (a) => same(a.principalId, principalId) && a.roleDefinitionGuid === ROLE && same(a.scope, SCOPE)
  )

function seeded(over: Partial<RoleAssignment> & { name: string }): RoleAssignment {
  const longAgo = Date.now() - 3_600_000
  return {
    scope: SCOPE,
    roleDefinitionGuid: ROLE,
    principalId: PRINCIPALS[0] as string,
    principalType: 'User',
    description: 'made in the portal',
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null,
    ...over
  }
}

/** What the world holds before the run: a grant to leave alone, and for sweep and revoke what they act on. */
function worldFor(plan: FaultPlan) {
  return (world: World): void => {
    if (plan.existing) world.roleAssignments.push(seeded({ name: '0e0e0e0e-0000-4000-8000-000000000001' }))
    if (plan.mode === 'revoke' && !plan.existing)
      world.roleAssignments.push(seeded({ name: '0e0e0e0e-0000-4000-8000-000000000002', createdBy: SELF }))
    if (plan.mode === 'sweep') {
      world.roleAssignments.push(
        seeded({
          name: '0e0e0e0e-0000-4000-8000-0000000000a1',
          principalId: PRINCIPALS[1] as string,
          description: PAST,
          createdBy: SELF
        }),
        seeded({
          name: '0e0e0e0e-0000-4000-8000-0000000000a2',
          principalId: PRINCIPALS[1] as string,
          roleDefinitionGuid: ROLE_IDS.openAiUser,
          description: PAST,
          createdBy: DEFAULT_IDS.users.bob.id
        })
      )
    }
    if (plan.mode === 'pim')
      world.roleAssignments.push(
        seeded({
          name: '0e0e0e0e-0000-4000-8000-0000000000aa',
          scope: RG,
          roleDefinitionGuid: ROLE_IDS.userAccessAdministrator,
          principalId: SELF,
          principalType: 'ServicePrincipal'
        })
      )
  }
}

function inputsFor(plan: FaultPlan): Record<string, string> {
  const principal = PRINCIPALS.slice(0, plan.principals).join('\n')
  const base = { principal, 'principal-type': 'User' }
  switch (plan.mode) {
    case 'assign':
    case 'rerun':
      return base
    case 'revoke':
      return { ...base, mode: 'revoke' }
    case 'sweep':
      return { mode: 'sweep' }
    case 'pim':
      return { ...base, 'revoke-after-job': 'true', 'time-bound': 'pim' }
    default:
      return { ...base, 'revoke-after-job': 'true' }
  }
}

/** Outcomes by principal object ID from the `result` output (undefined: not set or not JSON). */
function outcomesOf(run: RunActionResult): Outcomes | undefined {
  try {
    const doc = JSON.parse(run.outputs.result ?? '') as {
      scopes: { principals: { objectId: string; result: string; assignmentId?: string }[] }[]
    }
    return new Map(doc.scopes.flatMap((s) => s.principals.map((p) => [p.objectId.toLowerCase(), p] as const)))
  } catch {
    return undefined
  }
}

const errorLine = (run: RunActionResult): string =>
  (run.stdout.split('\n').find((l) => l.startsWith('::error::')) ?? '')
    .replace(/^::error::/, '')
    .replace(/%0A/g, '\n')

/** A message a user reads names its cause: no `[object Object]`, no `undefined`, no stack. */
function badMessages(run: RunActionResult, what: string): string[] {
  const lines = run.stdout.split('\n').filter((l) => /^::(error|warning)::/.test(l))
  return lines
    .filter((l) => /\[object Object\]|\bundefined\b|%0A\s+at \S+ \(/.test(l))
    .map((l) => `${what}: a message without its cause: ${l.slice(0, 300)}`)
}

/** The checks every main run must pass: outputs, summary and result agree with the emulator's state. */
function checkMain(
  run: RunActionResult,
  emulator: Emulator,
  before: Set<string>,
  what: string,
  others: Set<string> = new Set()
): string[] {
  const problems = badMessages(run, what)
  if (run.code !== 0) {
    if (errorLine(run).trim() === '')
      problems.push(`${what}: failed (exit ${run.code}) without an error line`)
    return problems
  }
  const outcomes = outcomesOf(run)
  if (outcomes === undefined) return [...problems, `${what}: succeeded without a readable result output`]
  let changed = false
  for (const [principal, { result, assignmentId }] of outcomes) {
    const live = grants(emulator, principal)
    const name = assignmentId?.split('/').pop()?.toLowerCase()
    if (result === 'created' || result === 'removed') changed = true
    // PIM names the assignment itself; its ID comes from a list, which may lag: then it is not reported at all.
    const unnamed = name === undefined && run.stdout.includes('PIM grants ')
    if (result === 'created' && !unnamed && !(name !== undefined && !before.has(name)))
      problems.push(
        `${what}: ${principal} reported created, but ${assignmentId} was there before (or is another job's)`
      )
    if (result === 'already assigned' && name !== undefined && !before.has(name) && !others.has(name))
      problems.push(`${what}: ${principal} reported already assigned, but this run made ${assignmentId}`)
    if ((result === 'created' || result === 'already assigned') && live.length !== 1)
      problems.push(`${what}: ${principal} asked for once has ${live.length} grants`)
    if (result === 'removed' && live.length !== 0)
      problems.push(`${what}: ${principal} reported removed, but ${live.length} remain`)
    if (!run.summary.includes(`| ${result} |`))
      problems.push(`${what}: the summary does not say '${result}' for ${principal}`)
  }
  if (run.outputs.changed !== String(changed))
    problems.push(`${what}: changed is ${run.outputs.changed}, the result says ${changed}`)
  return problems
}

async function act(
  emulator: Emulator,
  plan: FaultPlan,
  extra: {
    entry?: 'main' | 'post'
    state?: Record<string, string>
    env?: Record<string, string>
    onStart?: (c: ChildProcess) => void
  } = {}
): Promise<RunActionResult> {
  const run = await runAction({
    inputs: { ...emulator.inputs(), ...inputsFor(plan) },
    env: { ...emulator.runnerEnv(), ENTRA_ACCESS_REQUEST_TIMEOUT_MS: '3000', ...extra.env },
    entry: extra.entry,
    state: extra.state,
    timeoutMs: 120_000,
    onStart: extra.onStart
  })
  const leaks = findLeakedTokens(
    [run.stdout, run.stderr, run.summary, JSON.stringify(run.outputs)],
    emulator.issuedTokens
  )
  if (leaks.length > 0) throw new Error(`a token leaked: ${JSON.stringify(leaks[0])}`)
  return run
}

function arm(emulator: Emulator, plan: FaultPlan): void {
  for (const fault of plan.faults) emulator.injectFault(fault.spec)
  for (const hold of plan.holds)
    emulator.hold({ ...targetOf(hold.target), at: hold.at, releaseAfterMs: hold.ms })
  emulator.lagReads(plan.lagMs)
}

/** After a post step: nothing this job created survives, nothing that was there before is gone. */
function checkAfterPost(
  post: RunActionResult,
  emulator: Emulator,
  before: Set<string>,
  created: Set<string>,
  what: string
): string[] {
  const problems = badMessages(post, what)
  if (post.code !== 0) problems.push(`${what}: the post step exited ${post.code}`)
  for (const name of created)
    if (emulator.world.roleAssignments.some((a) => key(a) === name))
      problems.push(`${what}: ${name}, made by this job, survived its post step`)
  return problems
}

const newNames = (emulator: Emulator, before: Set<string>): Set<string> =>
  new Set(emulator.world.roleAssignments.map(key).filter((n) => !before.has(n)))

async function drive(emulator: Emulator, plan: FaultPlan, before: Set<string>): Promise<string[]> {
  const mode: Mode = plan.mode
  if (mode === 'concurrent') {
    const [a, b] = await Promise.all(
      ['a', 'b'].map((job) => act(emulator, plan, { env: { GITHUB_JOB: `job-${job}` } }))
    )
    if (a === undefined || b === undefined) return ['two jobs expected']
    const problems = [...badMessages(a, 'job a'), ...badMessages(b, 'job b')]
    const made = newNames(emulator, before)
    for (const [run, what] of [
      [a, 'job a'],
      [b, 'job b']
    ] as const)
      problems.push(...checkMain(run, emulator, before, what, made))
    const createdBy = (run: RunActionResult) =>
      [...(outcomesOf(run)?.entries() ?? [])].filter(([, o]) => o.result === 'created').map(([p]) => p)
    const twice = createdBy(a).filter((p) => createdBy(b).includes(p))
    if (twice.length > 0) problems.push(`both jobs reported creating the grant of ${twice.join(', ')}`)
    const ownOf = (run: RunActionResult): Set<string> =>
      new Set(
        [...(outcomesOf(run)?.values() ?? [])]
          .filter((o) => o.result === 'created')
          .map((o) => o.assignmentId?.split('/').pop()?.toLowerCase() ?? '')
      )
    const first = await act(emulator, plan, { entry: 'post', state: a.state, env: { GITHUB_JOB: 'job-a' } })
    problems.push(...checkAfterPost(first, emulator, before, ownOf(a), 'post of job a'))
    for (const name of ownOf(b))
      if (!emulator.world.roleAssignments.some((x) => key(x) === name))
        problems.push(`post of job a removed ${name}, job b's grant`)
    const second = await act(emulator, plan, { entry: 'post', state: b.state, env: { GITHUB_JOB: 'job-b' } })
    problems.push(...checkAfterPost(second, emulator, before, newNames(emulator, before), 'post of job b'))
    return problems
  }
  if (mode === 'cancellation') {
    let child: ChildProcess | undefined
    let puts = 0
    emulator.onRequest(targetOf('role assignment PUT'), () => {
      if (++puts === plan.cancelAtPut) child?.kill('SIGINT')
    })
    const main = await act(emulator, plan, { onStart: (c) => (child = c) })
    const post = await act(emulator, plan, { entry: 'post', state: main.state })
    return [
      ...badMessages(main, 'main'),
      ...checkAfterPost(post, emulator, before, newNames(emulator, before), 'post')
    ]
  }
  const main = await act(emulator, plan)
  const problems = checkMain(main, emulator, before, 'main')
  if (mode === 'rerun' && main.code === 0) {
    const again = await act(emulator, plan)
    problems.push(...checkMain(again, emulator, new Set(emulator.world.roleAssignments.map(key)), 'rerun'))
    if (again.code === 0 && again.outputs.changed !== 'false')
      problems.push('rerun: a rerun changed something')
  }
  if (mode === 'sweep' && main.code === 0) {
    const names = new Set(emulator.world.roleAssignments.map(key))
    if (names.has('0e0e0e0e-0000-4000-8000-0000000000a1'))
      problems.push('sweep: the expired grant of this identity is still there')
    if (!names.has('0e0e0e0e-0000-4000-8000-0000000000a2'))
      problems.push("sweep: removed another identity's grant")
  }
  if (mode === 'revoke' && main.code === 0)
    for (const p of PRINCIPALS.slice(0, plan.principals))
      if (grants(emulator, p).length > 0) problems.push(`revoke: ${p} still holds the role`)
  if (mode === 'temporary' || mode === 'pim') {
    const made = newNames(emulator, before)
    if (mode === 'pim') advancePimClock(emulator.world, 10 * 60_000)
    const post = await act(emulator, plan, { entry: 'post', state: main.state })
    problems.push(...checkAfterPost(post, emulator, before, made, 'post'))
  }
  // Whatever the mode: what was there before and is not this mode's to remove is untouched.
  const kept = emulator.world.roleAssignments.map(key)
  if (plan.existing && mode !== 'revoke' && !kept.includes('0e0e0e0e-0000-4000-8000-000000000001'))
    problems.push('a grant that existed before the run was removed')
  return problems
}

/** Runs one seed: a fresh emulator, the seed's plan, every invariant. Never throws for a broken invariant. */
export async function runSeed(seed: number): Promise<SuiteRun> {
  const plan = planOf(seed)
  const started = Date.now()
  const emulator = await startEmulator({ world: worldFor(plan) })
  try {
    const before = new Set(emulator.world.roleAssignments.map(key))
    arm(emulator, plan)
    const problems = await drive(emulator, plan, before)
    return { plan, problems, durationMs: Date.now() - started }
  } catch (error) {
    return { plan, problems: [`the run itself failed: ${String(error)}`], durationMs: Date.now() - started }
  } finally {
    await emulator.close()
  }
}

/** What a failed seed prints: how to replay it, what the plan was, what broke. */
export const reportOf = (run: SuiteRun): string =>
  `seed ${run.plan.seed} (replay: FAULT_SEED=${run.plan.seed}): ${describePlan(run.plan)}\n- ${run.problems.join('\n- ')}`
