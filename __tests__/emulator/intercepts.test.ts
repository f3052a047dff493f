// Holds and hooks: a test stops a request where it wants (before or after the emulator acted), lines two
// clients up at the same request, and acts (kills a process) the moment a request arrives. Also: who created
// and who last changed a role assignment, as ARM records it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
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
const NAME_A = '0a0a0a0a-1111-4222-8333-444444444401'
const NAME_B = '0b0b0b0b-1111-4222-8333-444444444402'
const path = (name: string): string => `${ACCOUNT}/providers/Microsoft.Authorization/roleAssignments/${name}`
const grant = (description = 'temporary') => ({
  properties: {
    roleDefinitionId: ROLE,
    principalId: ID.users.alice.id,
    principalType: 'User',
    description
  }
})
const PUT_MATCH = { service: 'arm', method: 'PUT', path: /\/roleAssignments\/[^/]+$/i } as const

describe('holds and hooks', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  let token: string
  let seed: World['roleAssignments']
  const alices = (): unknown[] => emu.world.roleAssignments.filter((a) => a.principalId === ID.users.alice.id)
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
    token = h.armToken()
    seed = [...emu.world.roleAssignments]
  })
  beforeEach(() => {
    emu.clearIntercepts()
    emu.clearJournal()
    emu.world.roleAssignments = [...seed]
  })
  afterAll(async () => emu.close())

  it('holds a request before the emulator acts on it, until released', async () => {
    const hold = emu.hold(PUT_MATCH)
    const put = h.arm('PUT', path(NAME_A), token, grant())
    const arrived = await hold.arrived
    expect(arrived.method).toBe('PUT')
    expect(JSON.parse(arrived.body)).toEqual(grant())
    expect(alices()).toHaveLength(0)
    hold.release()
    expect((await put).status).toBe(201)
    expect(alices()).toHaveLength(1)
    const entry = emu.journal.find((e) => e.method === 'PUT')
    expect(entry?.held).toMatchObject({ at: 'request', outcome: 'continue' })
    expect(entry?.status).toBe(201)
  })

  it('holds the answer after the write, and can drop it so the client never hears of the write', async () => {
    const hold = emu.hold({ ...PUT_MATCH, at: 'response' })
    const put = h.arm('PUT', path(NAME_A), token, grant())
    await hold.arrived
    expect(alices()).toHaveLength(1)
    hold.release({ reset: true })
    await expect(put).rejects.toThrow()
    const entry = emu.journal.find((e) => e.method === 'PUT')
    expect(entry?.held).toMatchObject({ at: 'response', outcome: 'reset' })
    expect(entry?.status).toBe(0)
    expect(alices()).toHaveLength(1)
  })

  it('a reset at request drops the connection and nothing is written', async () => {
    const hold = emu.hold(PUT_MATCH)
    const put = h.arm('PUT', path(NAME_A), token, grant())
    await hold.arrived
    hold.release({ reset: true })
    await expect(put).rejects.toThrow()
    expect(alices()).toHaveLength(0)
  })

  it('lines two concurrent clients up at the same request: one creates, the other finds the grant there', async () => {
    const hold = emu.hold({ ...PUT_MATCH, times: 2 })
    const first = h.arm('PUT', path(NAME_A), token, grant('job 1'))
    const second = h.arm('PUT', path(NAME_B), token, grant('job 2'))
    const both = await hold.waitFor(2)
    expect(both.map((r) => r.path.split('/').pop()).sort()).toEqual([NAME_A, NAME_B])
    expect(alices()).toHaveLength(0)
    hold.release()
    const statuses = [(await first).status, (await second).status].sort()
    expect(statuses).toEqual([201, 409])
    expect(alices()).toHaveLength(1)
  })

  it('holds only as many requests as asked, and only matching ones', async () => {
    const hold = emu.hold({ ...PUT_MATCH, where: (req) => req.path.endsWith(NAME_B) })
    expect((await h.arm('PUT', path(NAME_A), token, grant())).status).toBe(201)
    const held = h.arm('PUT', path(NAME_B), token, grant())
    await hold.arrived
    expect(hold.active).toBe(false)
    hold.release()
    expect((await held).status).toBe(409)
    expect(hold.held).toHaveLength(1)
  })

  it('lets go by itself after releaseAfterMs', async () => {
    const hold = emu.hold({ service: 'arm', method: 'GET', releaseAfterMs: 50 })
    const res = await h.arm('GET', ACCOUNT, token, undefined, '2025-09-01')
    expect(res.status).toBe(200)
    expect(hold.released).toBe(true)
  })

  it('runs a hook when a matching request arrives, as often as asked, until removed', async () => {
    const seen: string[] = []
    const remove = emu.onRequest({ service: 'arm', method: 'GET' }, (req) => seen.push(req.path), 2)
    const always: string[] = []
    const removeAlways = emu.onRequest({ service: 'arm', method: 'DELETE' }, (req) => always.push(req.method))
    for (let i = 0; i < 3; i++) await h.arm('GET', ACCOUNT, token, undefined, '2025-09-01')
    expect(seen).toEqual([ACCOUNT, ACCOUNT])
    await h.arm('DELETE', path(NAME_A), token)
    removeAlways()
    await h.arm('DELETE', path(NAME_A), token)
    expect(always).toEqual(['DELETE'])
    remove()
  })

  it('a hook can kill the client at its request; the emulator still acts on a request it received', async () => {
    const hold = emu.hold(PUT_MATCH)
    let killed = false
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const req = require('node:https').request(process.argv[1], { method: 'PUT', headers: { authorization: 'Bearer ' + process.argv[2], 'content-type': 'application/json' } }, (res) => res.resume()); req.end(process.argv[3]); setInterval(() => {}, 1000)`,
        `${emu.urls.arm}${path(NAME_A)}?api-version=2022-04-01`,
        token,
        JSON.stringify(grant())
      ],
      { env: { PATH: process.env.PATH ?? '', NODE_EXTRA_CA_CERTS: emu.caFile }, stdio: 'ignore' }
    )
    const exited = new Promise<string | null>((done) => child.on('exit', (_code, signal) => done(signal)))
    emu.onRequest(PUT_MATCH, () => {
      killed = child.kill('SIGKILL')
    })
    await hold.arrived
    expect(killed).toBe(true)
    expect(await exited).toBe('SIGKILL')
    hold.release()
    // The client is gone, but Resource Manager had the whole request: the grant is made all the same.
    await new Promise<void>((done) => {
      const check = (): void => (alices().length > 0 ? done() : void setTimeout(check, 10))
      check()
    })
    expect(alices()).toHaveLength(1)
  })

  it('close() lets held requests go, so the emulator shuts down', async () => {
    const other = await startEmulator()
    const hold = other.hold({ service: 'arm' })
    const pending = helpers(other)
      .arm('GET', ACCOUNT, helpers(other).armToken(), undefined, '2025-09-01')
      .then(
        () => 'answered',
        () => 'dropped'
      )
    await hold.arrived
    await other.close()
    expect(await pending).toBe('dropped')
  })
})

describe('who made and who changed an assignment', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator()
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('records the caller as createdBy; a PUT with a new description by another caller updates it (200)', async () => {
    const pipeline = h.armToken()
    const created = await h.arm('PUT', path(NAME_A), pipeline, grant('first'))
    expect(created.status).toBe(201)
    expect(created.json.properties).toMatchObject({
      createdBy: ID.pipelineApp.objectId,
      updatedBy: ID.pipelineApp.objectId,
      description: 'first'
    })
    // The other pipeline is an owner of the resource group, so it may write there.
    emu.world.roleAssignments.push({
      ...(emu.world.roleAssignments[0] as World['roleAssignments'][number]),
      name: 'eeeeeeee-0000-4000-8000-0000000000ff',
      principalId: ID.servicePrincipals.batchJob.id
    })
    const other = h.armToken(ID.servicePrincipals.batchJob.id, ID.servicePrincipals.batchJob.appId)
    const updated = await h.arm('PUT', path(NAME_A), other, grant('second'))
    expect(updated.status).toBe(200)
    expect(updated.json.properties).toMatchObject({
      createdBy: ID.pipelineApp.objectId,
      updatedBy: ID.servicePrincipals.batchJob.id,
      description: 'second'
    })
    expect(Date.parse(updated.json.properties.updatedOn)).toBeGreaterThanOrEqual(
      Date.parse(updated.json.properties.createdOn)
    )
    const read = await h.arm('GET', path(NAME_A), pipeline)
    expect(read.json.properties.description).toBe('second')
    expect(read.json.properties.createdBy).toBe(ID.pipelineApp.objectId)
  })
})
