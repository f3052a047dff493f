import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { Plan } from '../../../src/grant/plan.js'
import { withArmErrors } from '../../../src/azure/arm-errors.js'
import { assignmentName } from '../../../src/grant/assignment-name.js'
import { temporaryName } from '../../../src/grant/temporary-name.js'
import type { GrantResult, ResolvedPrincipal, ScopePlan } from '../../../src/types.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import { CS_USER_ROLE, TARGET, principalOf, scopeOf, targetNamed } from '../../fixtures/grants.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  GROUP_OID,
  SELF_OID,
  USER_OID,
  assignmentIdOf
} from '../../fixtures/ids.js'
import { stepInputs } from '../../fixtures/inputs.js'
import { MemoryState } from '../../fixtures/state.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { applyPlan } = await import('../../../src/grant/apply.js')
const { failures } = await import('../../../src/report/log.js')
const { readInputs } = await import('../../../src/inputs/inputs.js')

const OTHER = targetNamed('ai-dev')

let arm: InMemoryArm
let state: MemoryState
const plan = (principals: ResolvedPrincipal[], scopes: ScopePlan[] = [scopeOf()]): Plan => ({
  scopes,
  principals,
  description: 'test'
})
const inputs = (extra: Record<string, string> = {}) => readInputs((name) => stepInputs(extra)[name] ?? '')
const apply = (extra: Record<string, string>, p: Plan) =>
  applyPlan(inputs(extra), p, withArmErrors(arm), state)
const summary = (results: GrantResult[]) =>
  results.map((r) => [r.target.name, r.principal.spec.raw, r.outcome])
const ourId = (objectId: string, scope = ACCOUNT_ID) =>
  assignmentIdOf(assignmentName(scope, objectId, COGNITIVE_SERVICES_USER), scope)

beforeEach(() => {
  core.reset()
  arm = new InMemoryArm()
  state = new MemoryState()
})

describe('applying the plan', () => {
  it('assigns each distinct principal once and answers every input line, in input order', async () => {
    const lines = [principalOf('b', USER_OID), principalOf('a', SELF_OID), principalOf('b again', USER_OID)]
    const results = await apply({}, plan(lines))
    expect(arm.callsOf('createAssignment')).toHaveLength(2)
    expect(summary(results)).toEqual([
      ['ai-prod', 'b', 'created'],
      ['ai-prod', 'a', 'created'],
      ['ai-prod', 'b again', 'created']
    ])
    // A principal given twice shares its result, but each line keeps its own input.
    expect(results[2]?.assignmentId).toBe(results[0]?.assignmentId)
    expect(results[2]?.principal).toBe(lines[2])
  })

  it('every result names its scope, the role and the principal', async () => {
    const [result] = await apply({}, plan([principalOf('u', USER_OID)]))
    expect(result).toEqual({
      target: TARGET,
      role: CS_USER_ROLE,
      principal: principalOf('u', USER_OID),
      outcome: 'created',
      assignmentId: ourId(USER_OID)
    })
  })

  it('writes the plan description on new assignments', async () => {
    await apply(
      {},
      { ...plan([principalOf('u', USER_OID)]), description: 'temporary until 2030-01-01T00:00:00Z' }
    )
    expect(arm.callsOf('createAssignment')[0]?.args[0]).toMatchObject({
      description: 'temporary until 2030-01-01T00:00:00Z'
    })
  })

  it('several scopes: every principal at every scope, results scope by scope in input order', async () => {
    const lines = [principalOf('u', USER_OID), principalOf('g', GROUP_OID)]
    const results = await apply({}, plan(lines, [scopeOf(), scopeOf(OTHER)]))
    expect(summary(results)).toEqual([
      ['ai-prod', 'u', 'created'],
      ['ai-prod', 'g', 'created'],
      ['ai-dev', 'u', 'created'],
      ['ai-dev', 'g', 'created']
    ])
    expect(results.map((r) => r.assignmentId)).toEqual([
      ourId(USER_OID),
      ourId(GROUP_OID),
      ourId(USER_OID, OTHER.id),
      ourId(GROUP_OID, OTHER.id)
    ])
    expect(
      arm
        .callsOf('createAssignment')
        .map((c) => (c.args[0] as { scope: string }).scope)
        .sort()
    ).toEqual([ACCOUNT_ID, ACCOUNT_ID, OTHER.id, OTHER.id].sort())
  })

  it('mode revoke removes instead', async () => {
    await apply({}, plan([principalOf('u', USER_OID)]))
    const results = await apply(
      { mode: 'revoke' },
      plan([principalOf('u', USER_OID), principalOf('g', GROUP_OID)])
    )
    expect(summary(results)).toEqual([
      ['ai-prod', 'u', 'removed'],
      ['ai-prod', 'g', 'not assigned']
    ])
    expect(arm.assignments).toEqual([])
  })

  it('dry run writes nothing', async () => {
    const results = await apply({ 'dry-run': 'true' }, plan([principalOf('u', USER_OID)]))
    expect(summary(results)).toEqual([['ai-prod', 'u', 'would create']])
    expect(arm.writes()).toEqual([])
  })
})

describe('revoke-after-job: names only this step knows, state before each write', () => {
  const temporaryId = (objectId: string, scope = ACCOUNT_ID) =>
    assignmentIdOf(temporaryName(state.seed, scope, objectId, COGNITIVE_SERVICES_USER), scope)
  const self = () => Promise.resolve(SELF_OID)
  const applyTemporary = (p: Plan, extra: Record<string, string> = {}) =>
    applyPlan(inputs({ 'revoke-after-job': 'true', ...extra }), p, withArmErrors(arm), state, self)

  it('creates under the seed-derived name, never the permanent one, and saves the scope before the PUT', async () => {
    let savedBeforePut: unknown
    const create = arm.createAssignment.bind(arm)
    arm.createAssignment = async (assignment) => {
      savedBeforePut = state.saved
      return create(assignment)
    }
    const results = await applyTemporary(plan([principalOf('u', USER_OID)]))
    expect(results[0]).toMatchObject({ outcome: 'created', assignmentId: temporaryId(USER_OID) })
    expect(results[0]?.assignmentId).not.toBe(ourId(USER_OID))
    expect(savedBeforePut).toEqual({
      seed: state.seed,
      principals: [USER_OID],
      scopes: [[ACCOUNT_ID, COGNITIVE_SERVICES_USER, [0]]],
      adopted: []
    })
  })

  it('state names each principal once and each scope once, with the principals written at it', async () => {
    await applyTemporary(
      plan([principalOf('u', USER_OID), principalOf('g', GROUP_OID)], [scopeOf(), scopeOf(OTHER)])
    )
    expect([...(state.saved?.principals ?? [])].sort()).toEqual([GROUP_OID, USER_OID].sort())
    const byScope = (state.saved?.scopes ?? []).map(([scope, role, indexes]) => [
      scope,
      role,
      indexes.map((i) => state.saved?.principals[i]).sort()
    ])
    expect(byScope).toEqual([
      [ACCOUNT_ID, COGNITIVE_SERVICES_USER, [GROUP_OID, USER_OID].sort()],
      [OTHER.id, COGNITIVE_SERVICES_USER, [GROUP_OID, USER_OID].sort()]
    ])
    expect(state.saves).toBe(4)
  })

  it('a grant in place is already assigned: nothing saved, nothing written, no warning when permanent', async () => {
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: CS_USER_ROLE.id,
      description: 'portal'
    })
    const results = await applyTemporary(plan([principalOf('u', USER_OID)]))
    expect(results[0]?.outcome).toBe('already assigned')
    expect(state.saved).toBeUndefined()
    expect(arm.callsOf('createAssignment')).toEqual([])
    expect(core.messages('warning')).toEqual([])
  })

  it('409 RoleAssignmentExists (another job won the race) is already assigned, with a warning when that grant is temporary', async () => {
    arm.listLag = 1
    arm.addAssignment({
      name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: CS_USER_ROLE.id,
      description: 'run 7 attempt 1 temporary until 2030-01-01T00:00:00Z',
      createdBy: SELF_OID
    })
    const results = await applyTemporary(plan([principalOf('u', USER_OID)]))
    expect(results[0]).toMatchObject({
      outcome: 'already assigned',
      assignmentId: assignmentIdOf('9f1a0c2e-1111-4aaa-8bbb-0123456789ab')
    })
    expect(core.messages('warning')[0]).toContain("another job's temporary grant")
    expect(core.messages('warning')[0]).toContain('temporary until 2030-01-01T00:00:00Z')
    expect(state.saved?.adopted).toEqual([])
  })

  it('takes over the grant an earlier attempt of this run left, made by this identity', async () => {
    process.env.GITHUB_RUN_ID = '4242'
    process.env.GITHUB_RUN_ATTEMPT = '2'
    try {
      arm.addAssignment({
        name: '9f1a0c2e-1111-4aaa-8bbb-0123456789ab',
        scope: ACCOUNT_ID,
        principalId: USER_OID,
        roleDefinitionId: CS_USER_ROLE.id,
        description: 'run 4242 attempt 1 temporary until 2030-01-01T00:00:00Z',
        createdBy: SELF_OID
      })
      const results = await applyTemporary(plan([principalOf('u', USER_OID)]))
      expect(results[0]?.outcome).toBe('already assigned')
      expect(state.saved?.adopted).toEqual([
        [ACCOUNT_ID, COGNITIVE_SERVICES_USER, USER_OID, '9f1a0c2e-1111-4aaa-8bbb-0123456789ab']
      ])
      expect(arm.callsOf('createAssignment')).toEqual([])
    } finally {
      delete process.env.GITHUB_RUN_ID
      delete process.env.GITHUB_RUN_ATTEMPT
    }
  })

  it('nothing saved with dry run, nor without revoke-after-job', async () => {
    await applyTemporary(plan([principalOf('u', USER_OID)]), { 'dry-run': 'true' })
    await apply({}, plan([principalOf('s', SELF_OID)]))
    expect(state.saved).toBeUndefined()
  })
})

describe('failures', () => {
  it('one failure does not hide the others, and is named by its input line', async () => {
    arm.failNext('createAssignment', armError(400, 'UnmatchedPrincipalType', 'no'))
    const lines = [principalOf('first', USER_OID), principalOf('second', GROUP_OID)]
    const results = await apply({}, plan(lines))
    expect(results.filter((r) => r.outcome !== 'failed')).toHaveLength(1)
    const failed = results.find((r) => r.outcome === 'failed')
    expect(failed?.outcome === 'failed' && failed.error).toContain('check principal-type')
    expect(failed?.assignmentId).toBeUndefined()
    expect(failures(results)).toEqual([expect.stringMatching(/^(first|second): .*check principal-type/)])
  })

  it('a failure at one scope leaves the other scopes alone; with several scopes it names the scope', async () => {
    arm.failNext('listAssignmentsOf', armError(500, 'InternalServerError', 'boom'))
    const results = await apply({}, plan([principalOf('u', USER_OID)], [scopeOf(), scopeOf(OTHER)]))
    expect(results.map((r) => r.outcome).sort()).toEqual(['created', 'failed'])
    expect(failures(results)).toEqual([
      expect.stringMatching(/^u at (ai-prod|ai-dev): Listing the role assignments of .*boom/)
    ])
  })
})
