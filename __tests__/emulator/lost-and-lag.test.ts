// Faults of "Truthful under faults" (issue 20): a lost answer (the emulator acts, then drops the connection) and
// role-assignment reads that lag writes (a list or GET made seconds after a PUT does not show it yet, one made
// after a DELETE still does).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import {
  DEFAULT_IDS as ID,
  ROLE_IDS,
  startEmulator,
  type Emulator,
  type World
} from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'

const SUB = `/subscriptions/${ID.subscriptionId}`
const ACCOUNT = `${SUB}/resourceGroups/${ID.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${ID.account}`
const ROLE = `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.cognitiveServicesUser}`
const NAME = '0c0c0c0c-1111-4222-8333-444444444403'
const path = `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/${NAME}`
const LIST = `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments?$filter=atScope()`
const grant = {
  properties: {
    roleDefinitionId: ROLE,
    principalId: ID.users.alice.id,
    principalType: 'User',
    description: 'x'
  }
}

describe('lost answers and lagging reads', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  let seed: World['roleAssignments']
  const alices = () => emu.world.roleAssignments.filter((a) => a.principalId === ID.users.alice.id)
  const listedNames = async (): Promise<string[]> => {
    const answer = await h.arm('GET', LIST, token)
    return (answer.json as { value: { name: string }[] }).value.map((a) => a.name)
  }
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    token = h.armToken()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.clearFaults()
    emu.clearJournal()
    emu.lagReads(0)
    emu.world.roleAssignments = [...seed]
  })
  afterAll(async () => emu.close())

  it('a lost answer: the PUT is applied, the client sees a dropped connection, the resend gets 200', async () => {
    emu.injectFault({ service: 'arm', method: 'PUT', response: 'lost' })
    await expect(h.arm('PUT', path, token, grant)).rejects.toThrow()
    expect(alices()).toHaveLength(1)
    expect(emu.journal.find((e) => e.method === 'PUT')).toMatchObject({
      status: 0,
      faultKind: 'lost',
      lostStatus: 201
    })
    expect((await h.arm('PUT', path, token, grant)).status).toBe(200)
  })

  it('a lost DELETE answer: removed, and the resend gets 204', async () => {
    expect((await h.arm('PUT', path, token, grant)).status).toBe(201)
    emu.injectFault({ service: 'arm', method: 'DELETE', response: 'lost' })
    await expect(h.arm('DELETE', path, token)).rejects.toThrow()
    expect(alices()).toHaveLength(0)
    expect((await h.arm('DELETE', path, token)).status).toBe(204)
  })

  it('lagging reads hide a new assignment and still show a deleted one; writes see the truth', async () => {
    emu.lagReads(60_000)
    expect((await h.arm('PUT', path, token, grant)).status).toBe(201)
    expect(await listedNames()).not.toContain(NAME)
    expect((await h.arm('GET', path, token)).status).toBe(404)
    // The duplicate check is a write's: it sees the new grant under another name.
    const other = path.replace(NAME, '0d0d0d0d-1111-4222-8333-444444444404')
    expect((await h.arm('PUT', other, token, grant)).status).toBe(409)
    emu.lagReads(0)
    expect(await listedNames()).toContain(NAME)
    // An older assignment, deleted now: lagging reads still show it for a while.
    for (const a of alices()) a.createdOn = Date.now() - 3_600_000
    emu.lagReads(60_000)
    expect((await h.arm('DELETE', path, token)).status).toBe(200)
    expect(await listedNames()).toContain(NAME)
    emu.lagReads(0)
    expect(await listedNames()).not.toContain(NAME)
  })
})
