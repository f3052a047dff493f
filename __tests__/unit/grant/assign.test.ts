import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { PRINCIPAL_REPLICATION_WAIT_MS } from '../../../src/constants.js'
import { withArmErrors } from '../../../src/azure/arm-errors.js'
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
  SUBSCRIPTION,
  USER_OID,
  assignmentIdOf,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { assignOne, revokeOne, matchingAssignments } = await import('../../../src/grant/assign.js')

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
// The client as the session gives it: the double's raw answers explained by the real decorator.
const context = (overrides: Partial<AssignContext> = {}): AssignContext => ({
  arm: withArmErrors(arm),
  scope: ACCOUNT_ID,
  role: ROLE,
  description: 'Granted by GitHub Actions',
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
    expect(result).toEqual({ outcome: 'created', assignmentId: OUR_ID })
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
    expect(again).toEqual({ outcome: 'already assigned', assignmentId: OUR_ID })
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
  })

  it('an existing grant under any other name (portal, CLI, Bicep): no PUT, already assigned with its ID', async () => {
    grant(USER_OID, PORTAL_NAME)
    const result = await assignOne(context(), USER)
    expect(result).toEqual({
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

  it("PUT answered 200 with this step's own description (perhaps its own PUT, resent after a lost answer): already assigned, since a permanent name cannot tell", async () => {
    arm.addAssignment({
      name: OUR_NAME,
      scope: ACCOUNT_ID,
      principalId: USER_OID,
      roleDefinitionId: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
      description: 'Granted by GitHub Actions'
    })
    arm.listLag = 1
    expect(await assignOne(context(), USER)).toEqual({
      outcome: 'already assigned',
      assignmentId: OUR_ID
    })
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
  })

  // Resource Manager answers a PUT to an existing name with the description just sent (see
  // __tests__/emulator/arm-contract.test.ts): the answer cannot tell another run's grant from this step's own.
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
      outcome: 'already assigned',
      assignmentId: OUR_ID
    })
  })

  it('409 RoleAssignmentExists: already assigned, reporting the existing assignment ID', async () => {
    grant(USER_OID, PORTAL_NAME)
    arm.listLag = 1
    const result = await assignOne(context(), USER)
    expect(result).toEqual({
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
    const error = await assignOne(context(), USER).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message).toContain(
      `Assigning role ${COGNITIVE_SERVICES_USER} to principal ${USER_OID} at ${ACCOUNT_ID}`
    )
    expect(message).toContain('does not find the principal in the directory')
    expect(message).toContain('check the object ID and tenant-id')
    expect(message).toContain(`Principal ${USER_OID} does not exist in the directory`)
    expect(message.endsWith('Still not found after 5 minutes of retries.')).toBe(true)
    expect(PRINCIPAL_REPLICATION_WAIT_MS).toBe(300_000)
    expect(clock.elapsed()).toBeLessThanOrEqual(300_000)
    expect(clock.elapsed()).toBeGreaterThan(240_000)
    expect(arm.callsOf('createAssignment').length).toBeGreaterThan(10)
  })

  it('the retry log names the principal by its input line and object ID', async () => {
    arm.failNext('createAssignment', notFound())
    await assignOne(context(), USER)
    expect(core.messages('info')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Resource Manager does not see user:ada@contoso.com \\(${USER_OID}\\) yet \\(directory replication\\); retry 1 in \\d+ s\\.$`
        )
      )
    ])
  })

  it('only PrincipalNotFound is retried: another 400 fails at once, without the retry note', async () => {
    arm.failNext('createAssignment', armError(400, 'InvalidRoleAssignmentRequest', 'bad'))
    const error = await assignOne(context(), USER).catch((e: unknown) => e)
    expect((error as Error).message).not.toContain('Still not found')
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
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
    const error = await assignOne(context(), USER).catch((e: unknown) => e)
    const message = (error as Error).message
    expect(message).toContain('403 AuthorizationFailed')
    expect(message).toContain("needs 'Microsoft.Authorization/roleAssignments/write'")
    expect(message).toContain('Role Based Access Control Administrator')
    expect(message).toContain('User Access Administrator')
    expect(message).toContain('Contributor does not carry it')
    expect(arm.callsOf('createAssignment')).toHaveLength(1)
    expect(clock.sleeps).toEqual([])
  })

  it('400 UnmatchedPrincipalType points at principal-type', async () => {
    arm.failNext('createAssignment', armError(400, 'UnmatchedPrincipalType'))
    await expect(assignOne(context(), USER)).rejects.toThrow(
      'Resource Manager says the object is not a User; check principal-type'
    )
  })

  it('a failed list says whose assignments it was listing', async () => {
    arm.failNext('listAssignmentsOf', armError(403, 'AuthorizationFailed', 'no read'))
    await expect(assignOne(context(), USER)).rejects.toThrow(
      `Listing the role assignments of ${USER_OID} at ${ACCOUNT_ID}`
    )
    expect(arm.writes()).toEqual([])
  })

  it('a bare object ID is named once', async () => {
    arm.failNext('createAssignment', armError(500, 'InternalServerError', 'boom'))
    const bare: ResolvedPrincipal = {
      spec: { raw: USER_OID, kind: 'object-id', objectId: USER_OID },
      objectId: USER_OID
    }
    const error = await assignOne(context(), bare).catch((e: unknown) => e)
    expect((error as Error).message).toBe(
      `Assigning role ${COGNITIVE_SERVICES_USER} to principal ${USER_OID} at ${ACCOUNT_ID}: Resource Manager answered (HTTP 500 InternalServerError): boom`
    )
  })
})

describe('errors are explained by the client, not here', () => {
  it('a bare client error passes through as it is', async () => {
    const raw = armError(500, 'InternalServerError', 'boom')
    arm.failNext('createAssignment', raw)
    await expect(assignOne({ ...context(), arm }, USER)).rejects.toBe(raw)
  })
})

describe('revoke', () => {
  it('removes every matching assignment, whatever its name, and nothing else', async () => {
    grant(USER_OID, OUR_NAME)
    grant(USER_OID, PORTAL_NAME)
    grant(USER_OID, '9f1a0c2e-4444-4aaa-8bbb-0123456789ab', `/subscriptions/${SUBSCRIPTION}`)
    grant(USER_OID, '9f1a0c2e-5555-4aaa-8bbb-0123456789ab', ACCOUNT_ID, OTHER_ROLE)
    const result = await revokeOne(context(), USER)
    expect(result).toEqual({ outcome: 'removed', assignmentId: OUR_ID })
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
    expect(await revokeOne(context(), USER)).toEqual({ outcome: 'not assigned' })
    expect(arm.writes()).toEqual([])
  })

  it('dry run: "would remove", nothing deleted', async () => {
    grant(USER_OID, PORTAL_NAME)
    expect(await revokeOne(context({ dryRun: true }), USER)).toEqual({
      outcome: 'would remove',
      assignmentId: assignmentIdOf(PORTAL_NAME)
    })
    expect(arm.writes()).toEqual([])
  })

  it('an assignment that is gone already (404) is not an error, and this step changed nothing', async () => {
    grant(USER_OID, PORTAL_NAME)
    arm.failNext('deleteAssignment', armError(404, 'RoleAssignmentNotFound'))
    expect(await revokeOne(context(), USER)).toEqual({ outcome: 'not assigned' })
  })

  it('removed when at least one of the matching assignments was really deleted', async () => {
    grant(USER_OID, PORTAL_NAME)
    grant(USER_OID, OUR_NAME)
    arm.failNext('deleteAssignment', armError(404, 'RoleAssignmentNotFound'))
    expect((await revokeOne(context(), USER)).outcome).toBe('removed')
  })

  it('a refused delete explains the missing permission', async () => {
    grant(USER_OID, PORTAL_NAME)
    arm.failNext(
      'deleteAssignment',
      armError(
        403,
        'AuthorizationFailed',
        `The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.Authorization/roleAssignments/delete' over scope '${ACCOUNT_ID}'.`
      )
    )
    const error = await revokeOne(context(), USER).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message).toContain(`Removing role assignment ${assignmentIdOf(PORTAL_NAME)}`)
    expect(message).toContain('403 AuthorizationFailed')
    expect(message).toContain('Role Based Access Control Administrator')
    expect(arm.assignments).toHaveLength(1)
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
