// Faults, the journal, the runner environment, and the runner harness itself (with a fake action).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DEFAULT_IDS, startEmulator, type Emulator } from '../../emulator/index.js'
import { helpers } from '../../harness/emulator-helpers.js'
import { parseFileCommands } from '../../harness/file-commands.js'
import { httpRequest } from '../../harness/https-client.js'
import { findLeakedTokens } from '../../harness/leaks.js'
import { inputVariable, runAction } from '../../harness/run-action.js'

const FAKE = fileURLToPath(new URL('../support/fixtures/fake-action.mjs', import.meta.url))

describe('faults and journal', () => {
  let emu: Emulator
  let h: ReturnType<typeof helpers>
  beforeAll(async () => {
    emu = await startEmulator({ armLatencyMs: 30 })
    h = helpers(emu)
  })
  afterAll(async () => emu.close())

  it('consumes faults in order and journals every request', async () => {
    emu.clearJournal()
    emu.injectFault({
      service: 'login',
      path: /\/token$/,
      times: 2,
      response: { status: 503, headers: { 'retry-after-ms': '10' }, body: 'busy' }
    })
    emu.injectFault({ service: 'login', response: 'reset' })
    expect((await h.signIn(`${emu.urls.arm}/.default`)).status).toBe(503)
    expect((await h.signIn(`${emu.urls.arm}/.default`)).status).toBe(503)
    await expect(h.signIn(`${emu.urls.arm}/.default`)).rejects.toThrow()
    expect((await h.signIn(`${emu.urls.arm}/.default`)).status).toBe(200)
    const login = emu.journal.filter((e) => e.service === 'login')
    expect(login.map((e) => [e.status, e.faultKind ?? null])).toEqual([
      [503, 'response'],
      [503, 'response'],
      [0, 'reset'],
      [200, null]
    ])
    expect(login[3]?.body).toContain('grant_type=client_credentials')
    expect(login[3]?.endedAt).toBeGreaterThanOrEqual(login[3]?.startedAt ?? Infinity)
  })

  it('answers late with delayMs and adds ARM latency', async () => {
    emu.injectFault({ service: 'arm', response: { delayMs: 200 } })
    const started = Date.now()
    const res = await h.arm('GET', '/metadata/endpoints', undefined, undefined, '2022-09-01')
    expect(res.status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(200)
    emu.injectFault({ service: 'arm', response: { delayMs: 2_000 } })
    await expect(
      httpRequest(`${emu.urls.arm}/metadata/endpoints?api-version=2022-09-01`, {
        ca: emu.caPem,
        timeoutMs: 100
      })
    ).rejects.toThrow('timeout')
    const t0 = Date.now()
    await h.arm('GET', '/metadata/endpoints', undefined, undefined, '2022-09-01')
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25)
    emu.clearFaults()
  })

  it('gives the runner variables and inputs for the default account', () => {
    const env = emu.runnerEnv()
    expect(env.ACTIONS_ID_TOKEN_REQUEST_URL).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/_apis\/distributedtask\/hubs\/Actions\/plans\/[^/]+\/jobs\/[^/]+\/idtoken\?api-version=2\.0$/
    )
    expect(readFileSync(env.NODE_EXTRA_CA_CERTS ?? '', 'utf8')).toBe(emu.caPem)
    expect(emu.inputs()).toEqual({
      'client-id': DEFAULT_IDS.pipelineApp.clientId,
      'tenant-id': DEFAULT_IDS.tenantId,
      'subscription-id': DEFAULT_IDS.subscriptionId,
      environment: 'Custom',
      'arm-endpoint': emu.urls.arm,
      'resource-group': 'rg-ai',
      'resource-name': 'ai-demo'
    })
  })

  it('removes the CA file on close', async () => {
    const other = await startEmulator()
    const file = other.caFile
    expect(existsSync(file)).toBe(true)
    await other.close()
    expect(existsSync(file)).toBe(false)
  })
})

describe('runner harness', () => {
  it('names inputs as the runner does and parses file commands', async () => {
    expect(inputVariable('client-id')).toBe('INPUT_CLIENT-ID')
    expect(inputVariable('some input')).toBe('INPUT_SOME_INPUT')
    expect(parseFileCommands('a<<EOF_1\nx\ny\nEOF_1\nb=2\n')).toEqual({ a: 'x\ny', b: '2' })
  })

  it('runs a script with a clean env, collecting outputs, state and summary', async () => {
    const res = await runAction({
      script: FAKE,
      inputs: { 'client-id': 'abc', 'some input': 'v' },
      env: { EXIT_CODE: '3' }
    })
    expect(res.code).toBe(3)
    expect(res.outputs).toEqual({
      'client-id': 'abc',
      multi: 'line one\nline two',
      'state-seen': '',
      'has-jest': 'false',
      spaced: 'v'
    })
    expect(res.state).toEqual({ created: 'abc' })
    expect(res.summary).toContain('repo octo-org/octo-repo')
    const post = await runAction({ script: FAKE, entry: 'post', state: res.state })
    expect(post.outputs['state-seen']).toBe('abc')
  })

  it('finds leaked tokens but not ::add-mask:: lines', async () => {
    const emu = await startEmulator()
    try {
      const token = emu.githubIdToken()
      const res = await runAction({ script: FAKE, env: { LEAK_ME: token } })
      const leaks = findLeakedTokens(
        [res.stdout, res.stderr, JSON.stringify(res.outputs), res.summary],
        emu.issuedTokens
      )
      expect(leaks).toHaveLength(1)
      expect(leaks[0]).toMatchObject({ text: 0, line: 2, kind: 'github-id-token' })
      expect(findLeakedTokens(`::add-mask::${token}`, emu.issuedTokens)).toEqual([])
    } finally {
      await emu.close()
    }
  })
})
