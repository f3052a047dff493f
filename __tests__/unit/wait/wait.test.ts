import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import type { PreparedWait, ScopeProbe } from '../../../src/wait/prepare.js'
import type { WaitOptions, WaitResult } from '../../../src/wait/run.js'
import type { Target } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import { TARGET, failedResult, principalOf, resultOf, targetNamed } from '../../fixtures/grants.js'
import { SELF_OID, USER_OID } from '../../fixtures/ids.js'
import { Answers, FakeProbe } from '../../fixtures/probe.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
// The wait loop itself is tested in run.test.ts; here only how runWait drives it, one per scope, and reports.
const calls: WaitOptions[] = []
const PROOF = '200 on GET https://ai-prod.openai.azure.com/openai/v1/models'
let answer: (options: WaitOptions) => Promise<WaitResult> = async () => ({
  seconds: 0,
  probes: 1,
  proof: PROOF
})
jest.unstable_mockModule('../../../src/wait/run.js', () => ({
  probeDelay: () => 2_000,
  waitForAccess: async (options: WaitOptions) => {
    calls.push(options)
    return answer(options)
  }
}))
const { runWait } = await import('../../../src/wait/wait.js')

const SCOPE = 'https://cognitiveservices.azure.com/.default'
const OTHER = targetNamed('ai-dev')
const SELF = principalOf('self', SELF_OID, 'ServicePrincipal')
const USER = principalOf('u', USER_OID)

const scopeProbe = (target: Target, probeModel?: string): ScopeProbe => ({
  target,
  probe: new FakeProbe([Answers.ok()]),
  expect: { inferenceScope: SCOPE, probeModel },
  identity: SELF_OID
})
const prepared = (...targets: Target[]): PreparedWait => ({
  probes: targets.map((target) => scopeProbe(target)),
  timeoutMs: 90_000
})

beforeEach(() => {
  core.reset()
  calls.length = 0
  answer = async () => ({ seconds: 0, probes: 1, proof: PROOF })
})

describe('runWait', () => {
  it('no wait prepared: nothing to do', async () => {
    expect(await runWait(undefined, [resultOf(SELF, 'created', 'x')])).toBeUndefined()
    expect(calls).toEqual([])
  })

  it('a failed grant: no wait at all (the step fails for the grant)', async () => {
    const results = [resultOf(SELF, 'created', 'x'), failedResult(USER, 'refused')]
    expect(await runWait(prepared(TARGET), results)).toBeUndefined()
    expect(calls).toEqual([])
  })

  it('probes with the prepared probe, what to expect and the timeout', async () => {
    const wait: PreparedWait = { probes: [scopeProbe(TARGET, 'gpt-4o')], timeoutMs: 90_000 }
    await runWait(wait, [resultOf(SELF, 'already assigned', 'x')])
    expect(calls).toEqual([
      {
        probe: wait.probes[0]?.probe,
        target: { inferenceScope: SCOPE, probeModel: 'gpt-4o' },
        timeoutMs: 90_000,
        identity: SELF_OID,
        justAssigned: false
      }
    ])
  })

  it.each([
    ['created', true],
    ['already assigned', false]
  ] as const)('an assignment %s at the scope: justAssigned is %s', async (outcome, justAssigned) => {
    await runWait(prepared(TARGET), [resultOf(USER, 'already assigned', 'a'), resultOf(SELF, outcome, 'b')])
    expect(calls.map((c) => c.justAssigned)).toEqual([justAssigned])
  })

  it('one wait per scope, at once, each knowing whether something was created there', async () => {
    const resolvers: (() => void)[] = []
    answer = (options) =>
      new Promise((resolve) =>
        resolvers.push(() => resolve({ seconds: calls.indexOf(options), probes: 1, proof: PROOF }))
      )
    const pending = runWait(prepared(TARGET, OTHER), [
      resultOf(SELF, 'already assigned', 'a'),
      resultOf(SELF, 'created', 'b', OTHER)
    ])
    await new Promise((resolve) => setImmediate(resolve))
    expect(calls).toHaveLength(2)
    expect(calls.map((c) => c.justAssigned)).toEqual([false, true])
    for (const resolve of resolvers) resolve()
    expect(await pending).toMatchObject({ seconds: 1 })
  })

  it('one scope: the line says for whom access worked, when, after how many probes, and what proved it', async () => {
    answer = async () => ({ seconds: 12, probes: 6, proof: PROOF })
    const outcome = await runWait(prepared(TARGET), [resultOf(SELF, 'created', 'x')])
    const line = `inference access worked 12.0 s after the assignments (6 probes). Proved for ${SELF_OID} by ${PROOF}.`
    expect(outcome).toEqual({
      seconds: 12,
      line,
      scopes: [{ targetId: TARGET.id, outcome: 'access works', seconds: 12, probes: 6 }]
    })
    expect(core.messages('info')).toEqual([`Access works: ${line}`])
  })

  it('one probe is singular, and a proof by transition is quoted as it is', async () => {
    const proof = '404 DeploymentNotFound on POST x, after 401 PermissionDenied on the same call'
    answer = async () => ({ seconds: 0.4, probes: 1, proof })
    const outcome = await runWait(prepared(TARGET), [resultOf(SELF, 'already assigned', 'x')])
    expect(outcome?.line).toBe(
      `inference access worked 0.4 s after the assignments (1 probe). Proved for ${SELF_OID} by ${proof}.`
    )
  })

  it('several scopes: a sentence for each, naming it, and the slowest one as the seconds', async () => {
    answer = async (options) =>
      options.probe === calls[0]?.probe
        ? { seconds: 3, probes: 2, proof: 'A' }
        : { seconds: 7.5, probes: 4, proof: 'B' }
    const outcome = await runWait(prepared(TARGET, OTHER), [resultOf(SELF, 'created', 'x')])
    expect(outcome).toEqual({
      seconds: 7.5,
      line:
        `inference access worked at ai-prod 3.0 s after the assignments (2 probes). Proved for ${SELF_OID} by A. ` +
        `inference access worked at ai-dev 7.5 s after the assignments (4 probes). Proved for ${SELF_OID} by B.`,
      scopes: [
        { targetId: TARGET.id, outcome: 'access works', seconds: 3, probes: 2 },
        { targetId: OTHER.id, outcome: 'access works', seconds: 7.5, probes: 4 }
      ]
    })
  })

  it('never throws: a wait that fails gives the error to fail the step with, and a summary line', async () => {
    const timeout = new ActionError('Access did not work within wait-timeout (90 s).')
    answer = async () => {
      throw timeout
    }
    const outcome = await runWait(prepared(TARGET), [resultOf(SELF, 'created', 'x')])
    expect(outcome).toEqual({
      line: 'failed: Access did not work within wait-timeout (90 s).',
      error: timeout,
      scopes: [{ targetId: TARGET.id, outcome: 'failed', error: timeout.message }]
    })
    expect(outcome?.seconds).toBeUndefined()
    expect(core.messages('info')).toEqual([])
  })

  it('several scopes: one failing scope fails the wait', async () => {
    answer = async (options) => {
      if (options.probe === calls[1]?.probe) throw new Error('no access at ai-dev')
      return { seconds: 1, probes: 1, proof: PROOF }
    }
    const outcome = await runWait(prepared(TARGET, OTHER), [resultOf(SELF, 'created', 'x')])
    expect(outcome?.line).toBe(
      `inference access worked at ai-prod 1.0 s after the assignments (1 probe). Proved for ${SELF_OID} by ${PROOF}. failed at ai-dev: no access at ai-dev`
    )
    expect((outcome?.error as Error).message).toBe('no access at ai-dev')
    expect(outcome?.scopes?.map((scope) => scope.outcome)).toEqual(['access works', 'failed'])
  })

  it('several scopes failing: one error that lists each, and every scope is still waited for', async () => {
    answer = async (options) => {
      throw new Error(options.probe === calls[0]?.probe ? 'timed out at ai-prod' : 'timed out at ai-dev')
    }
    const outcome = await runWait(prepared(TARGET, OTHER), [resultOf(SELF, 'created', 'x')])
    expect(calls).toHaveLength(2)
    expect((outcome?.error as Error).message).toBe(
      'Access did not work at 2 of 2 scopes:\n- ai-prod: timed out at ai-prod\n- ai-dev: timed out at ai-dev'
    )
  })
})
