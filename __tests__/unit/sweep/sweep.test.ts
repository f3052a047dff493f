import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { readInputs } from '../../../src/inputs/inputs.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  OTHER_OID,
  RESOURCE_GROUP,
  ACCOUNT_NAME,
  SELF_OID,
  USER_OID,
  roleDefinitionIdOf,
  assignmentIdOf
} from '../../fixtures/ids.js'
import { readerOf, stepInputs } from '../../fixtures/inputs.js'
import { fakeSession } from '../../fixtures/session.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { sweepExpired } = await import('../../../src/sweep/sweep.js')

const EXPIRED = 'run 1. temporary until 2020-01-01T00:00:00Z'
const MINE = 'a1b2c3d4-0000-4000-8000-000000000001'
const THEIRS = 'a1b2c3d4-0000-4000-8000-000000000002'
let arm: InMemoryArm

beforeEach(() => {
  core.reset()
  arm = new InMemoryArm().addAccount(RESOURCE_GROUP, ACCOUNT_NAME)
  const base = {
    scope: ACCOUNT_ID,
    principalId: USER_OID,
    roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
    description: EXPIRED
  }
  arm.addAssignment({ ...base, name: MINE, createdBy: SELF_OID })
  arm.addAssignment({ ...base, name: THEIRS, createdBy: OTHER_OID })
})

const sweep = (extra: Record<string, string> = {}) =>
  sweepExpired(readInputs(readerOf(stepInputs({ [Inputs.Mode]: 'sweep', ...extra }))), fakeSession({ arm }))

describe('mode: sweep', () => {
  it('fails before any delete, dry run included, when the identity may not delete role assignments', async () => {
    arm.permissions = [
      { actions: ['*/read', 'Microsoft.Authorization/roleAssignments/write'], notActions: [] }
    ]
    for (const dryRun of ['false', 'true']) {
      await expect(sweep({ [Inputs.DryRun]: dryRun })).rejects.toThrow(
        `lacks 'Microsoft.Authorization/roleAssignments/delete' at ${ACCOUNT_ID}`
      )
      expect(arm.writes()).toEqual([])
    }
  })

  it('removes nothing when the condition of its delegation refuses one of the deletes', async () => {
    const other = 'a1b2c3d4-0000-4000-8000-000000000003'
    arm.addAssignment({
      name: other,
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: roleDefinitionIdOf('5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'),
      description: EXPIRED,
      createdBy: SELF_OID
    })
    arm.addAssignment({
      name: 'eeeeeeee-0000-4000-8000-000000000051',
      scope: ACCOUNT_ID.replace(/\/providers\/.*$/, ''),
      principalId: SELF_OID,
      roleDefinitionId: roleDefinitionIdOf('f58310d9-a9f6-439a-9e8d-f62e7b41a168'),
      condition: `((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR (@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {${COGNITIVE_SERVICES_USER}}))`
    })
    await expect(sweep()).rejects.toThrow('does not allow 1 of the 2 role-assignment changes')
    expect(arm.writes()).toEqual([])
  })

  it('removes the expired grant this identity made and says so in changed and the outputs', async () => {
    await sweep()
    expect(arm.writes().map((c) => c.args[0])).toEqual([assignmentIdOf(MINE)])
    expect(arm.assignments.map((a) => a.name)).toEqual([THEIRS])
    expect(core.outputs.get('changed')).toBe('true')
    expect(core.outputs.get('role-assignment-ids')).toBe(assignmentIdOf(MINE))
    expect(core.messages('info').join('\n')).toContain('1 of the 2 role assignments')
  })

  it('with dry-run lists what it would remove and writes nothing', async () => {
    await sweep({ [Inputs.DryRun]: 'true' })
    expect(arm.writes()).toEqual([])
    expect(core.outputs.get('changed')).toBe('false')
    expect(core.messages('info').join('\n')).toContain(`would remove — ${assignmentIdOf(MINE)}`)
  })

  it('fails the step, naming the grant, when a removal is refused', async () => {
    arm.failNext(
      'deleteAssignment',
      armError(
        403,
        'AuthorizationFailed',
        "does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete'"
      )
    )
    await expect(sweep()).rejects.toThrow('mode: sweep could not remove 1 of 1 expired grants')
  })
})
