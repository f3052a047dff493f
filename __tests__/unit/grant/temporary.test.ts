import { describe, expect, it } from '@jest/globals'
import { currentRun, judgeExisting, namesEarlierAttempt } from '../../../src/grant/temporary.js'
import { temporaryName } from '../../../src/grant/temporary-name.js'
import { withRunTag } from '../../../src/grant/description.js'
import type { RoleAssignmentResource } from '../../../src/azure/arm.js'
import { ACCOUNT_ID, COGNITIVE_SERVICES_USER, OTHER_OID, SELF_OID, USER_OID } from '../../fixtures/ids.js'

const RUN = { id: '4242', attempt: 2 }
const TEMP = 'temporary until 2030-01-01T00:00:00Z'
const assignment = (over: Partial<RoleAssignmentResource>): RoleAssignmentResource => ({
  id: `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/x`,
  name: 'x',
  scope: ACCOUNT_ID,
  roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${COGNITIVE_SERVICES_USER}`,
  principalId: USER_OID,
  createdBy: SELF_OID,
  ...over
})

describe('temporary names', () => {
  it('differ by seed, and are the same for the same inputs whatever the case of the scope', () => {
    const a = temporaryName('a'.repeat(32), ACCOUNT_ID, USER_OID, COGNITIVE_SERVICES_USER)
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(temporaryName('a'.repeat(32), ACCOUNT_ID.toUpperCase(), USER_OID, COGNITIVE_SERVICES_USER)).toBe(a)
    expect(temporaryName('b'.repeat(32), ACCOUNT_ID, USER_OID, COGNITIVE_SERVICES_USER)).not.toBe(a)
    expect(temporaryName('a'.repeat(32), ACCOUNT_ID, OTHER_OID, COGNITIVE_SERVICES_USER)).not.toBe(a)
  })
})

describe('the run a description names', () => {
  it('the run comes from GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT', () => {
    expect(currentRun({ GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '3' })).toEqual({ id: '4242', attempt: 3 })
    expect(currentRun({ GITHUB_RUN_ID: '4242' })).toEqual({ id: '4242', attempt: 1 })
    expect(currentRun({})).toBeUndefined()
  })

  it('an earlier attempt of the same run only', () => {
    expect(namesEarlierAttempt(`run 4242 attempt 1 ${TEMP}`, RUN)).toBe(true)
    expect(namesEarlierAttempt(`run 4242 attempt 2 ${TEMP}`, RUN)).toBe(false)
    expect(namesEarlierAttempt(`run 42420 attempt 1 ${TEMP}`, RUN)).toBe(false)
    expect(namesEarlierAttempt(undefined, RUN)).toBe(false)
  })

  it("a user's own description gets the run appended; the default already names it", () => {
    const env = { GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' }
    expect(withRunTag('nightly eval', env)).toBe('nightly eval (run 4242 attempt 2)')
    expect(withRunTag('Granted by ..., run 4242 attempt 2, actor x.', env)).toBe(
      'Granted by ..., run 4242 attempt 2, actor x.'
    )
    expect(withRunTag('nightly eval', {})).toBe('nightly eval')
  })
})

describe('judging a grant already in place', () => {
  it("adopts an earlier attempt's temporary grant made by this identity", () => {
    const found = assignment({ description: `run 4242 attempt 1 ${TEMP}` })
    expect(judgeExisting([found], SELF_OID, RUN)).toEqual({ kind: 'adopt', assignment: found })
  })

  it.each([
    ['made by another identity', { createdBy: OTHER_OID }],
    ['of another run', { description: `run 1 attempt 1 ${TEMP}` }],
    ['of this very attempt (a parallel job)', { description: `run 4242 attempt 2 ${TEMP}` }]
  ])('never adopts a temporary grant %s: it warns about it instead', (_, over) => {
    const found = assignment({ description: `run 4242 attempt 1 ${TEMP}`, ...over })
    expect(judgeExisting([found], SELF_OID, RUN)?.kind).toBe('temporary')
  })

  it('a permanent grant beside a temporary one is permanent: the access stays', () => {
    const permanent = assignment({ name: 'p', description: 'portal' })
    const temporary = assignment({ description: `run 1 attempt 1 ${TEMP}` })
    expect(judgeExisting([temporary, permanent], SELF_OID, RUN)).toEqual({
      kind: 'permanent',
      assignment: permanent
    })
    expect(judgeExisting([], SELF_OID, RUN)).toBeUndefined()
  })
})
