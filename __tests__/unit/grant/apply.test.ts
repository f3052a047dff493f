import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { Plan } from '../../../src/grant/plan.js'
import type { ResolvedPrincipal } from '../../../src/types.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  GROUP_OID,
  NAMES,
  SELF_OID,
  USER_OID,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'
import { stepInputs } from '../../fixtures/inputs.js'
import { MemoryState } from '../../fixtures/state.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { applyToAll, failures, succeeded } = await import('../../../src/grant/apply.js')
const { readInputs } = await import('../../../src/inputs/inputs.js')

const principal = (raw: string, objectId: string): ResolvedPrincipal => ({
  spec: { raw, kind: 'object-id', objectId },
  objectId,
  type: 'User'
})
const ROLE = {
  id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
  guid: COGNITIVE_SERVICES_USER,
  name: 'Cognitive Services User'
}

let arm: InMemoryArm
let state: MemoryState
const plan = (principals: ResolvedPrincipal[], dryRun = false): Plan => ({
  account: { id: ACCOUNT_ID },
  principals,
  context: { arm, scope: ACCOUNT_ID, role: ROLE, description: 'test', names: NAMES, dryRun }
})
const inputs = (extra: Record<string, string> = {}) => readInputs((name) => stepInputs(extra)[name] ?? '')

beforeEach(() => {
  core.reset()
  arm = new InMemoryArm()
  state = new MemoryState()
})

describe('applying the plan', () => {
  it('assigns each distinct principal once and answers every input line, in input order', async () => {
    const lines = [principal('b', USER_OID), principal('a', SELF_OID), principal('b again', USER_OID)]
    const results = await applyToAll(inputs(), plan(lines), state)
    expect(arm.callsOf('createAssignment')).toHaveLength(2)
    expect(succeeded(results).map((r) => [r.principal.spec.raw, r.outcome])).toEqual([
      ['b', 'created'],
      ['a', 'created'],
      ['b again', 'created']
    ])
  })

  it('hands the post step only what it created, and only with revoke-after-job', async () => {
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: ROLE.id
    })
    await applyToAll(
      inputs({ 'revoke-after-job': 'true' }),
      plan([principal('u', USER_OID), principal('g', GROUP_OID)]),
      state
    )
    expect(state.saved).toHaveLength(1)
    expect(state.saved[0]).toHaveLength(1)
    expect(state.saved[0]?.[0]).toContain(ACCOUNT_ID)
    await applyToAll(inputs(), plan([principal('s', SELF_OID)]), state)
    expect(state.saved).toHaveLength(1)
  })

  it('one failure does not hide the others, and is named by its input line', async () => {
    arm.failNext('createAssignment', armError(400, 'UnmatchedPrincipalType', 'no'))
    const lines = [principal('first', USER_OID), principal('second', GROUP_OID)]
    const results = await applyToAll(inputs(), plan(lines), state)
    expect(succeeded(results)).toHaveLength(1)
    expect(failures(results, lines)).toEqual([expect.stringMatching(/^(first|second): /)])
  })
})
