// The post step's entry: work only with revoke-after-job, not a word without it, nothing at all when the workflow
// sets ENTRA_ACCESS_SKIP_POST=true.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Env, Inputs } from '../../src/constants.js'
import type { Dependencies } from '../../src/session/dependencies.js'
import { fakeCore } from '../fixtures/core.js'
import { ACCOUNT_ID, COGNITIVE_SERVICES_USER } from '../fixtures/ids.js'
import { isolateEnv, stepInputs } from '../fixtures/inputs.js'
import { MemoryState } from '../fixtures/state.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { runPost } = await import('../../src/post.js')

let sessions: number
let restoreEnv: () => void
const dependencies = (): Dependencies => ({
  openSession: async () => {
    sessions++
    throw new Error('no Azure in this test')
  },
  state: new MemoryState(undefined, {
    seed: '0'.repeat(32),
    principals: [],
    scopes: [[ACCOUNT_ID, COGNITIVE_SERVICES_USER, []]],
    adopted: []
  })
})

beforeEach(() => {
  core.reset()
  sessions = 0
  restoreEnv = isolateEnv([Env.SkipPost])
})
afterEach(() => restoreEnv())

describe('runPost', () => {
  it('without revoke-after-job: no log line, no session, whatever the state holds', async () => {
    core.inputs = stepInputs()
    await runPost(dependencies())
    expect(core.logs).toEqual([])
    expect(sessions).toBe(0)
  })

  it('with inputs the main step already refused: silent', async () => {
    core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'true', [Inputs.ResourceGroup]: 'no/slashes' })
    await runPost(dependencies())
    expect(core.logs).toEqual([])
    expect(sessions).toBe(0)
  })

  it.each(['true', 'TRUE', ' true '])(
    'with %j in ENTRA_ACCESS_SKIP_POST: one line, no session',
    async (value) => {
      process.env[Env.SkipPost] = value
      core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'true' })
      await runPost(dependencies())
      expect(core.messages('info')).toEqual([expect.stringContaining('ENTRA_ACCESS_SKIP_POST is true')])
      expect(sessions).toBe(0)
    }
  )

  it('with revoke-after-job and no skip: the cleanup runs (and signs in)', async () => {
    process.env[Env.SkipPost] = 'false'
    core.inputs = stepInputs({ [Inputs.RevokeAfterJob]: 'true' })
    await runPost(dependencies())
    expect(sessions).toBe(1)
  })
})
