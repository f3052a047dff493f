// The rest of an assignment's life end to end (SPEC behaviour 8 and the inputs mode, dry-run, revoke-after-job,
// allow-privileged-role, description): dist/index.js and dist/post/index.js against the emulator.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS, ROLE_IDS } from '../../emulator/index.js'
import type { Emulator, RoleAssignment } from '../../emulator/index.js'
import { assignmentName } from '../../src/grant/assignment-name.js'
import { temporaryName } from '../../src/grant/temporary-name.js'
import { ACCOUNT_SCOPE, act, emulatorFor, errorOf, grantsOf, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice
const BOB = DEFAULT_IDS.users.bob
const COGNITIVE_SERVICES_USER = ROLE_IDS.cognitiveServicesUser
const RG_SCOPE = `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}`
const STATE_KEY = 'temporary-grants'

/** The seed, principals and scopes revoke-after-job saved for its post step (version 2: short keys). */
function savedState(state: Record<string, string>): {
  seed: string
  principals: string[]
  scopes: [string, string, number[]][]
  adopted: string[][]
} {
  const raw = JSON.parse(state[STATE_KEY] ?? 'null') as {
    v: number
    seed: string
    p: string[]
    s: [string, string, number[]][]
    a: string[][]
  }
  expect(raw.v).toBe(2)
  return { seed: raw.seed, principals: raw.p, scopes: raw.s, adopted: raw.a }
}

const assignmentIdOf = (scope: string, name: string): string =>
  `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`

/** Puts an assignment into the world as if made elsewhere (portal, CLI, Bicep); returns its ID. */
function seed(
  emulator: Emulator,
  principalId: string,
  principalType: string,
  name: string,
  { scope = ACCOUNT_SCOPE, roleGuid = COGNITIVE_SERVICES_USER as string } = {}
): string {
  const longAgo = Date.now() - 3_600_000
  const assignment: RoleAssignment = {
    name,
    scope,
    roleDefinitionGuid: roleGuid,
    principalId,
    principalType,
    description: 'made in the portal',
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null
  }
  emulator.world.roleAssignments.push(assignment)
  return assignmentIdOf(scope, name)
}

/** Every request that would change something, to any service. */
const anyWrite = (emulator: Emulator) =>
  emulator.journal.filter((e) => ['PUT', 'PATCH', 'DELETE'].includes(e.method))

/** The summary's rows, as [principal as given, result]. */
const summaryRows = (summary: string): [string, string][] =>
  summary
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| Principal') && !line.startsWith('| ---'))
    .map((line) => {
      const cells = line.split(' | ')
      return [(cells[0] ?? '').replace(/^\| /, ''), (cells.at(-1) ?? '').replace(/ \|$/, '')]
    })

const lines = (output: string | undefined): string[] => (output ?? '').split('\n')

describe('lifecycle', () => {
  let emulator: Emulator
  beforeEach(async () => {
    emulator = await emulatorFor()
  })
  afterEach(async () => {
    await emulator.close()
  })

  describe('mode: revoke', () => {
    it('removes the role whatever the assignment is named, only at the account, and a rerun changes nothing', async () => {
      const foreign = seed(emulator, SELF, 'ServicePrincipal', '0d1e2f3a-4b5c-4d6e-8f70-000000000001')
      // The same role higher up and another role at the account are not this step's business.
      const inherited = seed(emulator, ALICE.id, 'User', '0d1e2f3a-4b5c-4d6e-8f70-000000000002', {
        scope: RG_SCOPE
      })
      const otherRole = seed(emulator, SELF, 'ServicePrincipal', '0d1e2f3a-4b5c-4d6e-8f70-000000000003', {
        roleGuid: ROLE_IDS.openAiUser
      })
      const principal = `self\nuser:${ALICE.upn}`
      const result = await act(emulator, { mode: 'revoke', principal })
      expect(result.code).toBe(0)
      expect(writes(emulator).map((e) => `${e.method} ${e.path}`)).toEqual([`DELETE ${foreign}`])
      expect(grantsOf(emulator, SELF)).toEqual([])
      const ids = emulator.world.roleAssignments.map((a) => assignmentIdOf(a.scope, a.name))
      expect(ids).toEqual(expect.arrayContaining([inherited, otherRole]))
      expect(result.outputs.changed).toBe('true')
      expect(lines(result.outputs['principal-ids'])).toEqual([SELF, ALICE.id])
      expect(lines(result.outputs['role-assignment-ids'])).toEqual([foreign, ''])
      expect(summaryRows(result.summary)).toEqual([
        ['self', 'removed'],
        [`user:${ALICE.upn}`, 'not assigned']
      ])
      expect(result.stdout).toContain('Cognitive Services User removed')

      emulator.clearJournal()
      const again = await act(emulator, { mode: 'revoke', principal })
      expect(again.code).toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(again.outputs.changed).toBe('false')
      expect(summaryRows(again.summary).map(([, outcome]) => outcome)).toEqual([
        'not assigned',
        'not assigned'
      ])
    })

    it('revokes a privileged role without allow-privileged-role: removing access is never refused', async () => {
      const owner = seed(emulator, BOB.id, 'User', '0d1e2f3a-4b5c-4d6e-8f70-000000000004', {
        roleGuid: ROLE_IDS.owner
      })
      const result = await act(emulator, { mode: 'revoke', principal: `user:${BOB.upn}`, role: 'Owner' })
      expect(result.code).toBe(0)
      expect(writes(emulator).map((e) => `${e.method} ${e.path}`)).toEqual([`DELETE ${owner}`])
    })
  })

  describe('dry-run', () => {
    it('assign: resolves and reads everything, says would create / already assigned, writes nothing', async () => {
      const existing = seed(emulator, ALICE.id, 'User', '0d1e2f3a-4b5c-4d6e-8f70-000000000005')
      const result = await act(emulator, {
        principal: `self\nuser:${ALICE.upn}`,
        'dry-run': 'true',
        'revoke-after-job': 'true',
        'wait-for-propagation': 'true'
      })
      expect(result.code).toBe(0)
      expect(anyWrite(emulator)).toEqual([])
      expect(emulator.journal.some((e) => e.service === 'dataplane')).toBe(false)
      expect(grantsOf(emulator, SELF)).toEqual([])
      expect(result.summary).toContain('dry run: nothing was changed')
      expect(summaryRows(result.summary)).toEqual([
        ['self', 'would create'],
        [`user:${ALICE.upn}`, 'already assigned']
      ])
      expect(result.stdout).toContain(
        `self (${SELF}, ServicePrincipal): Cognitive Services User would create`
      )
      expect(result.stdout).toContain(
        `user:${ALICE.upn} (${ALICE.id}, User): Cognitive Services User already assigned — ${existing}`
      )
      expect(result.outputs.changed).toBe('false')
      expect(lines(result.outputs['role-assignment-ids'])).toEqual(['', existing])
      expect(result.outputs['propagation-seconds']).toBe('')
      // Nothing was created, so the post step has nothing to remove.
      expect(result.state[STATE_KEY]).toBeUndefined()
    })

    it('revoke: says would remove / not assigned, sends no DELETE', async () => {
      const existing = seed(emulator, ALICE.id, 'User', '0d1e2f3a-4b5c-4d6e-8f70-000000000006')
      const result = await act(emulator, {
        mode: 'revoke',
        principal: `user:${ALICE.upn}\nuser:${BOB.upn}`,
        'dry-run': 'true'
      })
      expect(result.code).toBe(0)
      expect(anyWrite(emulator)).toEqual([])
      expect(grantsOf(emulator, ALICE.id)).toHaveLength(1)
      expect(summaryRows(result.summary)).toEqual([
        [`user:${ALICE.upn}`, 'would remove'],
        [`user:${BOB.upn}`, 'not assigned']
      ])
      expect(result.stdout).toContain('Cognitive Services User would remove')
      expect(result.stdout).toContain('Cognitive Services User not assigned')
      expect(result.outputs.changed).toBe('false')
      expect(lines(result.outputs['role-assignment-ids'])).toEqual([existing, ''])
    })
  })

  describe('revoke-after-job', () => {
    it('post removes exactly what main created: not an assignment that existed before, of this or another principal', async () => {
      const alicesOwn = seed(emulator, ALICE.id, 'User', '0d1e2f3a-4b5c-4d6e-8f70-000000000007')
      const bobsOwn = seed(emulator, BOB.id, 'User', '0d1e2f3a-4b5c-4d6e-8f70-000000000008')
      const inputs = { principal: `self\nuser:${ALICE.upn}`, 'revoke-after-job': 'true' }
      const main = await act(emulator, inputs)
      expect(main.code).toBe(0)
      const created = lines(main.outputs['role-assignment-ids'])[0] ?? ''
      const saved = savedState(main.state)
      expect(saved.seed).toMatch(/^[0-9a-f]{32}$/)
      // Only SELF was written for (alice had the role): the post step computes that one name from seed and state.
      expect(saved.principals).toEqual([SELF])
      expect(saved.scopes).toEqual([[ACCOUNT_SCOPE, COGNITIVE_SERVICES_USER, [0]]])
      // A name only this step knows: from its random seed, never the name a permanent grant would get.
      expect(created).toBe(
        assignmentIdOf(ACCOUNT_SCOPE, temporaryName(saved.seed, ACCOUNT_SCOPE, SELF, COGNITIVE_SERVICES_USER))
      )
      expect(created).not.toContain(assignmentName(ACCOUNT_SCOPE, SELF, COGNITIVE_SERVICES_USER))

      emulator.clearJournal()
      const post = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(errorOf(post)).toBe('')
      expect(writes(emulator).map((e) => `${e.method} ${e.path}`)).toEqual([`DELETE ${created}`])
      expect(post.stdout).toContain(`Removed ${created}.`)
      expect(grantsOf(emulator, SELF)).toEqual([])
      const left = emulator.world.roleAssignments.map((a) => assignmentIdOf(a.scope, a.name))
      expect(left).toEqual(expect.arrayContaining([alicesOwn, bobsOwn]))
      expect(left).toContain(assignmentIdOf(RG_SCOPE, DEFAULT_IDS.pipelineRbacAssignment))
    })

    it('main that created nothing leaves post nothing to do', async () => {
      seed(emulator, SELF, 'ServicePrincipal', '0d1e2f3a-4b5c-4d6e-8f70-000000000009')
      const main = await act(emulator, { 'revoke-after-job': 'true' })
      expect(main.code).toBe(0)
      expect(main.state[STATE_KEY]).toBeUndefined()
      emulator.clearJournal()
      const post = await act(emulator, { 'revoke-after-job': 'true' }, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(post.stdout).toContain('nothing to remove')
      expect(emulator.journal).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    })

    it('post survives an assignment removed by someone else before it runs', async () => {
      const main = await act(emulator, { 'revoke-after-job': 'true' })
      expect(main.code).toBe(0)
      const created = main.outputs['role-assignment-ids'] ?? ''
      emulator.world.roleAssignments = emulator.world.roleAssignments.filter(
        (a) => assignmentIdOf(a.scope, a.name) !== created
      )
      emulator.clearJournal()
      const post = await act(emulator, { 'revoke-after-job': 'true' }, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(errorOf(post)).toBe('')
      expect(post.stdout).toContain("none of this step's role assignments is left to remove")
      // By name, whatever a list shows: the DELETE finds it gone (204).
      expect(writes(emulator).map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
        `DELETE ${created} 204`
      ])
    })

    it('post survives a 404 to its DELETE (removed meanwhile): done, not an error', async () => {
      const main = await act(emulator, { 'revoke-after-job': 'true' })
      const created = main.outputs['role-assignment-ids'] ?? ''
      emulator.injectFault({
        service: 'arm',
        method: 'DELETE',
        response: {
          status: 404,
          body: { error: { code: 'RoleAssignmentNotFound', message: 'The role assignment was not found.' } }
        }
      })
      emulator.clearJournal()
      const post = await act(emulator, { 'revoke-after-job': 'true' }, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(errorOf(post)).toBe('')
      expect(post.stdout).toContain("none of this step's role assignments is left to remove")
      expect(writes(emulator).map((e) => `${e.path} ${e.status}`)).toEqual([`${created} 404`])
    })

    it('post never fails the job when Resource Manager refuses, but says in an error line what it could not remove', async () => {
      const main = await act(emulator, { 'revoke-after-job': 'true' })
      expect(main.code).toBe(0)
      const created = main.outputs['role-assignment-ids'] ?? ''
      emulator.injectFault({
        service: 'arm',
        method: 'DELETE',
        response: {
          status: 403,
          body: {
            error: {
              code: 'AuthorizationFailed',
              message: `The client '${SELF}' with object id '${SELF}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete' over scope '${created}' or the scope is invalid.`
            }
          }
        }
      })
      const post = await act(emulator, { 'revoke-after-job': 'true' }, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      const error = errorOf(post)
      expect(error).toContain('could not remove 1 role assignment')
      expect(error).toContain(created)
      expect(error).toContain(
        "does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete'"
      )
      expect(error).toContain('az role assignment delete')
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    })
  })

  describe('privileged roles', () => {
    it.each([
      'Owner',
      'Contributor',
      'User Access Administrator',
      'Role Based Access Control Administrator',
      ROLE_IDS.owner
    ])('refuses %s before any write', async (role) => {
      const result = await act(emulator, { role })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain('is a privileged administrator role')
      expect(errorOf(result)).toContain('allow-privileged-role: true')
      expect(errorOf(result)).toContain('Nothing was changed')
      expect(anyWrite(emulator)).toEqual([])
    })

    it('assigns one when allow-privileged-role is true', async () => {
      const result = await act(emulator, { role: 'Contributor', 'allow-privileged-role': 'true' })
      expect(result.code).toBe(0)
      expect(grantsOf(emulator, SELF, ROLE_IDS.contributor)).toHaveLength(1)
    })

    describe('custom roles', () => {
      const custom = (id: string, roleName: string, actions: string[], dataActions: string[] = []) => ({
        id,
        roleName,
        type: 'CustomRole' as const,
        description: 'custom',
        assignableScopes: [`/subscriptions/${DEFAULT_IDS.subscriptionId}`],
        permissions: [{ actions, notActions: [], dataActions, notDataActions: [] }]
      })
      beforeEach(() => {
        emulator.world.roleDefinitions.push(
          custom('9a0b1c2d-0000-4000-8000-000000000001', 'Access Granter', [
            'Microsoft.Authorization/roleAssignments/write'
          ]),
          custom('9a0b1c2d-0000-4000-8000-000000000002', 'Authorization Everything', [
            'Microsoft.Authorization/*'
          ]),
          custom(
            '9a0b1c2d-0000-4000-8000-000000000003',
            'Inference Only',
            ['Microsoft.CognitiveServices/accounts/read'],
            ['Microsoft.CognitiveServices/accounts/OpenAI/*']
          )
        )
      })

      it.each([
        ['by name', 'Access Granter'],
        ['by GUID', '9a0b1c2d-0000-4000-8000-000000000001'],
        ['through a wildcard', 'Authorization Everything']
      ])('refuses one that can write role assignments (%s) before any write', async (_, role) => {
        const result = await act(emulator, { role })
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain('is a privileged administrator role')
        expect(anyWrite(emulator)).toEqual([])
      })

      it('assigns one that carries no authorization actions', async () => {
        const result = await act(emulator, { role: 'Inference Only' })
        expect(result.code).toBe(0)
        expect(grantsOf(emulator, SELF, '9a0b1c2d-0000-4000-8000-000000000003')).toHaveLength(1)
      })
    })
  })

  describe('description', () => {
    it('by default names the repository, workflow, run ID and attempt, and actor', async () => {
      const result = await act(emulator, {}, { env: { GITHUB_RUN_ATTEMPT: '3', GITHUB_ACTOR: 'hubot' } })
      expect(result.code).toBe(0)
      const sent = JSON.parse(writes(emulator)[0]?.body ?? '{}').properties.description as string
      for (const part of [
        'octo-org/octo-repo',
        "workflow 'deploy'",
        'run 4242424242',
        'attempt 3',
        'actor hubot'
      ])
        expect(sent).toContain(part)
      expect(sent).toContain('https://github.com/octo-org/octo-repo/actions/runs/4242424242/attempts/3')
      expect(grantsOf(emulator, SELF)[0]?.description).toBe(sent)
    })

    it('stores a custom description', async () => {
      const description = 'Granted for the nightly evaluation job (ticket OPS-1234)'
      const result = await act(emulator, { description })
      expect(result.code).toBe(0)
      expect(grantsOf(emulator, SELF)[0]?.description).toBe(description)
    })
  })

  describe('many principals', () => {
    const users = Array.from({ length: 12 }, (_, i) => {
      const n = String(i + 1).padStart(2, '0')
      return {
        id: `ffffffff-0000-4000-8000-0000000001${n}`,
        upn: `user${n}@${DEFAULT_IDS.tenantDomain}`,
        displayName: `User ${n}`
      }
    })
    /** Not in numeric order, so input order cannot come about by accident. */
    const order = [7, 2, 11, 0, 9, 4, 1, 10, 5, 3, 8, 6]
    const inputOrder = order.map((i) => users[i] as (typeof users)[number])

    beforeEach(() => {
      for (const user of users)
        emulator.world.users.push({ id: user.id, userPrincipalName: user.upn, displayName: user.displayName })
    })

    it('results, outputs and summary keep input order', async () => {
      const result = await act(emulator, { principal: inputOrder.map((u) => `user:${u.upn}`).join('\n') })
      expect(result.code).toBe(0)
      expect(lines(result.outputs['principal-ids'])).toEqual(inputOrder.map((u) => u.id))
      expect(lines(result.outputs['role-assignment-ids'])).toEqual(
        inputOrder.map((u) =>
          assignmentIdOf(ACCOUNT_SCOPE, assignmentName(ACCOUNT_SCOPE, u.id, COGNITIVE_SERVICES_USER))
        )
      )
      for (const user of users) expect(grantsOf(emulator, user.id)).toHaveLength(1)
      expect(summaryRows(result.summary)).toEqual(inputOrder.map((u) => [`user:${u.upn}`, 'created']))
    })

    it('one that cannot be resolved blocks every write, and is named', async () => {
      const missing = `nobody@${DEFAULT_IDS.tenantDomain}`
      const principal = [
        ...inputOrder.slice(0, 5).map((u) => `user:${u.upn}`),
        `user:${missing}`,
        ...inputOrder.slice(6).map((u) => `user:${u.upn}`)
      ].join('\n')
      const result = await act(emulator, { principal })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain(`user '${missing}' was not found in the directory`)
      expect(anyWrite(emulator)).toEqual([])
      for (const user of users) expect(grantsOf(emulator, user.id)).toEqual([])
    })

    it('one whose PUT fails: the others are assigned, the step fails listing it, outputs keep its line; post removes the others', async () => {
      const five = inputOrder.slice(0, 5)
      const failing = five[2] as (typeof five)[number]
      const failingName = 'its-temporary-name'
      emulator.injectFault({
        service: 'arm',
        method: 'PUT',
        path: /\/roleAssignments\/[^/]+$/,
        where: (req) => req.body.includes(failing.id),
        response: {
          status: 403,
          body: {
            error: {
              code: 'RequestDisallowedByPolicy',
              message: `Resource '${failingName}' was disallowed by policy. Policy identifiers: '[{"policyAssignment":{"name":"No guest access"}}]'.`
            }
          }
        }
      })
      const inputs = { principal: five.map((u) => `user:${u.upn}`).join('\n'), 'revoke-after-job': 'true' }
      const result = await act(emulator, inputs)
      expect(result.code).toBe(1)
      const error = errorOf(result)
      expect(error).toContain('1 of 5 principals failed')
      expect(error).toContain(`- user:${failing.upn}: `)
      expect(error).toContain('RequestDisallowedByPolicy')
      for (const user of five) expect(grantsOf(emulator, user.id)).toHaveLength(user === failing ? 0 : 1)
      const ids = lines(result.outputs['role-assignment-ids'])
      expect(ids).toHaveLength(5)
      expect(ids[2]).toBe('')
      expect(ids.filter((id) => id !== '')).toHaveLength(4)
      const principalIds = lines(result.outputs['principal-ids'])
      expect(principalIds).toHaveLength(5)
      for (const i of [0, 1, 3, 4]) expect(principalIds[i]).toBe(five[i]?.id)
      expect(result.outputs.changed).toBe('true')
      const rows = summaryRows(result.summary)
      expect(rows.map(([raw]) => raw)).toEqual(five.map((u) => `user:${u.upn}`))
      expect(rows[2]?.[1]).toMatch(/^failed: .*RequestDisallowedByPolicy/)
      expect(rows.filter(([, outcome]) => outcome === 'created')).toHaveLength(4)

      // A failed main step still hands the post step what it did create, and only that.
      // Every principal it was about to write for (the refused one too: its PUT might have been applied).
      const saved = savedState(result.state)
      expect([...saved.principals].sort()).toEqual(five.map((u) => u.id).sort())
      expect(saved.scopes.map(([scope, role, at]) => [scope, role, at.length])).toEqual([
        [ACCOUNT_SCOPE, COGNITIVE_SERVICES_USER, five.length]
      ])
      emulator.clearJournal()
      const post = await act(emulator, inputs, { entry: 'post', state: result.state })
      expect(post.code).toBe(0)
      expect(errorOf(post)).toBe('')
      // Four removed; the refused one's name is not there (204).
      expect(
        writes(emulator)
          .map((e) => `${e.method} ${e.status}`)
          .sort()
      ).toEqual([...Array(4).fill('DELETE 200'), 'DELETE 204'].sort())
      for (const user of five) expect(grantsOf(emulator, user.id)).toEqual([])
    })
  })
})
