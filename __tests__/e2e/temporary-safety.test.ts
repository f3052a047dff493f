// revoke-after-job that never takes another job's grant and survives cancellation, reruns and deadlines (SPEC
// "Temporary access"), end to end: dist/index.js and dist/post/index.js against the emulator, two steps at once
// where jobs run in parallel, the step cancelled (SIGINT, as a runner does) at a chosen request.
import { describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { DEFAULT_IDS, ROLE_IDS } from '../../emulator/index.js'
import type { Emulator, RoleAssignment } from '../../emulator/index.js'
import { ACCOUNT_SCOPE, act, errorOf, grantsOf, withEmulator, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice
const BOB = DEFAULT_IDS.users.bob
const ROLE = ROLE_IDS.cognitiveServicesUser
const TEMPORARY = { 'revoke-after-job': 'true' }
const ASSIGNMENT_PUT = { service: 'arm', method: 'PUT', path: /\/roleAssignments\/[^/]+$/i } as const

const warnings = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('::warning::'))
    .map((l) => l.replace(/^::warning::/, '').replace(/%0A/g, '\n'))

const puts = (emulator: Emulator) => writes(emulator).filter((e) => e.method === 'PUT')
const deletes = (emulator: Emulator) => writes(emulator).filter((e) => e.method === 'DELETE')

function seed(emulator: Emulator, over: Partial<RoleAssignment> & { name: string }): RoleAssignment {
  const longAgo = Date.now() - 3_600_000
  const assignment: RoleAssignment = {
    scope: ACCOUNT_SCOPE,
    roleDefinitionGuid: ROLE,
    principalId: ALICE.id,
    principalType: 'User',
    description: 'made in the portal',
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null,
    ...over
  }
  emulator.world.roleAssignments.push(assignment)
  return assignment
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('parallel jobs', () => {
  it('two jobs granting the same identity at once: one creates, the other reports already assigned with a warning, and only the creator removes it', async () => {
    await withEmulator({}, async (emulator) => {
      // Both list (nothing yet) before either writes: lined up at the PUT.
      const hold = emulator.hold({ ...ASSIGNMENT_PUT, times: 2 })
      const jobs = [1, 2].map((job) => act(emulator, TEMPORARY, { env: { GITHUB_JOB: `test-${job}` } }))
      await hold.waitFor(2)
      hold.release()
      const [first, second] = await Promise.all(jobs)
      expect([first?.code, second?.code]).toEqual([0, 0])
      const results = [first, second].map((r) => JSON.parse(r?.outputs.result ?? '{}'))
      const outcomes = [first, second].map((r) => (r?.summary.includes('| created') ? 'created' : 'already'))
      expect([...outcomes].sort()).toEqual(['already', 'created'])
      expect(results).toHaveLength(2)
      const creator = outcomes[0] === 'created' ? first : second
      const other = creator === first ? second : first
      if (!creator || !other) throw new Error('two jobs expected')
      expect(creator.outputs.changed).toBe('true')
      expect(other.outputs.changed).toBe('false')
      expect(grantsOf(emulator, SELF)).toHaveLength(1)

      const warned = warnings(other.stdout).join('\n')
      expect(warned).toContain("another job's temporary grant")
      expect(warned).toContain('may vanish when that job ends')
      expect(warned).toContain('mode: revoke')
      expect(warnings(creator.stdout)).toEqual([])

      // The job that did not create it ends first: its post step leaves the grant the other job still uses.
      emulator.clearJournal()
      const otherPost = await act(emulator, TEMPORARY, { entry: 'post', state: other.state })
      expect(otherPost.code).toBe(0)
      // It deletes only the name its own seed gives, which was never made (204): the creator's grant stays.
      const created = creator.outputs['role-assignment-ids'] ?? ''
      expect(deletes(emulator).map((e) => e.status)).toEqual([204])
      expect(deletes(emulator).map((e) => e.path)).not.toContain(created)
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
      emulator.clearJournal()
      const creatorPost = await act(emulator, TEMPORARY, { entry: 'post', state: creator.state })
      expect(creatorPost.code).toBe(0)
      expect(deletes(emulator).map((e) => `${e.path} ${e.status}`)).toEqual([`${created} 200`])
      expect(grantsOf(emulator, SELF)).toEqual([])
    })
  })

  it('a grant already in place is reported and never removed; no warning when it is permanent', async () => {
    await withEmulator({}, async (emulator) => {
      seed(emulator, {
        name: '0d1e2f3a-4b5c-4d6e-8f70-0000000000a1',
        principalId: SELF,
        principalType: 'ServicePrincipal'
      })
      const main = await act(emulator, TEMPORARY)
      expect(main.code).toBe(0)
      expect(main.summary).toContain('already assigned')
      expect(warnings(main.stdout)).toEqual([])
      expect(puts(emulator)).toEqual([])
      const post = await act(emulator, TEMPORARY, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(deletes(emulator)).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    })
  })
})

describe('cancellation', () => {
  it.each([
    ['before Resource Manager acted on the PUT', 'request' as const],
    ['after the PUT was made, its answer never arriving', 'response' as const]
  ])('a step cancelled during its PUTs (%s) leaves nothing behind after its post step', async (_, at) => {
    await withEmulator({}, async (emulator) => {
      const inputs = { ...TEMPORARY, principal: `${ALICE.id}\n${BOB.id}`, 'principal-type': 'User' }
      const hold = emulator.hold({ ...ASSIGNMENT_PUT, at, times: 2 })
      let child: ChildProcess | undefined
      const running = act(emulator, inputs, { onStart: (c) => (child = c) })
      await hold.waitFor(2)
      child?.kill('SIGINT')
      const main = await running
      expect(main.code).not.toBe(0)
      // Resource Manager had both requests in full: it acts on them whether or not the step is still there.
      hold.release({ reset: at === 'response' })
      await until(() => grantsOf(emulator, ALICE.id).length + grantsOf(emulator, BOB.id).length === 2)

      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(errorOf(post)).toBe('')
      expect(deletes(emulator).map((e) => e.status)).toEqual([200, 200])
      expect(grantsOf(emulator, ALICE.id)).toEqual([])
      expect(grantsOf(emulator, BOB.id)).toEqual([])
    })
  })

  it('a PUT whose answer never arrived is sent again, and the 200 to its own name counts as created', async () => {
    await withEmulator({}, async (emulator) => {
      const hold = emulator.hold({ ...ASSIGNMENT_PUT, at: 'response' })
      const running = act(emulator, TEMPORARY)
      await hold.arrived
      hold.release({ reset: true })
      const main = await running
      expect(main.code).toBe(0)
      expect(puts(emulator).map((e) => e.status)).toEqual([0, 200])
      expect(main.outputs.changed).toBe('true')
      const post = await act(emulator, TEMPORARY, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(grantsOf(emulator, SELF)).toEqual([])
    })
  })

  it('a step cancelled during the wait for propagation leaves nothing behind after its post step', async () => {
    await withEmulator({ propagationDelayMs: 600_000 }, async (emulator) => {
      const inputs = { ...TEMPORARY, 'wait-for-propagation': 'true' }
      let child: ChildProcess | undefined
      emulator.onRequest({ service: 'dataplane' }, () => child?.kill('SIGINT'), 1)
      const main = await act(emulator, inputs, { onStart: (c) => (child = c) })
      expect(main.code).not.toBe(0)
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(grantsOf(emulator, SELF)).toEqual([])
    })
  })
})

describe('reruns', () => {
  it("attempt 2 takes over attempt 1's orphaned temporary grant, and its post step removes it", async () => {
    await withEmulator({}, async (emulator) => {
      const attempt1 = await act(emulator, TEMPORARY, { env: { GITHUB_RUN_ATTEMPT: '1' } })
      expect(attempt1.code).toBe(0)
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
      // Attempt 1's post step never ran (its runner died). Attempt 2 of the same run:
      emulator.clearJournal()
      const attempt2 = await act(emulator, TEMPORARY, { env: { GITHUB_RUN_ATTEMPT: '2' } })
      expect(attempt2.code).toBe(0)
      expect(puts(emulator)).toEqual([])
      expect(attempt2.stdout).toContain('an earlier attempt of this run left behind; this step takes it over')
      expect(warnings(attempt2.stdout)).toEqual([])
      const post = await act(emulator, TEMPORARY, { entry: 'post', state: attempt2.state })
      expect(post.code).toBe(0)
      expect(deletes(emulator)).toHaveLength(1)
      expect(grantsOf(emulator, SELF)).toEqual([])
    })
  })

  it("another run's temporary grant is not taken over: it is left, with a warning", async () => {
    await withEmulator({}, async (emulator) => {
      const other = await act(emulator, TEMPORARY, { env: { GITHUB_RUN_ID: '1111' } })
      expect(other.code).toBe(0)
      const rerun = await act(emulator, TEMPORARY, { env: { GITHUB_RUN_ATTEMPT: '2' } })
      expect(warnings(rerun.stdout).join('\n')).toContain("another job's temporary grant")
      emulator.clearJournal()
      await act(emulator, TEMPORARY, { entry: 'post', state: rerun.state })
      expect(deletes(emulator)).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    })
  })

  it('a rerun of a permanent grant writes nothing', async () => {
    await withEmulator({}, async (emulator) => {
      expect((await act(emulator, {})).code).toBe(0)
      emulator.clearJournal()
      const rerun = await act(emulator, {}, { env: { GITHUB_RUN_ATTEMPT: '2' } })
      expect(rerun.code).toBe(0)
      expect(rerun.outputs.changed).toBe('false')
      expect(writes(emulator)).toEqual([])
      expect(rerun.state['temporary-grants']).toBeUndefined()
    })
  })
})

describe('the post step checks before it deletes', () => {
  const someoneElses = '0d1e2f3a-4b5c-4d6e-8f70-0000000000b1'
  const foreignState = (adopted: string[][]) => ({
    'temporary-grants': JSON.stringify({
      v: 1,
      seed: '0123456789abcdef0123456789abcdef',
      scopes: [[ACCOUNT_SCOPE, ROLE]],
      adopted
    })
  })

  it("given state naming someone else's assignment, it removes nothing", async () => {
    await withEmulator({}, async (emulator) => {
      seed(emulator, {
        name: someoneElses,
        createdBy: BOB.id,
        description: 'temporary until 2020-01-01T00:00:00Z'
      })
      const id = `${ACCOUNT_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${someoneElses}`
      for (const state of [
        foreignState([[ACCOUNT_SCOPE, ROLE, ALICE.id, someoneElses]]),
        { 'created-assignment-ids': JSON.stringify([id]) }
      ]) {
        emulator.clearJournal()
        const post = await act(emulator, TEMPORARY, { entry: 'post', state })
        expect(post.code).toBe(0)
        expect(deletes(emulator)).toEqual([])
      }
      expect(grantsOf(emulator, ALICE.id)).toHaveLength(1)
    })
  })

  it('an unreadable state is a visible warning, and nothing is removed', async () => {
    await withEmulator({}, async (emulator) => {
      const main = await act(emulator, TEMPORARY)
      const cut = { 'temporary-grants': (main.state['temporary-grants'] ?? '').slice(0, 20) }
      emulator.clearJournal()
      const post = await act(emulator, TEMPORARY, { entry: 'post', state: cut })
      expect(post.code).toBe(0)
      expect(warnings(post.stdout).join('\n')).toContain('the state the main step saved cannot be read')
      expect(emulator.journal).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    })
  })

  it('does nothing unless revoke-after-job is true', async () => {
    await withEmulator({}, async (emulator) => {
      const main = await act(emulator, TEMPORARY)
      emulator.clearJournal()
      const post = await act(emulator, { 'revoke-after-job': 'false' }, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(emulator.journal).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    })
  })
})

describe('deadlines and inputs', () => {
  it('a Retry-After longer than the time left fails at once, saying so, and nothing more is sent', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.injectFault({
        ...ASSIGNMENT_PUT,
        response: {
          status: 429,
          headers: { 'retry-after': '1200' },
          body: { error: { code: 'TooManyRequests', message: 'Too many requests.' } }
        }
      })
      const main = await act(emulator, TEMPORARY)
      expect(main.code).toBe(1)
      expect(errorOf(main)).toContain('asked to wait 1200 s (Retry-After)')
      expect(errorOf(main)).toContain("left before the step's deadline")
      expect(puts(emulator)).toHaveLength(1)
      expect(grantsOf(emulator, SELF)).toEqual([])
    })
  })

  it('the step deadline stops work in flight: the step fails while its PUT is unanswered, and sends nothing more', async () => {
    await withEmulator({}, async (emulator) => {
      const hold = emulator.hold(ASSIGNMENT_PUT)
      const main = await act(emulator, TEMPORARY, { env: { ENTRA_ACCESS_STEP_DEADLINE_MS: '8000' } })
      // The step ended while its PUT was still held: its work did not outlive the deadline.
      expect(hold.released).toBe(false)
      expect(main.code).toBe(1)
      expect(errorOf(main)).toContain('did not finish within 8 s')
      hold.release({ reset: true })
      expect(puts(emulator)).toHaveLength(1)
      expect(grantsOf(emulator, SELF)).toEqual([])
    })
  })

  it('a principal of only spaces and blank lines is an error naming the input, before any request', async () => {
    await withEmulator({}, async (emulator) => {
      const main = await act(emulator, { principal: '  \n   \n' })
      expect(main.code).toBe(1)
      expect(errorOf(main)).toContain("Input 'principal'")
      expect(errorOf(main)).toContain('is empty')
      expect(emulator.journal).toEqual([])
    })
  })
})
