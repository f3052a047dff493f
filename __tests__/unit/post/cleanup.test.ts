import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import type { AzureSession } from '../../../src/session/session.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  SUBSCRIPTION,
  USER_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'
import { stepInputs } from '../../fixtures/inputs.js'
import { fakeSession } from '../../fixtures/session.js'
import { MemoryState } from '../../fixtures/state.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { cleanup } = await import('../../../src/post/cleanup.js')

const MINE = [
  assignmentIdOf('a1b2c3d4-0000-4000-8000-000000000001'),
  assignmentIdOf('a1b2c3d4-0000-4000-8000-000000000002')
]
let arm: InMemoryArm

beforeEach(() => {
  core.reset()
  core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'true' })
  arm = new InMemoryArm()
  for (const id of MINE) {
    arm.addAssignment({
      name: id.split('/').pop() as string,
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER)
    })
  }
})

const run = (ids: string[], openSession: () => Promise<AzureSession> = async () => fakeSession({ arm })) =>
  cleanup({ openSession, state: new MemoryState(ids) })

describe('post step of revoke-after-job', () => {
  it('removes exactly the assignments the main step created', async () => {
    await run(MINE)
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).toEqual(MINE)
    expect(arm.assignments).toEqual([])
    expect(core.messages('info')).toEqual(MINE.map((id) => `Removed ${id}.`))
    expect(core.messages('error')).toEqual([])
  })

  it('with nothing created, does nothing and does not even sign in', async () => {
    let opened = false
    await run([], async () => {
      opened = true
      return fakeSession({ arm })
    })
    expect(opened).toBe(false)
    expect(core.messages('info')[0]).toContain('nothing to remove')
  })

  it.each([
    ['another account', MINE[0]?.replace('ai-prod', 'ai-other')],
    [
      'the resource group',
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-ml/providers/Microsoft.Authorization/roleAssignments/a1b2c3d4-0000-4000-8000-000000000009`
    ],
    [
      'the subscription',
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleAssignments/a1b2c3d4-0000-4000-8000-000000000009`
    ],
    [
      'a nested resource',
      `${ACCOUNT_ID}/projects/p/providers/Microsoft.Authorization/roleAssignments/a1b2c3d4-0000-4000-8000-000000000009`
    ],
    [
      'a path trick',
      `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/../../../../resourceGroups/rg-ml`
    ],
    ['a trailing path', `${MINE[0]}/..`],
    [
      'a role definition',
      `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleDefinitions/a1b2c3d4-0000-4000-8000-000000000009`
    ],
    ['an empty ID', '']
  ])('leaves alone an ID on %s, and says so', async (_, id) => {
    await run([id as string, ...MINE])
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).toEqual(MINE)
    expect(core.messages('error').join('\n')).toContain('left alone')
  })

  it('matches the account scope case-insensitively, as ARM does', async () => {
    const upper = MINE[0]
      ?.toUpperCase()
      .replace(
        '/PROVIDERS/MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/',
        '/providers/Microsoft.Authorization/roleAssignments/'
      ) as string
    await run([upper])
    expect(arm.callsOf('deleteAssignment')).toHaveLength(1)
  })

  it('an assignment already gone (404 or 204) is logged, not an error', async () => {
    arm.failNext('deleteAssignment', armError(404, 'RoleAssignmentNotFound'))
    await run([...MINE, assignmentIdOf('a1b2c3d4-0000-4000-8000-00000000000f')])
    expect(core.messages('info')).toEqual([
      `${MINE[0]} was already gone.`,
      `Removed ${MINE[1]}.`,
      `${assignmentIdOf('a1b2c3d4-0000-4000-8000-00000000000f')} was already gone.`
    ])
    expect(core.messages('error')).toEqual([])
  })

  it('never throws: a refused delete is reported with the manual fix, and the rest are still removed', async () => {
    const refusal = `The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete' over scope '${MINE[0]}'.`
    arm.failNext('deleteAssignment', armError(403, 'AuthorizationFailed', refusal))
    await expect(run(MINE)).resolves.toBeUndefined()
    expect(arm.assignments.map((a) => a.id)).toEqual([MINE[0]])
    const [error] = core.messages('error')
    expect(error).toContain('could not remove 1 role assignment(s)')
    // The session's client explains the refusal: which assignment, what ARM said, and the permission it takes.
    expect(error).toContain(`- ${MINE[0]}: Removing role assignment ${MINE[0]}: `)
    expect(error).toContain(`403 AuthorizationFailed): ${refusal}`)
    expect(error).toContain('Role Based Access Control Administrator')
    expect(error).toContain('az role assignment delete --ids')
    expect(error).toContain('mode: revoke')
    expect(core.failures).toEqual([])
  })

  it('never throws when signing in fails: every ID is reported', async () => {
    await expect(
      run(MINE, async () => {
        throw new Error('AADSTS700024: expired')
      })
    ).resolves.toBeUndefined()
    const [error] = core.messages('error')
    expect(error).toContain('could not remove 2 role assignment(s)')
    for (const id of MINE) expect(error).toContain(`${id}: AADSTS700024: expired`)
  })

  it('never throws when the inputs cannot be read', async () => {
    core.inputs = stepInputs({ [Inputs.ResourceGroup]: '../x' })
    await expect(run(MINE)).resolves.toBeUndefined()
    expect(core.messages('error').join('\n')).toContain("Input 'resource-group'")
    expect(arm.writes()).toEqual([])
  })

  it('never throws on something that is not an Error', async () => {
    await expect(
      run(MINE, async () => {
        throw 'plain string'
      })
    ).resolves.toBeUndefined()
    expect(core.messages('error').join('\n')).toContain('plain string')
  })
})
