import { describe, expect, it } from '@jest/globals'
import { AssignmentListsAhead } from '../../../src/grant/read-ahead.js'
import { InMemoryArm } from '../../fixtures/arm.js'

const SCOPE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a'
const OID = 'aaaaaaaa-0000-4000-8000-000000000001'

const lists = (arm: InMemoryArm): number => arm.calls.filter((c) => c.method === 'listAssignmentsOf').length

describe('assignment lists read ahead', () => {
  it('the first list of a principal at a scope is the one read ahead (whatever the case of the ID); a later one is asked anew', async () => {
    const arm = new InMemoryArm()
    const ahead = new AssignmentListsAhead(arm, 2)
    ahead.start(SCOPE, OID, 0)
    ahead.start(SCOPE, OID, 0)
    expect(lists(arm)).toBe(1)
    const client = ahead.client()
    await client.listAssignmentsOf(SCOPE.toUpperCase(), OID)
    expect(lists(arm)).toBe(1)
    await client.listAssignmentsOf(SCOPE, OID)
    expect(lists(arm)).toBe(2)
  })

  it("hands the write the read's failure, and leaves every other call to the client", async () => {
    const arm = new InMemoryArm()
    arm.failNext('listAssignmentsOf', new Error('throttled'))
    const ahead = new AssignmentListsAhead(arm, 1)
    ahead.start(SCOPE, OID, 0)
    const client = ahead.client()
    await expect(client.listAssignmentsOf(SCOPE, OID)).rejects.toThrow('throttled')
    await expect(client.getAccount(SCOPE)).rejects.toBeDefined()
    expect(arm.calls.map((c) => c.method)).toEqual(['listAssignmentsOf', 'getAccount'])
  })

  it('reads at most `limit` at once, those needed first first', async () => {
    const arm = new InMemoryArm()
    const ahead = new AssignmentListsAhead(arm, 1)
    ahead.start(SCOPE, 'p-late', 9)
    ahead.start(SCOPE, 'p-second', 2)
    ahead.start(SCOPE, 'p-first', 1)
    const client = ahead.client()
    await Promise.all(['p-late', 'p-second', 'p-first'].map((p) => client.listAssignmentsOf(SCOPE, p)))
    expect(arm.calls.map((c) => c.args[1])).toEqual(['p-late', 'p-first', 'p-second'])
  })
})
