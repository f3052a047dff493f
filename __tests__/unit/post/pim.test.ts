import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import { FakePim, MemoryPimGrants } from '../../fixtures/pim.js'
import { ACCOUNT_ID, COGNITIVE_SERVICES_USER, USER_OID, roleDefinitionIdOf } from '../../fixtures/ids.js'
import { stepInputs } from '../../fixtures/inputs.js'
import { fakeSession } from '../../fixtures/session.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { endPimGrants } = await import('../../../src/post/pim.js')

const NOW = Date.UTC(2026, 5, 1, 12)
const REQUEST = 'f0f0f0f0-0000-4000-8000-000000000001'
const REMOVAL = 'f0f0f0f0-0000-4000-8000-000000000002'
const grant = {
  scope: ACCOUNT_ID,
  principalId: USER_OID,
  roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
  requestName: REQUEST,
  until: '2026-06-01T18:00:00Z'
}
let pim: FakePim
let store: MemoryPimGrants

beforeEach(() => {
  core.reset()
  core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'true', [Inputs.TimeBound]: 'pim' })
  pim = new FakePim()
  pim.statuses.set(REQUEST, 'Provisioned')
  store = new MemoryPimGrants()
  store.save(grant)
})

const run = (now = NOW) =>
  endPimGrants(
    { openSession: async () => fakeSession({ pim }) },
    { store, now: () => now, newName: () => REMOVAL }
  )

describe('post step of time-bound: pim', () => {
  it('ends each grant early with AdminRemove under a new request name', async () => {
    await run()
    expect(pim.removed).toEqual([
      expect.objectContaining({ name: REMOVAL, scope: ACCOUNT_ID, principalId: USER_OID })
    ])
    expect(core.messages('info').join('\n')).toContain('early')
    expect(core.messages('warning')).toEqual([])
  })

  it('ends at once when PIM refuses in the first five minutes: Azure removes the grant at its expiry', async () => {
    pim.failNext(
      'remove',
      armError(
        400,
        'ActiveDurationTooShort',
        'The Active duration is too short. Miniumum Required is 5 minutes.'
      )
    )
    await run()
    expect(core.messages('info').join('\n')).toContain(
      'stays until 2026-06-01T18:00:00Z, when Azure removes it'
    )
    expect(core.messages('warning')).toEqual([])
  })

  it('asks nothing for a grant already expired, and ends nothing for a request never made', async () => {
    await run(Date.UTC(2026, 5, 1, 18))
    expect(pim.calls).toEqual([])
    pim.statuses.clear()
    await run()
    expect(pim.removed).toEqual([])
    expect(core.messages('info').join('\n')).toContain('was never made')
  })

  it('takes a grant already gone as done', async () => {
    pim.failNext('remove', armError(400, 'RoleAssignmentDoesNotExist', 'The Role assignment does not exist.'))
    await run()
    expect(core.messages('info').join('\n')).toContain('was already gone')
  })

  it('warns, never fails, when it cannot end a grant', async () => {
    pim.failNext('remove', armError(403, 'AuthorizationFailed', 'no'))
    await run()
    expect(core.messages('warning')[0]).toContain(
      'could not end 1 PIM grant(s) early; Azure removes each at its expiry'
    )
    expect(core.failures).toEqual([])
  })

  it('does nothing, not even sign in, without saved grants', async () => {
    let opened = false
    await endPimGrants(
      {
        openSession: async () => {
          opened = true
          return fakeSession({ pim })
        }
      },
      { store: new MemoryPimGrants() }
    )
    expect(opened).toBe(false)
  })
})
