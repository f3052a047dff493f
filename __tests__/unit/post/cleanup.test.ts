import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { temporaryName } from '../../../src/grant/temporary-name.js'
import type { AzureSession } from '../../../src/session/session.js'
import type { TemporaryState } from '../../../src/types.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  OTHER_OID,
  SELF_OID,
  USER_OID,
  GROUP_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'
import { stepInputs } from '../../fixtures/inputs.js'
import { fakeSession } from '../../fixtures/session.js'
import { MemoryState } from '../../fixtures/state.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { cleanup } = await import('../../../src/post/cleanup.js')

const SEED = 'aaaaaaaaaaaaaaaabbbbbbbbbbbbbbbb'
const ROLE = roleDefinitionIdOf(COGNITIVE_SERVICES_USER)
const nameOf = (principalId: string): string =>
  temporaryName(SEED, ACCOUNT_ID, principalId, COGNITIVE_SERVICES_USER)
const STATE: TemporaryState = {
  seed: SEED,
  principals: [USER_OID, GROUP_OID],
  scopes: [[ACCOUNT_ID, COGNITIVE_SERVICES_USER, [0, 1]]],
  adopted: []
}
let arm: InMemoryArm

function add(
  principalId: string,
  name = nameOf(principalId),
  over: { createdBy?: string; role?: string } = {}
): string {
  arm.addAssignment({
    name,
    scope: ACCOUNT_ID,
    principalId,
    roleDefinitionId: over.role ?? ROLE,
    createdBy: over.createdBy ?? SELF_OID
  })
  return assignmentIdOf(name)
}

beforeEach(() => {
  core.reset()
  core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'true' })
  arm = new InMemoryArm()
})

const run = (
  state: TemporaryState | string | undefined = STATE,
  openSession: () => Promise<AzureSession> = async () => fakeSession({ arm })
) => cleanup({ openSession, state: new MemoryState(SEED, state) })

describe('post step of revoke-after-job', () => {
  it("removes exactly this step's grants, found by the names only its seed gives", async () => {
    const mine = [add(USER_OID), add(GROUP_OID)]
    const before = add(OTHER_OID, 'a1b2c3d4-0000-4000-8000-000000000009')
    await run()
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).toEqual(mine)
    expect(arm.assignments.map((a) => a.id)).toEqual([before])
    expect(core.messages('info')).toEqual(mine.map((id) => `Removed ${id}.`))
    expect(core.messages('error')).toEqual([])
  })

  it('removes none of them, and says why, when the identity may no longer delete role assignments there', async () => {
    add(USER_OID)
    add(GROUP_OID)
    arm.permissions = [{ actions: ['*/read'], notActions: [] }]
    await run()
    expect(arm.callsOf('deleteAssignment')).toEqual([])
    expect(core.messages('error').join('\n')).toContain(
      `lacks 'Microsoft.Authorization/roleAssignments/delete' at ${ACCOUNT_ID}`
    )
  })

  it('with nothing saved, does nothing and does not even sign in', async () => {
    let opened = false
    await cleanup({
      openSession: async () => {
        opened = true
        return fakeSession({ arm })
      },
      state: new MemoryState(SEED)
    })
    expect(opened).toBe(false)
    expect(core.messages('info')[0]).toContain('nothing to remove')
  })

  it('removes nothing unless revoke-after-job is true', async () => {
    add(USER_OID)
    core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'false' })
    await run()
    expect(arm.callsOf('deleteAssignment')).toEqual([])
    expect(core.messages('info')[0]).toContain('is not true')
  })

  it('an unreadable state is a warning, and nothing is removed', async () => {
    add(USER_OID)
    await run('{"v":2,"seed":')
    expect(arm.calls).toEqual([])
    expect(core.messages('warning')[0]).toContain('cannot be read (not JSON')
  })

  it.each([
    ['another identity created it', { createdBy: OTHER_OID }, 'created by'],
    [
      'it holds another role',
      { role: roleDefinitionIdOf('8e3af657-a8ff-443c-a75c-2fe8c4bcb635') },
      'its role'
    ]
  ])('leaves an assignment under one of its names when %s, saying why', async (_, over, why) => {
    const id = add(USER_OID, nameOf(USER_OID), over)
    await run()
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).not.toContain(id)
    expect(arm.assignments.map((a) => a.id)).toEqual([id])
    expect(core.messages('warning')[0]).toContain(
      `left alone an assignment under one of this step's names: ${id}: `
    )
    expect(core.messages('warning')[0]).toContain(why)
  })

  it('removes an adopted grant of an earlier attempt, only when it matches principal, role and creator', async () => {
    const adopted = add(USER_OID, 'a1b2c3d4-0000-4000-8000-0000000000a1')
    const someoneElses = add(GROUP_OID, 'a1b2c3d4-0000-4000-8000-0000000000a2', { createdBy: OTHER_OID })
    const state: TemporaryState = {
      ...STATE,
      adopted: [
        [ACCOUNT_ID, COGNITIVE_SERVICES_USER, USER_OID, 'a1b2c3d4-0000-4000-8000-0000000000a1'],
        [ACCOUNT_ID, COGNITIVE_SERVICES_USER, GROUP_OID, 'a1b2c3d4-0000-4000-8000-0000000000a2']
      ]
    }
    await run({ ...state, scopes: [[ACCOUNT_ID, COGNITIVE_SERVICES_USER, []]] })
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).toEqual([adopted])
    expect(arm.assignments.map((a) => a.id)).toEqual([someoneElses])
  })

  it('never acts at a scope the step was not given, whatever the state says', async () => {
    const elsewhere = ACCOUNT_ID.replace('ai-prod', 'ai-other')
    arm.addAssignment({
      name: temporaryName(SEED, elsewhere, USER_OID, COGNITIVE_SERVICES_USER),
      scope: elsewhere,
      principalId: USER_OID,
      roleDefinitionId: ROLE,
      createdBy: SELF_OID
    })
    await run({ ...STATE, scopes: [[elsewhere, COGNITIVE_SERVICES_USER, [0]]] })
    expect(arm.callsOf('listAssignmentsAt')).toEqual([])
    expect(arm.callsOf('deleteAssignment')).toEqual([])
    expect(core.messages('error')[0]).toContain(`${elsewhere}: not a scope this step was given; left alone`)
  })

  it('a 404 to the DELETE means already gone', async () => {
    const id = add(USER_OID)
    arm.failNext('deleteAssignment', armError(404, 'RoleAssignmentNotFound', 'gone'))
    await run()
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])[0]).toBe(id)
    expect(core.messages('info')).toEqual([
      "revoke-after-job: none of this step's role assignments is left to remove."
    ])
    expect(core.messages('error')).toEqual([])
  })

  it('removes by name what a lagging list does not show yet: the list is never the only look', async () => {
    const mine = [add(USER_OID), add(GROUP_OID)]
    arm.listAssignmentsAt = async () => []
    await run()
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).toEqual(mine)
    expect(arm.assignments).toEqual([])
    expect(core.messages('error')).toEqual([])
  })

  it('removes by name when the list fails, and says so', async () => {
    const mine = [add(USER_OID)]
    arm.failNext('listAssignmentsAt', armError(500, 'InternalServerError', 'list broke'))
    await run()
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])[0]).toBe(mine[0])
    expect(arm.assignments).toEqual([])
    expect(core.messages('info')[0]).toContain('removing this step')
    expect(core.messages('error')).toEqual([])
  })

  it('never throws: a refused DELETE is an error line naming the assignment and the fix', async () => {
    const id = add(USER_OID)
    arm.failNext('deleteAssignment', armError(403, 'AuthorizationFailed', 'no delete'))
    await expect(run()).resolves.toBeUndefined()
    const [error] = core.messages('error')
    expect(error).toContain('could not remove 1 role assignment')
    expect(error).toContain(id)
    expect(error).toContain('az role assignment delete')
  })

  it('never throws when sign-in fails: says which scopes it could not clean', async () => {
    await run(STATE, async () => {
      throw new Error('sign-in refused')
    })
    expect(core.messages('error')[0]).toContain(`${ACCOUNT_ID}: sign-in refused`)
  })
})
