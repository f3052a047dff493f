// The post step of the one bundle (action.yml runs dist/index.js for `main` and `post`): it knows it is the post
// from the mark the main step writes first, has nothing to say without revoke-after-job, and does nothing at all
// when the workflow sets ENTRA_ACCESS_SKIP_POST=true.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import { State } from '../../src/constants.js'
import { act, errorOf, grantsOf, withEmulator, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId

describe('the post step', () => {
  it('prints nothing and sends nothing without revoke-after-job', () =>
    withEmulator({}, async (emulator) => {
      const main = await act(emulator, {})
      expect(main.code).toBe(0)
      expect(main.state[State.IsPost]).toBe('true')
      emulator.clearJournal()
      const post = await act(emulator, {}, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(post.stdout).toBe('')
      expect(post.stderr).toBe('')
      expect(emulator.journal).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)
    }))

  it('after a main step that failed on its inputs: the mark is there, and the post step says nothing more', () =>
    withEmulator({}, async (emulator) => {
      const main = await act(emulator, { 'revoke-after-job': 'maybe' })
      expect(errorOf(main)).toContain("'revoke-after-job'")
      expect(main.state[State.IsPost]).toBe('true')
      const post = await act(emulator, { 'revoke-after-job': 'maybe' }, { entry: 'post', state: main.state })
      expect(post.code).toBe(0)
      expect(post.stdout).toBe('')
      expect(emulator.journal).toEqual([])
    }))

  it('with ENTRA_ACCESS_SKIP_POST=true leaves the temporary grant and says so, without a request', () =>
    withEmulator({}, async (emulator) => {
      const inputs = { 'revoke-after-job': 'true' }
      const main = await act(emulator, inputs)
      expect(main.outputs.changed).toBe('true')
      emulator.clearJournal()
      const post = await act(emulator, inputs, {
        entry: 'post',
        state: main.state,
        env: { ENTRA_ACCESS_SKIP_POST: 'true' }
      })
      expect(post.code).toBe(0)
      expect(post.stdout.trim().split('\n')).toEqual([
        expect.stringContaining('ENTRA_ACCESS_SKIP_POST is true: the post step removes nothing.')
      ])
      expect(emulator.journal).toEqual([])
      expect(grantsOf(emulator, SELF)).toHaveLength(1)

      // Without the variable, the same post step removes it: the variable is what kept it.
      const again = await act(emulator, inputs, { entry: 'post', state: main.state })
      expect(writes(emulator).map((e) => e.method)).toEqual(['DELETE'])
      expect(again.code).toBe(0)
      expect(grantsOf(emulator, SELF)).toEqual([])
    }))
})
