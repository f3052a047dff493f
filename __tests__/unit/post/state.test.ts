import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { State } from '../../../src/constants.js'
import { fakeCore } from '../../fixtures/core.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { runnerState } = await import('../../../src/post/state.js')

beforeEach(() => core.reset())

describe('runner state between main and post', () => {
  it('what main saves, post loads', () => {
    runnerState.saveCreated(['/a', '/b'])
    expect(core.state.get(State.CreatedAssignmentIds)).toBe('["/a","/b"]')
    expect(runnerState.loadCreated()).toEqual(['/a', '/b'])
  })

  it('nothing saved is nothing to load', () => {
    expect(runnerState.loadCreated()).toEqual([])
  })

  it.each(['not json', '{"a":1}', '42', 'null'])('unreadable state %j loads as nothing', (raw) => {
    core.state.set(State.CreatedAssignmentIds, raw)
    expect(runnerState.loadCreated()).toEqual([])
  })

  it('keeps only strings', () => {
    core.state.set(State.CreatedAssignmentIds, '["/a", 1, null, {"x":1}, "/b"]')
    expect(runnerState.loadCreated()).toEqual(['/a', '/b'])
  })
})
