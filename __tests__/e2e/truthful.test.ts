// Truthful under faults (SPEC "Truthful under faults", issue 20), end to end through dist/ against the emulator:
// reads that lag a write, answers lost after Azure applied the request, throttling from Entra ID. Each case here
// was wrong before: an orphaned temporary grant, a failed PIM step for a grant that exists, "not assigned" for a
// removal this step made, "already assigned" for a grant it created, no `result` from a sweep, MSAL's network_error.
import { describe, expect, it } from '@jest/globals'
import type { ChildProcess } from 'node:child_process'
import { advancePimClock, DEFAULT_IDS, ROLE_IDS, type World } from '../../emulator/index.js'
import { act, errorOf, existingAssignment, grantsOf, withEmulator } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice.id
const RG_SCOPE = `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}`
const ASSIGNMENT = /\/roleAssignments\/[^/]+$/i
const REQUEST = /\/roleAssignmentScheduleRequests\/[^/]+$/i
const warnings = (stdout: string): string[] => stdout.split('\n').filter((l) => l.startsWith('::warning::'))
const resultOf = (outputs: Record<string, string>) =>
  JSON.parse(outputs.result ?? 'null') as { changed: boolean; scopes: { principals: { result: string }[] }[] }
const outcomes = (outputs: Record<string, string>): string[] =>
  resultOf(outputs).scopes.flatMap((s) => s.principals.map((p) => p.result))

describe('1. the post step removes by name, whatever a lagging list shows', () => {
  it('a grant the list does not show yet is still removed, and the log does not say "none left"', async () => {
    await withEmulator({}, async (emulator) => {
      const inputs = { 'revoke-after-job': 'true', principal: ALICE, 'principal-type': 'User' }
      emulator.lagReads(60_000)
      const main = await act(emulator, inputs)
      expect(errorOf(main)).toBe('')
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(grantsOf(emulator, ALICE)).toEqual([])
      expect(post.stdout).not.toContain('none of this step')
      expect(post.stdout).toContain('Removed ')
    })
  })

  it('a step cancelled after its PUT was applied leaves nothing behind, though the list lags', async () => {
    await withEmulator({}, async (emulator) => {
      const inputs = { 'revoke-after-job': 'true', principal: ALICE, 'principal-type': 'User' }
      emulator.lagReads(60_000)
      const hold = emulator.hold({ service: 'arm', method: 'PUT', path: ASSIGNMENT, at: 'response' })
      let child: ChildProcess | undefined
      const running = act(emulator, inputs, { onStart: (c) => (child = c) })
      await hold.arrived
      child?.kill('SIGINT')
      const main = await running
      hold.release({ reset: true })
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(grantsOf(emulator, ALICE)).toEqual([])
    })
  })
})

/** The pipeline identity with User Access Administrator on the resource group: what PIM needs. */
const withUserAccessAdministrator = (world: World): void => {
  world.roleAssignments.push(
    existingAssignment({
      name: 'eeeeeeee-0000-4000-8000-0000000000aa',
      scope: RG_SCOPE,
      roleDefinitionGuid: ROLE_IDS.userAccessAdministrator,
      principalId: SELF,
      principalType: 'ServicePrincipal',
      createdBy: null
    })
  )
}

describe('2. PIM after a lost answer', () => {
  it("a resent AdminAssign answered 409 RoleAssignmentScheduleRequestExists is this step's grant; a lost AdminRemove answer still ends it", async () => {
    await withEmulator({ world: withUserAccessAdministrator }, async (emulator) => {
      const inputs = {
        'revoke-after-job': 'true',
        'time-bound': 'pim',
        principal: ALICE,
        'principal-type': 'User'
      }
      emulator.injectFault({ service: 'arm', method: 'PUT', path: REQUEST, response: 'lost' })
      const main = await act(emulator, inputs)
      expect(errorOf(main)).toBe('')
      expect(main.code).toBe(0)
      expect(emulator.journal.some((e) => e.faultKind === 'lost')).toBe(true)
      expect(outcomes(main.outputs)).toEqual(['created'])
      expect(main.outputs.changed).toBe('true')
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)

      advancePimClock(emulator.world, 10 * 60_000)
      emulator.injectFault({ service: 'arm', method: 'PUT', path: REQUEST, response: 'lost' })
      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(warnings(post.stdout)).toEqual([])
      expect(post.stdout).toContain('Ended the PIM grant')
      expect(grantsOf(emulator, ALICE)).toEqual([])
    })
  })
})

describe('3. a lost DELETE answer', () => {
  it('mode: revoke whose resent DELETE gets 204 reports removed and changed', async () => {
    const seed = (world: World) =>
      world.roleAssignments.push(existingAssignment({ name: '5eed0000-0000-4000-8000-0000000000d1' }))
    await withEmulator({ world: seed }, async (emulator) => {
      emulator.injectFault({ service: 'arm', method: 'DELETE', path: ASSIGNMENT, response: 'lost' })
      const run = await act(emulator, { mode: 'revoke', principal: ALICE, 'principal-type': 'User' })
      expect(errorOf(run)).toBe('')
      expect(grantsOf(emulator, ALICE)).toEqual([])
      expect(outcomes(run.outputs)).toEqual(['removed'])
      expect(run.outputs.changed).toBe('true')
      expect(run.summary).toContain('| removed')
    })
  })

  it('mode: sweep whose resent DELETE gets 204 reports removed, and sets result', async () => {
    const past = 'Granted by GitHub Actions: octo/repo, run 1. temporary until 2020-01-01T00:00:00Z'
    const seed = (world: World) =>
      world.roleAssignments.push(
        existingAssignment({ name: '5eed0000-0000-4000-8000-0000000000d2', description: past })
      )
    await withEmulator({ world: seed }, async (emulator) => {
      emulator.injectFault({ service: 'arm', method: 'DELETE', path: ASSIGNMENT, response: 'lost' })
      const run = await act(emulator, { mode: 'sweep' })
      expect(errorOf(run)).toBe('')
      expect(grantsOf(emulator, ALICE)).toEqual([])
      expect(run.outputs.changed).toBe('true')
      expect(outcomes(run.outputs)).toEqual(['removed'])
    })
  })
})

describe('4. a lost PUT answer on a permanent grant', () => {
  it('the resend gets 200, and the step that created the grant says created and changed: true', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.injectFault({ service: 'arm', method: 'PUT', path: ASSIGNMENT, response: 'lost' })
      const run = await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      expect(errorOf(run)).toBe('')
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      expect(outcomes(run.outputs)).toEqual(['created'])
      expect(run.outputs.changed).toBe('true')
      expect(run.summary).toContain('| created')
      // A rerun finds it: already assigned, nothing changed.
      const again = await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      expect(outcomes(again.outputs)).toEqual(['already assigned'])
      expect(again.outputs.changed).toBe('false')
    })
  })

  it('a 200 to a PUT that was not resent stays already assigned (another run made it, the list lagged)', async () => {
    await withEmulator({}, async (emulator) => {
      const first = await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      expect(outcomes(first.outputs)).toEqual(['created'])
      emulator.lagReads(60_000)
      const second = await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      expect(outcomes(second.outputs)).toEqual(['already assigned'])
      expect(second.outputs.changed).toBe('false')
    })
  })
})

describe('5. every mode sets result', () => {
  it('mode: sweep with nothing to remove still sets result', async () => {
    await withEmulator({}, async (emulator) => {
      const run = await act(emulator, { mode: 'sweep' })
      expect(run.code).toBe(0)
      expect(resultOf(run.outputs)).toEqual({ changed: false, scopes: [] })
    })
  })
})

describe('6. throttling says what it is', () => {
  it('Entra ID answering 429 with Retry-After is reported as such, not as network_error', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.injectFault({
        service: 'login',
        method: 'POST',
        times: Infinity,
        response: {
          status: 429,
          headers: { 'retry-after': '7200' },
          body: { error: 'temporarily_unavailable', error_description: 'AADSTS50196: too many requests.' }
        }
      })
      const run = await act(emulator, {})
      expect(run.code).not.toBe(0)
      const error = errorOf(run)
      expect(error).not.toContain('network_error')
      expect(error).toContain('answered 429')
      expect(error).toContain('7200 s (Retry-After)')
      expect(error).toContain('/oauth2/v2.0/token')
    })
  })

  it('Entra ID failing with 5xx through every retry is reported with its status', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.injectFault({
        service: 'login',
        method: 'POST',
        times: Infinity,
        response: { status: 503, headers: { 'retry-after': '1' }, body: 'Service Unavailable' }
      })
      const run = await act(emulator, {}, { timeoutMs: 120_000 })
      const error = errorOf(run)
      expect(error).not.toContain('network_error')
      expect(error).toContain('Microsoft Entra ID answered 503')
    })
  }, 120_000)

  it('a capped Retry-After on Resource Manager names the operation, not only the host', async () => {
    await withEmulator({}, async (emulator) => {
      emulator.injectFault({
        service: 'arm',
        method: 'PUT',
        path: ASSIGNMENT,
        response: {
          status: 429,
          headers: { 'retry-after': '7200' },
          body: { error: { code: 'TooManyRequests', message: 'Slow down.' } }
        }
      })
      const run = await act(emulator, { principal: ALICE, 'principal-type': 'User' })
      const error = errorOf(run)
      expect(error).toMatch(/\(PUT \/subscriptions\/[^ ]+\/roleAssignments\/[0-9a-f-]+\) answered 429/)
      expect(error).toContain('7200 s (Retry-After)')
    })
  })
})
