// mode: report end to end (SPEC "Access report"): dist/index.js against the emulator, in a world with a direct
// grant, a group's grant, a grant inherited from the subscription, an expired temporary grant, a Reader and a
// Cognitive Services Contributor. Read-only: the journal shows no write.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS, ROLE_IDS, type RoleAssignment, type World } from '../../emulator/index.js'
import { ACCOUNT_SCOPE, act, errorOf, withEmulator, writes } from './harness.js'

const SUB_SCOPE = `/subscriptions/${DEFAULT_IDS.subscriptionId}`
const ALICE = DEFAULT_IDS.users.alice.id
const BOB = DEFAULT_IDS.users.bob.id
const AI_USERS = DEFAULT_IDS.groups.aiUsers.id
const WEB = DEFAULT_IDS.servicePrincipals.webApp.id
const BATCH = DEFAULT_IDS.servicePrincipals.batchJob.id
const PROBE = DEFAULT_IDS.probeApp.objectId
const IDENTITY = DEFAULT_IDS.probeIdentity.objectId
const SELF = DEFAULT_IDS.pipelineApp.objectId

let next = 0
function assignment(over: Partial<RoleAssignment>): RoleAssignment {
  const longAgo = Date.now() - 3_600_000
  next += 1
  return {
    name: `f0f0f0f0-0000-4000-8000-${String(next).padStart(12, '0')}`,
    scope: ACCOUNT_SCOPE,
    roleDefinitionGuid: ROLE_IDS.cognitiveServicesUser,
    principalId: WEB,
    principalType: 'ServicePrincipal',
    description: null,
    condition: null,
    createdOn: longAgo,
    updatedOn: longAgo,
    createdBy: null,
    updatedBy: null,
    ...over
  }
}

/** The six assignments of the "Done when". */
function reviewWorld(world: World): void {
  world.roleAssignments.push(
    assignment({ principalId: WEB }),
    assignment({ principalId: AI_USERS, principalType: 'Group' }),
    assignment({ scope: SUB_SCOPE, principalId: BATCH, roleDefinitionGuid: ROLE_IDS.openAiUser }),
    assignment({
      principalId: PROBE,
      description: 'integration tests. temporary until 2020-01-01T00:00:00Z'
    }),
    assignment({ principalId: BOB, principalType: 'User', roleDefinitionGuid: ROLE_IDS.reader }),
    assignment({ principalId: IDENTITY, roleDefinitionGuid: ROLE_IDS.cognitiveServicesContributor })
  )
}

interface Verdict {
  principal: string
  objectId: string
  result: string
  through: { role: string; group?: { objectId: string; displayName?: string } }[]
}
interface Report {
  changed: boolean
  scopes: {
    scope: string
    kind: string
    callers: {
      objectId: string
      inherited: boolean
      expired?: boolean
      temporaryUntil?: string
      displayName?: string
      role: { name: string }
    }[]
    principals: Verdict[]
    posture: { localAuth: string; publicNetworkAccess?: string; customSubDomain?: string }
  }[]
}

const REVIEW = {
  mode: 'report',
  principal: `user:${DEFAULT_IDS.users.alice.upn}\n${BOB}\nself`,
  'principal-type': ''
}

describe('mode: report', () => {
  it("lists exactly the callers, names the group in a member's verdict, refuses Reader and the pipeline, and writes nothing", async () => {
    await withEmulator({ world: reviewWorld }, async (emulator) => {
      const run = await act(emulator, REVIEW)
      expect(errorOf(run)).toBe('')
      expect(run.code).toBe(0)
      const report = JSON.parse(run.outputs.result ?? '{}') as Report
      expect(report.changed).toBe(false)
      const [scope] = report.scopes
      expect(scope?.scope.toLowerCase()).toBe(ACCOUNT_SCOPE.toLowerCase())
      const callers = scope?.callers ?? []
      expect(callers.map((c) => c.objectId).sort()).toEqual([WEB, AI_USERS, BATCH, PROBE].sort())
      expect(callers.find((c) => c.objectId === BATCH)).toMatchObject({
        inherited: true,
        role: { name: 'Cognitive Services OpenAI User' }
      })
      expect(callers.filter((c) => c.inherited).map((c) => c.objectId)).toEqual([BATCH])
      expect(callers.find((c) => c.objectId === PROBE)).toMatchObject({
        temporaryUntil: '2020-01-01T00:00:00Z',
        expired: true
      })
      expect(callers.find((c) => c.objectId === AI_USERS)?.displayName).toBe('ai-users')
      const [alice, bob, self] = scope?.principals ?? []
      expect(alice).toMatchObject({ objectId: ALICE, result: 'can call' })
      expect(alice?.through[0]?.group).toEqual({ objectId: AI_USERS, displayName: 'ai-users' })
      expect(bob).toMatchObject({ objectId: BOB, result: 'cannot call', through: [] })
      expect(self).toMatchObject({ objectId: SELF, result: 'cannot call' })
      expect(scope?.posture).toEqual({
        localAuth: 'enabled',
        publicNetworkAccess: 'Enabled',
        customSubDomain: 'ai-demo'
      })
      expect(run.stdout).toContain('::warning::API keys still work')
      expect(run.stdout).toContain(`--set properties.disableLocalAuth=true`)
      expect(run.summary).toContain('| Caller | Type | Role | Assigned at | Temporary |')
      expect(run.summary).toContain('through group ai-users')
      expect(run.summary).toContain('(expired)')
      expect(run.outputs.changed).toBe('false')
      expect(run.outputs['principal-ids']).toBe([ALICE, BOB, SELF].join('\n'))
      expect(writes(emulator)).toEqual([])
    })
  })

  it('gives no key warning once the account refuses API keys', async () => {
    const keyless = (world: World): void => {
      reviewWorld(world)
      const account = world.accounts[0]
      if (account !== undefined) account.disableLocalAuth = true
    }
    await withEmulator({ world: keyless }, async (emulator) => {
      const run = await act(emulator, REVIEW)
      expect(errorOf(run)).toBe('')
      const report = JSON.parse(run.outputs.result ?? '{}') as Report
      expect(report.scopes[0]?.posture.localAuth).toBe('disabled')
      expect(run.stdout).not.toContain('API keys still work')
      expect(writes(emulator)).toEqual([])
    })
  })

  it('needs no write permission and no Graph: a Reader without directory rights still gets callers and verdicts', async () => {
    const readerOnly = (world: World): void => {
      reviewWorld(world)
      const pipeline = world.servicePrincipals.find((sp) => sp.id === SELF)
      if (pipeline !== undefined) pipeline.graphAppRoles = []
      for (const a of world.roleAssignments)
        if (a.principalId === SELF) a.roleDefinitionGuid = ROLE_IDS.reader
      world.groups.push({
        id: 'cccccccc-0000-4000-8000-0000000000f1',
        displayName: 'nested',
        members: [ALICE]
      })
      const aiUsers = world.groups.find((g) => g.id === AI_USERS)
      if (aiUsers !== undefined) aiUsers.members = ['cccccccc-0000-4000-8000-0000000000f1']
    }
    await withEmulator({ world: readerOnly }, async (emulator) => {
      const run = await act(emulator, {
        mode: 'report',
        principal: `${ALICE}\n${BOB}`,
        'principal-type': 'User'
      })
      expect(errorOf(run)).toBe('')
      const report = JSON.parse(run.outputs.result ?? '{}') as Report
      const [scope] = report.scopes
      expect(scope?.callers.map((c) => c.objectId).sort()).toEqual([WEB, AI_USERS, BATCH, PROBE].sort())
      expect(scope?.callers.every((c) => c.displayName === undefined)).toBe(true)
      // Alice is in ai-users through a nested group: Resource Manager's assignedTo() expands it.
      expect(scope?.principals.map((v) => [v.result, v.through[0]?.group?.objectId])).toEqual([
        ['can call', AI_USERS],
        ['cannot call', undefined]
      ])
      expect(run.stdout).toContain('Microsoft Graph did not list group memberships')
      expect(writes(emulator)).toEqual([])
    })
  })
})
