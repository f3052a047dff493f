// Temporary access that ends even when no post step runs (SPEC "Temporary access"): time-bound: pim (Azure PIM
// grants, policy refusals before writing, the licence, the five-minute rule in the post step) and mode: sweep,
// end to end: dist/index.js and dist/post/index.js against the emulator.
import { describe, expect, it } from '@jest/globals'
import {
  advancePimClock,
  DEFAULT_IDS,
  PIM_SERVICE_OBJECT_ID,
  pimOf,
  ROLE_IDS,
  type Emulator,
  type RoleAssignment,
  type World
} from '../../emulator/index.js'
import { ACCOUNT_SCOPE, act, errorOf, grantsOf, withEmulator, writes, existingAssignment } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice.id
const RG_SCOPE = `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}`
const PIM = { 'revoke-after-job': 'true', 'time-bound': 'pim', principal: ALICE, 'principal-type': 'User' }
const REQUESTS = '/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/'

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

const pimRequests = (emulator: Emulator) =>
  emulator.journal
    .filter((e) => e.service === 'arm' && e.method === 'PUT' && e.path.includes(REQUESTS))
    .map((e) => ({ name: e.path.split('/').pop() ?? '', body: JSON.parse(e.body === '' ? '{}' : e.body) }))

describe('time-bound: pim', () => {
  it('grants a time-bound active assignment through PIM, and the post step ends it early under a new request name', async () => {
    await withEmulator({ world: withUserAccessAdministrator }, async (emulator) => {
      const main = await act(emulator, { ...PIM, 'expires-after': '2h' })
      expect(errorOf(main)).toBe('')
      expect(main.code).toBe(0)
      const [assign] = pimRequests(emulator)
      expect(assign?.body.properties).toMatchObject({
        principalId: ALICE,
        requestType: 'AdminAssign',
        scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT2H' } }
      })
      expect(assign?.body.properties.justification).toMatch(
        /temporary until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/
      )
      // No plain role assignment was written: PIM made the grant.
      expect(writes(emulator).filter((e) => e.path.includes('/roleAssignments/'))).toEqual([])
      const grants = grantsOf(emulator, ALICE)
      expect(grants).toHaveLength(1)
      expect(grants[0]?.createdBy).toBe(PIM_SERVICE_OBJECT_ID)
      expect(main.outputs.changed).toBe('true')
      expect(main.outputs['role-assignment-ids']).toBe(
        `${ACCOUNT_SCOPE}/providers/Microsoft.Authorization/roleAssignments/${grants[0]?.name}`
      )
      expect(main.state['created-assignment-ids'] ?? '[]').toBe('[]')
      expect(JSON.parse(main.state['pim-grants'] ?? '[]')).toHaveLength(1)

      advancePimClock(emulator.world, 6 * 60_000)
      emulator.clearJournal()
      const post = await act(emulator, PIM, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      const [remove] = pimRequests(emulator)
      expect(remove?.body.properties.requestType).toBe('AdminRemove')
      expect(remove?.name).not.toBe(assign?.name)
      expect(post.stdout).toContain('early')
      expect(grantsOf(emulator, ALICE)).toEqual([])
    })
  })

  it('ends at once when PIM refuses to end a grant in its first five minutes (ActiveDurationTooShort): Azure removes it at expiry', async () => {
    await withEmulator({ world: withUserAccessAdministrator }, async (emulator) => {
      const main = await act(emulator, PIM)
      expect(main.code).toBe(0)
      emulator.clearJournal()
      const post = await act(emulator, PIM, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(errorOf(post)).toBe('')
      expect(post.stdout).toContain('first five minutes')
      expect(post.stdout).toContain('when Azure removes it')
      expect(pimRequests(emulator)).toHaveLength(1)
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)
      // And Azure does remove it at its expiry (6 hours by default).
      advancePimClock(emulator.world, 6 * 3_600_000)
      expect(grantsOf(emulator, ALICE)).toEqual([])
    })
  })

  it('reports a grant already in place as already assigned, and the post step never ends it', async () => {
    const permanent = existingAssignment({
      name: '5eed0000-0000-4000-8000-0000000000ff',
      description: 'made in the portal'
    })
    await withEmulator(
      {
        world: (world) => {
          withUserAccessAdministrator(world)
          world.roleAssignments.push(permanent)
        }
      },
      async (emulator) => {
        const main = await act(emulator, PIM)
        expect(main.code).toBe(0)
        expect(main.summary).toContain('| already assigned |')
        expect(main.outputs.changed).toBe('false')
        expect(pimRequests(emulator)).toEqual([])
        const post = await act(emulator, PIM, { entry: 'post', state: main.state })
        expect(post.code).toBe(0)
        expect(pimRequests(emulator)).toEqual([])
        expect(grantsOf(emulator, ALICE).map((a) => a.name)).toEqual([permanent.name])
      }
    )
  })

  it('refuses before writing a duration over the policy maximum, naming the rule and its value', async () => {
    await withEmulator(
      {
        world: (world) => {
          withUserAccessAdministrator(world)
          pimOf(world).policies.push({ scope: ACCOUNT_SCOPE, maximumDuration: 'PT2H' })
        }
      },
      async (emulator) => {
        const result = await act(emulator, { ...PIM, 'expires-after': '3h' })
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain(
          'Expiration_Admin_Assignment allows active assignments of at most PT2H'
        )
        expect(errorOf(result)).toContain('Nothing was changed')
        expect(writes(emulator)).toEqual([])
      }
    )
  })

  it('refuses before writing when the policy requires MFA or a ticket on active assignment', async () => {
    await withEmulator(
      {
        world: (world) => {
          withUserAccessAdministrator(world)
          pimOf(world).policies.push({
            scope: RG_SCOPE,
            enabledRules: ['MultiFactorAuthentication', 'Justification', 'Ticketing']
          })
        }
      },
      async (emulator) => {
        const result = await act(emulator, PIM)
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain('(MultiFactorAuthentication)')
        expect(errorOf(result)).toContain('(Ticketing)')
        expect(writes(emulator)).toEqual([])
      }
    )
  })

  it('explains a tenant without Microsoft Entra ID P2 before writing', async () => {
    await withEmulator(
      {
        world: (world) => {
          withUserAccessAdministrator(world)
          pimOf(world).licensed = false
        }
      },
      async (emulator) => {
        const result = await act(emulator, PIM)
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain('PIM needs Microsoft Entra ID P2')
        expect(errorOf(result)).toContain('revoke-after-job without time-bound')
        expect(writes(emulator)).toEqual([])
      }
    )
  })

  it('names the permission PIM needs when the identity has only Role Based Access Control Administrator', async () => {
    await withEmulator({}, async (emulator) => {
      const result = await act(emulator, PIM)
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain('Microsoft.Authorization/roleAssignmentScheduleRequests/write')
      expect(errorOf(result)).toContain('Role Based Access Control Administrator does not')
      expect(grantsOf(emulator, ALICE)).toEqual([])
    })
  })

  it('refuses time-bound without revoke-after-job before any request', async () => {
    await withEmulator({}, async (emulator) => {
      const result = await act(emulator, { 'time-bound': 'pim' })
      expect(result.code).toBe(1)
      expect(errorOf(result)).toContain("Input 'time-bound': pim needs revoke-after-job: true")
      expect(emulator.journal).toEqual([])
    })
  })
})

describe('mode: sweep', () => {
  const past = 'Granted by GitHub Actions: octo/repo, run 1. temporary until 2020-01-01T00:00:00Z'
  const future = 'Granted by GitHub Actions: octo/repo, run 2. temporary until 2999-01-01T00:00:00Z'
  const seeded = {
    expiredMine: existingAssignment({ name: '5eed0000-0000-4000-8000-000000000001', description: past }),
    expiredMineOwner: existingAssignment({
      name: '5eed0000-0000-4000-8000-000000000002',
      description: past,
      roleDefinitionGuid: ROLE_IDS.owner,
      principalId: DEFAULT_IDS.users.bob.id
    }),
    expiredOthers: existingAssignment({
      name: '5eed0000-0000-4000-8000-000000000003',
      description: past,
      roleDefinitionGuid: ROLE_IDS.openAiUser,
      createdBy: DEFAULT_IDS.users.bob.id
    }),
    unexpiredMine: existingAssignment({
      name: '5eed0000-0000-4000-8000-000000000004',
      description: future,
      roleDefinitionGuid: ROLE_IDS.azureAiDeveloper
    }),
    permanentMine: existingAssignment({
      name: '5eed0000-0000-4000-8000-000000000005',
      description: 'Granted by GitHub Actions',
      roleDefinitionGuid: ROLE_IDS.reader
    }),
    expiredMineAbove: existingAssignment({
      name: '5eed0000-0000-4000-8000-000000000006',
      description: past,
      scope: RG_SCOPE
    })
  }
  const seed = (world: World): void => {
    world.roleAssignments.push(...Object.values(seeded).map((a) => ({ ...a })))
  }
  const idOf = (a: RoleAssignment): string =>
    `${a.scope}/providers/Microsoft.Authorization/roleAssignments/${a.name}`
  const names = (emulator: Emulator): string[] => emulator.world.roleAssignments.map((a) => a.name)

  it('removes exactly the expired temporary grants this identity made at the scope, whatever the role', async () => {
    await withEmulator({ world: seed }, async (emulator) => {
      const result = await act(emulator, { mode: 'sweep' })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      expect(writes(emulator).map((e) => `${e.method} ${e.path}`)).toEqual([
        `DELETE ${idOf(seeded.expiredMine)}`,
        `DELETE ${idOf(seeded.expiredMineOwner)}`
      ])
      const left = names(emulator)
      expect(left).not.toContain(seeded.expiredMine.name)
      expect(left).not.toContain(seeded.expiredMineOwner.name)
      for (const kept of [
        seeded.expiredOthers,
        seeded.unexpiredMine,
        seeded.permanentMine,
        seeded.expiredMineAbove
      ])
        expect(left).toContain(kept.name)
      expect(result.outputs.changed).toBe('true')
      expect(result.outputs['role-assignment-ids']?.split('\n')).toEqual([
        idOf(seeded.expiredMine),
        idOf(seeded.expiredMineOwner)
      ])
      expect(result.summary).toContain('| Owner |')
      expect(result.summary.match(/\| removed \|/g)).toHaveLength(2)

      emulator.clearJournal()
      const again = await act(emulator, { mode: 'sweep' })
      expect(again.code).toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(again.outputs.changed).toBe('false')
    })
  })

  it('removes a temporary grant the action made once its time has passed, and not before', async () => {
    await withEmulator({}, async (emulator) => {
      const grant = { 'revoke-after-job': 'true', principal: ALICE, 'principal-type': 'User' }
      const main = await act(emulator, { ...grant, 'expires-after': '90m' })
      expect(main.code).toBe(0)
      const [made] = grantsOf(emulator, ALICE)
      expect(made?.createdBy).toBe(SELF)
      expect(made?.description).toMatch(/ temporary until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)

      // The runner died: no post step. Within its time, the sweep leaves it.
      emulator.clearJournal()
      const early = await act(emulator, { mode: 'sweep' })
      expect(early.code).toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(grantsOf(emulator, ALICE)).toHaveLength(1)

      // Ninety minutes later (the marker moved back instead of the clock forward), the sweep removes it.
      if (made)
        made.description = (made.description ?? '').replace(
          /\d{4}-\d\d-\d\dT[\d:]+Z$/,
          '2020-01-01T00:00:00Z'
        )
      const late = await act(emulator, { mode: 'sweep' })
      expect(late.code).toBe(0)
      expect(grantsOf(emulator, ALICE)).toEqual([])
      expect(late.outputs.changed).toBe('true')
    })
  })

  it('with dry-run lists what it would remove and removes nothing', async () => {
    await withEmulator({ world: seed }, async (emulator) => {
      const before = names(emulator)
      const result = await act(emulator, { mode: 'sweep', 'dry-run': 'true' })
      expect(result.code).toBe(0)
      expect(writes(emulator)).toEqual([])
      expect(names(emulator)).toEqual(before)
      expect(result.outputs.changed).toBe('false')
      expect(result.summary).toContain('dry run')
      expect(result.summary.match(/\| would remove \|/g)).toHaveLength(2)
      expect(result.stdout).toContain(seeded.expiredMine.name)
    })
  })
})
