import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { assignmentName } from '../../../src/grant/assignment-name.js'
import type { AssignContext } from '../../../src/grant/assign.js'
import type { ResolvedPrincipal, ResolvedRole } from '../../../src/types.js'
import { InMemoryArm, armError } from '../../fixtures/arm.js'
import { FakeClock } from '../../fixtures/clock.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  GROUP_OID,
  NAMES,
  SUBSCRIPTION,
  USER_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { assignOne, revokeOne, matchingAssignments, PRINCIPAL_REPLICATION_WAIT_MS } =
  await import('../../../src/grant/assign.js')

const ROLE: ResolvedRole = {
  id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
  guid: COGNITIVE_SERVICES_USER,
  name: 'Cognitive Services User'
}
const OTHER_ROLE = '5e0bd9bd-7b93-4f28-af87-19fc36ad61bd'
const USER: ResolvedPrincipal = {
  spec: { raw: 'user:ada@contoso.com', kind: 'user', value: 'ada@contoso.com', isGuid: false },
  objectId: USER_OID,
  type: 'User'
}
const OUR_NAME = assignmentName(ACCOUNT_ID, USER_OID, COGNITIVE_SERVICES_USER)
const OUR_ID = assignmentIdOf(OUR_NAME)
const PORTAL_NAME = '9f1a0c2e-1111-4aaa-8bbb-0123456789ab'

let arm: InMemoryArm
let clock: FakeClock
const context = (overrides: Partial<AssignContext> = {}): AssignContext => ({
  arm,
  scope: ACCOUNT_ID,
  role: ROLE,
  description: 'Granted by GitHub Actions',
  names: NAMES,
  dryRun: false,
  clock,
  ...overrides
})
const grant = (principalId: string, name: string, scope = ACCOUNT_ID, role = COGNITIVE_SERVICES_USER) =>
  arm.addAssignment({ name, scope, principalId, roleDefinitionId: roleDefinitionIdOf(role) })

beforeEach(() => {
  core.reset()
  arm = new InMemoryArm()
  clock = new FakeClock()
})

describe('assign', () => {
  it('creates the assignment with a stable name, the role, the principal type and the description', async () => {
    const result = await assignOne(context(), USER)
    expect(result).toEqual({ principal: USER, outcome: 'created', assignmentId: OUR_ID })
    expect(arm.callsOf('createAssignment').map((c) => c.args[0])).toEqual([
      {
        scope: ACCOUNT_ID,
        name: OUR_NAME,
        roleDefinitionId: ROLE.id,
        principalId: USER_OID,
        principalType: 'User',
        description: 'Granted by GitHub Actions'
      }
    ])
  })

  it('a rerun changes nothing: the second run finds the grant and sends no PUT', async () => {
    await assignOne(context(), USER)
    const again = await assignOne(context(), USER)
    expect(again).toEqual({ principal: USER, outcome: 'already assigned', assignmentId: OUR_ID })
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
  })

  it('an existing grant under any other name (portal, CLI, Bicep): no PUT, already assigned with its ID', async () => {
    grant(USER_OID, PORTAL_NAME)
    const result = await assignOne(context(), USER)
    expect(result).toEqual({
      principal: USER,
      outcome: 'already assigned',
      assignmentId: assignmentIdOf(PORTAL_NAME)
    })
    expect(arm.writes()).toEqual([])
  })

  it('grants at other scopes or of other roles do not count', async () => {
    grant(USER_OID, PORTAL_NAME, `/subscriptions/${SUBSCRIPTION}`)
    grant(USER_OID, '9f1a0c2e-2222-4aaa-8bbb-0123456789ab', ACCOUNT_ID, OTHER_ROLE)
    grant(USER_OID, '9f1a0c2e-3333-4aaa-8bbb-0123456789ab', `${ACCOUNT_ID}/projects/p1`)
    expect((await assignOne(context(), USER)).outcome).toBe('created')
  })

  it("PUT answered 200 with this step's own description (its own PUT, resent after a lost answer): created", async () => {
    arm.addAssignment({
      name: OUR_NAME,
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      description: 'Granted by GitHub Actions'
    })
    arm.listLag = 1
    expect(await assignOne(context(), USER)).toEqual({
      principal: USER,
      outcome: 'created',
      assignmentId: OUR_ID
    })
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
  })

  it("PUT answered 200 with another run's description (made meanwhile by a concurrent job): already assigned", async () => {
    arm.addAssignment({
      name: OUR_NAME,
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      description: 'Granted by GitHub Actions: run 41'
    })
    arm.listLag = 1
    expect(await assignOne(context(), USER)).toEqual({
      principal: USER,
      outcome: 'already assigned',
      assignmentId: OUR_ID
    })
  })

  it('409 RoleAssignmentExists: already assigned, reporting the existing assignment ID', async () => {
    grant(USER_OID, PORTAL_NAME)
    arm.listLag = 1
    const result = await assignOne(context(), USER)
    expect(result).toEqual({
      principal: USER,
      outcome: 'already assigned',
      assignmentId: assignmentIdOf(PORTAL_NAME)
    })
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
  })

  it('the principal type is left out when unknown', async () => {
    await assignOne(context(), { ...USER, type: undefined })
    expect(arm.callsOf('createAssignment')[0]?.args[0]).toMatchObject({ principalType: undefined })
  })

  it('dry run: no write, "would create"', async () => {
    expect(await assignOne(context({ dryRun: true }), USER)).toEqual({
      principal: USER,
      outcome: 'would create'
    })
    expect(arm.writes()).toEqual([])
  })

  it('dry run still reports an existing grant as already assigned', async () => {
    grant(USER_OID, PORTAL_NAME)
    expect((await assignOne(context({ dryRun: true }), USER)).outcome).toBe('already assigned')
  })
})

describe('directory replication (400 PrincipalNotFound)', () => {
  const notFound = () =>
    armError(
      400,
      'PrincipalNotFound',
      `Principal ${USER_OID} does not exist in the directory. Check that you have the correct principal ID.`
    )

  it('is retried with backoff until Resource Manager sees the principal', async () => {
    arm.failNext('createAssignment', notFound(), notFound(), notFound())
    const result = await assignOne(context(), USER)
    expect(result.outcome).toBe('created')
    expect(arm.callsOf('createAssignment')).toHaveLength(4)
    expect(clock.sleeps).toHaveLength(3)
    expect(clock.sleeps.every((ms) => ms > 0 && ms <= 20_000)).toBe(true)
    expect(clock.elapsed()).toBeLessThan(PRINCIPAL_REPLICATION_WAIT_MS)
    expect(core.messages('info').join('\n')).toContain('does not see user:ada@contoso.com')
    expect(core.messages('info').join('\n')).toContain('directory replication')
  })

  it('is given up after five minutes of (fake) time, with an error that says what to check', async () => {
    arm.failAlways('createAssignment', notFound)
    const error = await assignOne(context(), USER).catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain("Assigning 'Cognitive Services User' to user:ada@contoso.com")
    expect(error.message).toContain('after 5 minutes')
    expect(error.message).toContain('Check the object ID and tenant-id')
    expect(PRINCIPAL_REPLICATION_WAIT_MS).toBe(300_000)
    expect(clock.elapsed()).toBeLessThanOrEqual(300_000)
    expect(clock.elapsed()).toBeGreaterThan(240_000)
    expect(arm.callsOf('createAssignment').length).toBeGreaterThan(10)
  })
})

describe('refusals', () => {
  it('403 AuthorizationFailed names Microsoft.Authorization/roleAssignments/write and says Contributor does not carry it', async () => {
    arm.failNext(
      'createAssignment',
      armError(
        403,
        'AuthorizationFailed',
        `The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/write' over scope '${ACCOUNT_ID}' or the scope is invalid.`
      )
    )
    const error = await assignOne(context(), USER).catch((e) => e)
    expect(error.message).toContain('403 AuthorizationFailed')
    expect(error.message).toContain("needs 'Microsoft.Authorization/roleAssignments/write'")
    expect(error.message).toContain('Role Based Access Control Administrator')
    expect(error.message).toContain('User Access Administrator')
    expect(error.message).toContain('Contributor does not carry it')
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('400 UnmatchedPrincipalType points at principal-type', async () => {
    arm.failNext('createAssignment', armError(400, 'UnmatchedPrincipalType'))
    await expect(assignOne(context(), USER)).rejects.toThrow('not a User. Check principal-type')
  })

  it('a failed list says whose assignments it was listing', async () => {
    arm.failNext('listAssignmentsOf', armError(403, 'AuthorizationFailed', 'no read'))
    await expect(assignOne(context(), USER)).rejects.toThrow(
      `Listing the role assignments of user:ada@contoso.com (${USER_OID})`
    )
    expect(arm.writes()).toEqual([])
  })

  it('a bare object ID is named once', async () => {
    arm.failNext('createAssignment', armError(500, 'InternalServerError', 'boom'))
    const bare: ResolvedPrincipal = {
      spec: { raw: USER_OID, kind: 'object-id', objectId: USER_OID },
      objectId: USER_OID
    }
    const error = await assignOne(context(), bare).catch((e) => e)
    expect(error.message).toBe(
      `Assigning 'Cognitive Services User' to ${USER_OID}: Resource Manager answered (HTTP 500 InternalServerError): boom`
    )
  })
})

describe('revoke', () => {
  it('removes every matching assignment, whatever its name, and nothing else', async () => {
    grant(USER_OID, OUR_NAME)
    grant(USER_OID, PORTAL_NAME)
    grant(USER_OID, '9f1a0c2e-4444-4aaa-8bbb-0123456789ab', `/subscriptions/${SUBSCRIPTION}`)
    grant(USER_OID, '9f1a0c2e-5555-4aaa-8bbb-0123456789ab', ACCOUNT_ID, OTHER_ROLE)
    const result = await revokeOne(context(), USER)
    expect(result).toEqual({ principal: USER, outcome: 'removed', assignmentId: OUR_ID })
    expect(arm.callsOf('deleteAssignment').map((c) => c.args[0])).toEqual([
      OUR_ID,
      assignmentIdOf(PORTAL_NAME)
    ])
    expect(arm.assignments.map((a) => a.name)).toEqual([
      '9f1a0c2e-4444-4aaa-8bbb-0123456789ab',
      '9f1a0c2e-5555-4aaa-8bbb-0123456789ab'
    ])
  })

  it('"not assigned" when there is nothing to remove', async () => {
    expect(await revokeOne(context(), USER)).toEqual({ principal: USER, outcome: 'not assigned' })
    expect(arm.writes()).toEqual([])
  })

  it('dry run: "would remove", nothing deleted', async () => {
    grant(USER_OID, PORTAL_NAME)
    expect(await revokeOne(context({ dryRun: true }), USER)).toEqual({
      principal: USER,
      outcome: 'would remove',
      assignmentId: assignmentIdOf(PORTAL_NAME)
    })
    expect(arm.writes()).toEqual([])
  })

  it('an assignment that is gone already (404) is not an error, and this step changed nothing', async () => {
    grant(USER_OID, PORTAL_NAME)
    arm.failNext('deleteAssignment', armError(404, 'RoleAssignmentNotFound'))
    expect(await revokeOne(context(), USER)).toEqual({ principal: USER, outcome: 'not assigned' })
  })

  it('removed when at least one of the matching assignments was really deleted', async () => {
    grant(USER_OID, PORTAL_NAME)
    grant(USER_OID, OUR_NAME)
    arm.failNext('deleteAssignment', armError(404, 'RoleAssignmentNotFound'))
    expect((await revokeOne(context(), USER)).outcome).toBe('removed')
  })

  it('a refused delete explains the missing permission', async () => {
    grant(USER_OID, PORTAL_NAME)
    arm.failNext('deleteAssignment', armError(403, 'AuthorizationFailed', 'no delete'))
    await expect(revokeOne(context(), USER)).rejects.toThrow(
      "Removing 'Cognitive Services User' from user:ada@contoso.com"
    )
  })
})

describe('matchingAssignments', () => {
  const item = (scope: string, roleDefinitionId: string) => ({
    id: 'x',
    name: 'x',
    principalId: USER_OID,
    scope,
    roleDefinitionId
  })

  it('compares scope and role case-insensitively, and the role GUID whole', () => {
    const found = [
      item(ACCOUNT_ID.toUpperCase(), roleDefinitionIdOf(COGNITIVE_SERVICES_USER.toUpperCase())),
      item(ACCOUNT_ID, `/providers/Microsoft.Authorization/roleDefinitions/x${COGNITIVE_SERVICES_USER}`),
      item(`${ACCOUNT_ID}/`, roleDefinitionIdOf(COGNITIVE_SERVICES_USER))
    ]
    expect(matchingAssignments(found, ACCOUNT_ID, COGNITIVE_SERVICES_USER, USER_OID)).toEqual([found[0]])
  })

  it("never takes another principal's grant for this one's, even if the list was not filtered", () => {
    const other = { ...item(ACCOUNT_ID, roleDefinitionIdOf(COGNITIVE_SERVICES_USER)), principalId: GROUP_OID }
    expect(matchingAssignments([other], ACCOUNT_ID, COGNITIVE_SERVICES_USER, USER_OID)).toEqual([])
  })
})
