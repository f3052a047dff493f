import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { armError } from '../../../fixtures/arm.js'
import { fakeCore } from '../../../fixtures/core.js'
import { FakeClock } from '../../../fixtures/clock.js'
import { FakePim, MemoryPimGrants } from '../../../fixtures/pim.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  USER_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../../../fixtures/ids.js'
import type { RoleAssignmentResource } from '../../../../src/azure/arm.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { assignPim } = await import('../../../../src/grant/pim/pim-assign.js')

const HOUR = 3_600_000
const NAME = 'f0f0f0f0-0000-4000-8000-000000000001'
const role = {
  id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
  guid: COGNITIVE_SERVICES_USER,
  name: 'Cognitive Services User'
}
const principal = {
  spec: { raw: USER_OID, kind: 'object-id' as const, objectId: USER_OID },
  objectId: USER_OID,
  type: 'User' as const
}
const made: RoleAssignmentResource = {
  id: assignmentIdOf('a1b2c3d4-0000-4000-8000-0000000000aa'),
  name: 'a1b2c3d4-0000-4000-8000-0000000000aa',
  scope: ACCOUNT_ID,
  roleDefinitionId: role.id,
  principalId: USER_OID
}
let pim: FakePim
let store: MemoryPimGrants
let clock: FakeClock

beforeEach(() => {
  core.reset()
  pim = new FakePim()
  store = new MemoryPimGrants()
  clock = new FakeClock(Date.UTC(2026, 5, 1, 12))
})

const run = (existing: () => Promise<RoleAssignmentResource[]> = async () => [made]) =>
  assignPim(
    { client: pim, durationMs: 6 * HOUR, store, newName: () => NAME },
    { scope: ACCOUNT_ID, role, description: 'why temporary until 2026-06-01T18:00:00Z', clock },
    principal,
    existing
  )

describe('assignPim', () => {
  it('saves the grant before the request, asks for AdminAssign of the duration with the description, and reports the assignment', async () => {
    pim.assign = async (request) => {
      expect(store.grants).toEqual([
        {
          scope: ACCOUNT_ID,
          principalId: USER_OID,
          roleDefinitionId: role.id,
          requestName: NAME,
          until: '2026-06-01T18:00:00Z'
        }
      ])
      pim.assigned.push(request)
      return { status: 'Provisioned' }
    }
    expect(await run()).toEqual({ outcome: 'created', assignmentId: made.id })
    expect(pim.assigned[0]).toMatchObject({
      name: NAME,
      duration: 'PT6H',
      justification: 'why temporary until 2026-06-01T18:00:00Z',
      principalId: USER_OID
    })
    expect(core.messages('info')).toContain(
      `PIM grants ${USER_OID} Cognitive Services User until 2026-06-01T18:00:00Z; Azure removes it then.`
    )
  })

  it('retries SubjectNotFound (replication) with backoff, like PrincipalNotFound', async () => {
    pim.failNext(
      'assign',
      armError(400, 'SubjectNotFound', 'The subject is not found.'),
      armError(400, 'SubjectNotFound', 'The subject is not found.')
    )
    expect((await run()).outcome).toBe('created')
    expect(clock.sleeps).toHaveLength(2)
    expect(pim.assigned).toHaveLength(1)
  })

  it('gives up on SubjectNotFound after five minutes, saying so', async () => {
    const always = armError(400, 'SubjectNotFound', 'The subject is not found.')
    pim.failNext('assign', ...Array.from({ length: 100 }, () => always))
    await expect(run()).rejects.toThrow('Still not found after 5 minutes of retries.')
  })

  it('reports another grant already in place (RoleAssignmentExists) as already assigned', async () => {
    pim.failNext('assign', armError(409, 'RoleAssignmentExists', 'The Role assignment already exists.'))
    expect(await run()).toEqual({ outcome: 'already assigned', assignmentId: made.id })
  })
})
