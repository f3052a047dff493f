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

const P1 = '11111111-1111-4111-8111-111111111111'
const P2 = '22222222-2222-4222-8222-222222222222'

describe('runner state between main and post', () => {
  it('saves seed, scope and principal before each new write, and again only when something new is recorded', () => {
    const state = runnerState(SEED)
    expect(core.state.get(State.TemporaryGrants)).toBeUndefined()
    state.aboutToWrite(SCOPE, ROLE, P1)
    const first = core.state.get(State.TemporaryGrants)
    expect(JSON.parse(first ?? '')).toEqual({ v: 2, seed: SEED, p: [P1], s: [[SCOPE, ROLE, [0]]], a: [] })
    state.aboutToWrite(SCOPE.toUpperCase(), ROLE, P1.toUpperCase())
    expect(core.state.get(State.TemporaryGrants)).toBe(first)
    state.aboutToWrite(SCOPE, ROLE, P2)
    state.adopt(SCOPE, ROLE, 'p', 'n')
    expect(state.load()).toEqual({
      kind: 'saved',
      state: {
        seed: SEED,
        principals: [P1, P2],
        scopes: [[SCOPE, ROLE, [0, 1]]],
        adopted: [[SCOPE, ROLE, 'p', 'n']]
      }
    })
  })

  it('stays bounded: 20 scopes of 50 principals each name every principal once, well under 16 kB', () => {
    const state = runnerState(SEED)
    const principals = Array.from(
      { length: 50 },
      (_, i) => `${String(i).padStart(8, '0')}-1111-4111-8111-111111111111`
    )
    for (let s = 0; s < 20; s++)
      for (const p of principals) state.aboutToWrite(`${SCOPE}${String(s).padStart(2, '0')}`, ROLE, p)
    const saved = core.state.get(State.TemporaryGrants) ?? ''
    expect(saved.length).toBeLessThan(16_000)
    const loaded = state.load()
    expect(loaded.kind === 'saved' ? loaded.state.principals : []).toHaveLength(50)
    expect(loaded.kind === 'saved' ? loaded.state.scopes.map((e) => e[2].length) : []).toEqual(
      Array(20).fill(50)
    )
  })

  it('a new seed each step: 32 hex digits, never the same twice', () => {
    expect(newSeed()).toMatch(/^[0-9a-f]{32}$/)
    expect(newSeed()).not.toBe(newSeed())
  })
})

const STATE = {
  seed: SEED,
  principals: [P1],
  scopes: [[SCOPE, ROLE, [0]]] as [string, string, number[]][],
  adopted: []
}

describe('decodeState', () => {
  it('none saved is none; what was encoded decodes', () => {
    expect(decodeState('')).toEqual({ kind: 'none' })
    expect(decodeState(encodeState(STATE))).toEqual({ kind: 'saved', state: STATE })
  })

  it.each([
    ['cut short', encodeState(STATE).slice(0, 30), 'not JSON'],
    ['an older version', JSON.stringify({ v: 1, seed: SEED, scopes: [], adopted: [] }), 'version'],
    ['a bad seed', JSON.stringify({ v: 2, seed: 'x', p: [], s: [], a: [] }), 'seed'],
    ['bad principals', JSON.stringify({ v: 2, seed: SEED, p: [1], s: [], a: [] }), 'principals'],
    ['bad scopes', JSON.stringify({ v: 2, seed: SEED, p: [], s: [['only one']], a: [] }), 'scopes'],
    [
      'an index past the principals',
      JSON.stringify({ v: 2, seed: SEED, p: [P1], s: [[SCOPE, ROLE, [1]]], a: [] }),
      'scopes'
    ],
    ['bad adopted', JSON.stringify({ v: 2, seed: SEED, p: [], s: [], a: [[1, 2, 3, 4]] }), 'adopted'],
    ['the old list of IDs', JSON.stringify(['/subscriptions/x']), 'version']
  ])('%s is unreadable, never half-read', (_, raw, reason) => {
    const loaded = decodeState(raw)
    expect(loaded.kind).toBe('unreadable')
    expect(loaded.kind === 'unreadable' ? loaded.reason : '').toContain(reason)
  })
})
