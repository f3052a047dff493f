import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { State } from '../../../src/constants.js'
import { fakeCore } from '../../fixtures/core.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { runnerState, decodeState, encodeState, newSeed } = await import('../../../src/post/state.js')

const SEED = '0123456789abcdef0123456789abcdef'
const SCOPE = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/a'
const ROLE = 'a97b65f3-24c7-4388-baec-2e87135dc908'

beforeEach(() => core.reset())

describe('runner state between main and post', () => {
  it('saves the seed and scope before the first write, and again only when something new is recorded', () => {
    const state = runnerState(SEED)
    expect(core.state.get(State.TemporaryGrants)).toBeUndefined()
    state.aboutToWrite(SCOPE, ROLE)
    const first = core.state.get(State.TemporaryGrants)
    expect(JSON.parse(first ?? '')).toEqual({ v: 1, seed: SEED, scopes: [[SCOPE, ROLE]], adopted: [] })
    state.aboutToWrite(SCOPE.toUpperCase(), ROLE)
    expect(core.state.get(State.TemporaryGrants)).toBe(first)
    state.adopt(SCOPE, ROLE, 'p', 'n')
    expect(state.load()).toEqual({
      kind: 'saved',
      state: { seed: SEED, scopes: [[SCOPE, ROLE]], adopted: [[SCOPE, ROLE, 'p', 'n']] }
    })
  })

  it('stays small whatever the number of principals: one scope, one seed', () => {
    const state = runnerState(SEED)
    for (let i = 0; i < 200; i++) state.aboutToWrite(SCOPE, ROLE)
    expect((core.state.get(State.TemporaryGrants) ?? '').length).toBeLessThan(300)
  })

  it('a new seed each step: 32 hex digits, never the same twice', () => {
    expect(newSeed()).toMatch(/^[0-9a-f]{32}$/)
    expect(newSeed()).not.toBe(newSeed())
  })
})

describe('decodeState', () => {
  it('none saved is none; what was encoded decodes', () => {
    expect(decodeState('')).toEqual({ kind: 'none' })
    const state = { seed: SEED, scopes: [[SCOPE, ROLE]] as [string, string][], adopted: [] }
    expect(decodeState(encodeState(state))).toEqual({ kind: 'saved', state })
  })

  it.each([
    ['cut short', encodeState({ seed: SEED, scopes: [[SCOPE, ROLE]], adopted: [] }).slice(0, 30), 'not JSON'],
    ['another version', JSON.stringify({ v: 2, seed: SEED, scopes: [], adopted: [] }), 'version'],
    ['a bad seed', JSON.stringify({ v: 1, seed: 'x', scopes: [], adopted: [] }), 'seed'],
    ['bad scopes', JSON.stringify({ v: 1, seed: SEED, scopes: [['only one']], adopted: [] }), 'scopes'],
    ['bad adopted', JSON.stringify({ v: 1, seed: SEED, scopes: [], adopted: [[1, 2, 3, 4]] }), 'adopted'],
    ['the old list of IDs', JSON.stringify(['/subscriptions/x']), 'version']
  ])('%s is unreadable, never half-read', (_, raw, reason) => {
    const loaded = decodeState(raw)
    expect(loaded.kind).toBe('unreadable')
    expect(loaded.kind === 'unreadable' ? loaded.reason : '').toContain(reason)
  })
})
