import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { FakeClock } from '../../fixtures/clock.js'
import { fakeCore } from '../../fixtures/core.js'
import { Answers, FakeProbe, answer, notYetThenOk } from '../../fixtures/probe.js'
import { SELF_OID } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { probeDelay, waitForAccess } = await import('../../../src/wait/run.js')

const TARGET = { inferenceScope: 'https://cognitiveservices.azure.com/.default' }
let clock: FakeClock

beforeEach(() => {
  core.reset()
  clock = new FakeClock()
})

const wait = (probe: FakeProbe, timeoutMs = 600_000) =>
  waitForAccess({ probe, target: TARGET, timeoutMs, clock })
const gaps = (probe: FakeProbe): number[] =>
  probe.sentAt.slice(1).map((at, i) => at - (probe.sentAt[i] as number))

describe('waiting for access', () => {
  it('access that works at once: one probe, no sleep', async () => {
    const probe = new FakeProbe([Answers.ok()], { clock })
    expect(await wait(probe)).toEqual({
      seconds: 0,
      probes: 1,
      proof: '200 on GET https://ai-prod.openai.azure.com/openai/v1/models'
    })
    expect(clock.sleeps).toEqual([])
  })

  it.each([1, 5, 30])('succeeds after %d not-yets, counting every probe', async (n) => {
    const probe = new FakeProbe(notYetThenOk(n), { clock })
    const result = await wait(probe)
    expect(result.probes).toBe(n + 1)
    expect(probe.count).toBe(n + 1)
    expect(result.seconds).toBe(clock.elapsed() / 1000)
    expect(result.seconds).toBeGreaterThanOrEqual(2 * n)
  })

  it('probes at once, then at least 2 s apart, whatever the answers', async () => {
    const probe = new FakeProbe(
      [
        Answers.permissionDenied(),
        Answers.serverError(),
        Answers.throttled({ 'retry-after-ms': '100' }),
        Answers.throttled({ 'retry-after': '0' }),
        Answers.throttled({ 'retry-after-ms': '' }),
        new Error('socket hang up'),
        Answers.permissionDeniedOld(),
        Answers.ok()
      ],
      { clock }
    )
    await wait(probe)
    expect(probe.sentAt[0]).toBe(clock.start)
    expect(gaps(probe)).toHaveLength(7)
    for (const gap of gaps(probe)) expect(gap).toBeGreaterThanOrEqual(2_000)
  })

  it('keeps probing every 2 to 2.4 s while access is "not yet", however long the wait', async () => {
    const probe = new FakeProbe(notYetThenOk(150), { clock })
    await wait(probe)
    for (const gap of gaps(probe)) {
      expect(gap).toBeGreaterThanOrEqual(2_000)
      expect(gap).toBeLessThanOrEqual(2_400)
    }
  })

  it('backs off on server errors and no answer, doubling to at most 16 s, and resets on "not yet"', async () => {
    const probe = new FakeProbe(
      [
        ...Array.from({ length: 6 }, () => Answers.serverError()),
        Answers.permissionDenied(),
        new Error('ECONNRESET'),
        Answers.ok()
      ],
      { clock }
    )
    await waitForAccess({ probe, target: TARGET, timeoutMs: 600_000, clock, random: () => 0 })
    expect(gaps(probe)).toEqual([2_000, 4_000, 8_000, 16_000, 16_000, 16_000, 2_000, 2_000])
  })

  it('right after a new assignment, the first probe waits one interval', async () => {
    const probe = new FakeProbe([Answers.ok()], { clock })
    const result = await waitForAccess({
      probe,
      target: TARGET,
      timeoutMs: 600_000,
      clock,
      justAssigned: true
    })
    expect(probe.sentAt[0] as number).toBeGreaterThanOrEqual(clock.start + 2_000)
    expect(result.seconds).toBeGreaterThanOrEqual(2)
  })

  it('honours retry-after-ms and Retry-After on 429', async () => {
    const probe = new FakeProbe(
      [
        Answers.throttled({ 'retry-after-ms': '7500' }),
        Answers.throttled({ 'retry-after': '30' }),
        Answers.ok()
      ],
      { clock }
    )
    const result = await wait(probe)
    expect(gaps(probe)).toEqual([7_500, 30_000])
    expect(result).toMatchObject({ probes: 3, seconds: 37.5 })
  })

  it('retries network errors', async () => {
    const probe = new FakeProbe([new Error('ECONNRESET'), Answers.ok()], { clock })
    expect((await wait(probe)).probes).toBe(2)
  })

  it('counts slow answers in the elapsed time', async () => {
    const probe = new FakeProbe(notYetThenOk(2), { clock, latencyMs: 1_500 })
    const result = await wait(probe)
    expect(result.seconds).toBe(clock.elapsed() / 1000)
    expect(result.seconds).toBeGreaterThanOrEqual(3 * 1.5 + 2 * 2)
  })

  it('logs what it waits for and what it sees, without flooding the log', async () => {
    await wait(new FakeProbe(notYetThenOk(25), { clock }))
    const info = core.messages('info')
    expect(info[0]).toBe(
      'Waiting up to 600 s for access to work: GET https://ai-prod.openai.azure.com/openai/v1/models'
    )
    const notYet = info.filter((line) => line.startsWith('Not yet (401 PermissionDenied'))
    expect(notYet).toHaveLength(3) // probes 1, 10 and 20
  })
})

describe('giving up', () => {
  it('times out at wait-timeout with elapsed time, probe count and the last answer', async () => {
    const probe = new FakeProbe([Answers.permissionDenied()], { clock })
    const error = await wait(probe, 60_000).catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain('Access did not work within wait-timeout (60 s)')
    expect(error.message).toContain('waited 60.0 s')
    expect(error.message).toContain(`sent ${probe.count} probes`)
    expect(error.message).toContain('the last answer was 401 PermissionDenied: The principal')
    expect(error.message).toContain('raise wait-timeout')
    expect(clock.elapsed()).toBe(60_000)
    expect(probe.count).toBeGreaterThan(20)
    expect(probe.count).toBeLessThanOrEqual(31)
  })

  it('the last answer is the last one seen, not the first', async () => {
    const probe = new FakeProbe(
      [Answers.permissionDenied(), Answers.permissionDenied(), Answers.serverError(502)],
      { clock }
    )
    const error = await wait(probe, 20_000).catch((e) => e)
    expect(error.message).toContain('the last answer was 502 ServiceUnavailable')
  })

  it('a Retry-After longer than the time left sleeps only until the timeout, then probes once more', async () => {
    const probe = new FakeProbe([Answers.throttled({ 'retry-after': '3600' })], { clock })
    const error = await wait(probe, 10_000).catch((e) => e)
    expect(error.message).toContain('waited 10.0 s, sent 2 probes')
    expect(clock.sleeps).toEqual([10_000])
  })

  it('a single-probe timeout says "1 probe"', async () => {
    const probe = new FakeProbe([Answers.permissionDenied()], { clock, latencyMs: 5_000 })
    const error = await wait(probe, 1_000).catch((e) => e)
    expect(error.message).toContain('sent 1 probe;')
  })

  it.each([
    ['network access disabled', Answers.accessDenied(), 'Public network access is disabled'],
    ['missing deployment', Answers.deploymentNotFound(), 'probe-model'],
    ['unknown model', Answers.unknownModel(), 'probe-model'],
    ['no custom subdomain', Answers.noCustomSubdomain(), 'custom subdomain']
  ])('fails fast on %s: no more probes, no more sleep', async (_, response, expected) => {
    const probe = new FakeProbe([Answers.permissionDenied(), response], { clock })
    await expect(wait(probe)).rejects.toThrow(expected)
    expect(probe.count).toBe(2)
    expect(clock.sleeps).toHaveLength(1)
    expect(probe.renewals).toBe(0)
  })

  it('"audience is incorrect" gets one new token (the service says the same of an expired one), then fails fast', async () => {
    const probe = new FakeProbe([Answers.permissionDenied(), Answers.wrongAudience()], { clock })
    await expect(wait(probe)).rejects.toThrow('audience')
    expect(probe.renewals).toBe(1)
    expect(probe.count).toBe(3)
  })

  it('"audience is incorrect" that a new token cures is not an error', async () => {
    const probe = new FakeProbe([Answers.wrongAudienceWrapped(), Answers.ok()], { clock })
    expect((await wait(probe)).probes).toBe(2)
    expect(probe.renewals).toBe(1)
  })

  it('an ActionError from the probe (a sign-in failure) is not retried', async () => {
    const probe = new FakeProbe([new ActionError('Signing in to Microsoft Entra ID failed (AADSTS700016)')], {
      clock
    })
    await expect(wait(probe)).rejects.toThrow('AADSTS700016')
    expect(probe.count).toBe(1)
  })
})

describe('evidence: only an answer that proves access ends the wait', () => {
  const MISSING = { ...Answers.deploymentNotFound(), noSuchDeployment: true }
  const BAD_REQUEST = answer(400, { error: { code: 'invalid_request', message: 'max_tokens is too small' } })

  it('401 PermissionDenied, then 404 on the same call: access proved by the transition', async () => {
    const probe = new FakeProbe([Answers.permissionDenied(), Answers.permissionDenied(), MISSING], { clock })
    const result = await waitForAccess({
      probe,
      target: TARGET,
      timeoutMs: 600_000,
      clock,
      identity: SELF_OID
    })
    expect(result.probes).toBe(3)
    expect(result.proof).toBe(
      `404 DeploymentNotFound on ${probe.description}, after 401 PermissionDenied on the same call (the gateway checks the role first)`
    )
  })

  it('a 404 to the deployment that cannot exist, with no denial first, never ends the wait in success', async () => {
    const probe = new FakeProbe([MISSING], { clock })
    const error = await waitForAccess({
      probe,
      target: TARGET,
      timeoutMs: 60_000,
      clock,
      identity: SELF_OID
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ActionError)
    const message = (error as Error).message
    expect(message).toContain('Could not prove access within wait-timeout (60 s): waited 60.0 s')
    expect(message).toContain(`as ${SELF_OID}`)
    expect(message).toContain(`The endpoint answered 404 DeploymentNotFound on ${probe.description}`)
    expect(message).toContain('Set probe-model to the name of a chat deployment')
    expect(clock.elapsed()).toBe(60_000)
    // Still at most one probe per 2 s while it waits for evidence (the last one comes at the timeout).
    for (const gap of gaps(probe).slice(0, -1)) expect(gap).toBeGreaterThanOrEqual(2_000)
    expect(probe.count).toBeGreaterThan(20)
  })

  it('says once, not at every probe, that the answer does not prove access on its own', async () => {
    await wait(new FakeProbe([MISSING], { clock }), 60_000).catch(() => undefined)
    const notices = core.messages('info').filter((line) => line.includes('does not prove access on its own'))
    expect(notices).toHaveLength(1)
  })

  it('a 400 from probe-model with no denial first is not proof; the fix names a deployment that answers', async () => {
    const probe = new FakeProbe([BAD_REQUEST], { clock })
    const target = { ...TARGET, probeModel: 'o1-prod' }
    const error = await waitForAccess({ probe, target, timeoutMs: 20_000, clock }).catch((e: unknown) => e)
    expect((error as Error).message).toContain('The endpoint answered 400 invalid_request')
    expect((error as Error).message).toContain(
      'Set probe-model to a chat deployment that answers a one-token chat'
    )
  })

  it('an indirect answer, then a 200: the 200 is the proof', async () => {
    const probe = new FakeProbe([MISSING, MISSING, Answers.ok()], { clock })
    expect((await wait(probe)).proof).toBe(`200 on ${probe.description}`)
  })

  it('only denials until the timeout: the error says access did not work, not that it could not be proved', async () => {
    const error = await wait(new FakeProbe([Answers.permissionDenied()], { clock }), 10_000).catch((e) => e)
    expect(error.message).toContain('Access did not work within wait-timeout')
  })

  it('a debug line per probe names the identity, the call, the answer and what it counted as', async () => {
    const probe = new FakeProbe([MISSING, Answers.permissionDenied(), MISSING], { clock })
    await waitForAccess({ probe, target: TARGET, timeoutMs: 600_000, clock, identity: SELF_OID })
    const debug = core.messages('debug').filter((line) => line.startsWith('Probe '))
    expect(debug).toEqual([
      expect.stringMatching(
        /^Probe 1 as .* answered 404 DeploymentNotFound: .* -> indirect \(not proof on its own\)\.$/
      ),
      `Probe 2 as ${SELF_OID}: ${probe.description} answered ${Answers.permissionDenied().status} PermissionDenied: ${
        (Answers.permissionDenied().body as { error: { message: string } }).error.message
      } -> not-yet.`,
      expect.stringMatching(/^Probe 3 as .* answered 404 DeploymentNotFound: .* -> taken as proof\.$/)
    ])
  })
})

describe('probeDelay', () => {
  it('is 2 to 2.4 s', () => {
    expect(probeDelay(() => 0)).toBe(2_000)
    expect(probeDelay(() => 1)).toBe(2_400)
  })
})
