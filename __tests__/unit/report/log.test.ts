import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import type { ResolvedPrincipal } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import { failedResult, principalOf, resultOf, targetNamed } from '../../fixtures/grants.js'
import { isolateEnv } from '../../fixtures/inputs.js'
import { GROUP_OID, SELF_OID, USER_OID } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { failures, logResults, writeSummary } = await import('../../../src/report/log.js')

const USER = principalOf('user:ada@contoso.com', USER_OID)
const SELF: ResolvedPrincipal = {
  spec: { raw: 'self', kind: 'self' },
  objectId: SELF_OID,
  type: 'ServicePrincipal'
}
const UNTYPED: ResolvedPrincipal = { ...principalOf(GROUP_OID, GROUP_OID), type: undefined }
const OTHER = targetNamed('ai-dev')

let restore: () => void
beforeEach(() => {
  core.reset()
  restore = isolateEnv()
})
afterEach(() => restore())

describe('logResults', () => {
  it('one line per result: input line, object ID, type, role, outcome and assignment ID', () => {
    logResults([resultOf(USER, 'created', 'id-1'), resultOf(SELF, 'would create')])
    expect(core.messages('info')).toEqual([
      `user:ada@contoso.com (${USER_OID}, User): Cognitive Services User created — id-1`,
      `self (${SELF_OID}, ServicePrincipal): Cognitive Services User would create`
    ])
  })

  it('a principal of unknown type says so', () => {
    logResults([resultOf(UNTYPED, 'already assigned', 'id-2')])
    expect(core.messages('info')).toEqual([
      `${GROUP_OID} (${GROUP_OID}, type unknown): Cognitive Services User already assigned — id-2`
    ])
  })

  it('failures are not logged here (they fail the step)', () => {
    logResults([failedResult(USER, 'refused'), resultOf(SELF, 'not assigned')])
    expect(core.messages('info')).toEqual([
      `self (${SELF_OID}, ServicePrincipal): Cognitive Services User not assigned`
    ])
  })

  it('names the scope only when there are several', () => {
    logResults([resultOf(USER, 'created', 'a'), resultOf(USER, 'removed', 'b', OTHER)])
    expect(core.messages('info')).toEqual([
      `user:ada@contoso.com (${USER_OID}, User): Cognitive Services User at ai-prod created — a`,
      `user:ada@contoso.com (${USER_OID}, User): Cognitive Services User at ai-dev removed — b`
    ])
  })

  it('logs nothing for no results', () => {
    logResults([])
    expect(core.logs).toEqual([])
  })
})

describe('failures', () => {
  it('one line per failed result, named by its input line, in order', () => {
    expect(
      failures([
        failedResult(USER, 'Resource Manager refused'),
        resultOf(SELF, 'created', 'x'),
        failedResult(UNTYPED, 'boom')
      ])
    ).toEqual(['user:ada@contoso.com: Resource Manager refused', `${GROUP_OID}: boom`])
  })

  it('names the scope when there are several', () => {
    expect(failures([resultOf(USER, 'created', 'x'), failedResult(USER, 'boom', OTHER)])).toEqual([
      'user:ada@contoso.com at ai-dev: boom'
    ])
  })

  it('none when every grant worked', () => {
    expect(failures([resultOf(USER, 'created', 'x')])).toEqual([])
    expect(failures([])).toEqual([])
  })
})

describe('writeSummary', () => {
  it('writes the Markdown when the runner gives a place for it', async () => {
    process.env.GITHUB_STEP_SUMMARY = '/tmp/summary.md'
    await writeSummary('### hello\n')
    expect(core.summaries).toEqual(['### hello\n'])
  })

  it('writes nothing without GITHUB_STEP_SUMMARY (a local run)', async () => {
    await writeSummary('### hello\n')
    process.env.GITHUB_STEP_SUMMARY = ''
    await writeSummary('### hello\n')
    expect(core.summaries).toEqual([])
  })
})
