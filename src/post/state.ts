import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { State } from '../constants.js'
import type { LoadedState, StateStore, TemporaryState } from '../types.js'

const SEED = /^[0-9a-f]{32}$/
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 400
const isTuple = (value: unknown, length: number): value is string[] =>
  Array.isArray(value) && value.length === length && value.every(isText)

/** Pure: the state as saved (version 1, short keys: it is written before every write). */
export function encodeState(state: TemporaryState): string {
  return JSON.stringify({ v: 1, seed: state.seed, scopes: state.scopes, adopted: state.adopted })
}

/** Pure: what the post step can trust of a saved state; anything malformed is unreadable, never half-read. */
export function decodeState(raw: string): LoadedState {
  if (raw === '') return { kind: 'none' }
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch {
    return { kind: 'unreadable', reason: `not JSON (${raw.length} characters, perhaps cut short)` }
  }
  const value = (parsed ?? {}) as Record<string, unknown>
  if (value.v !== 1) return { kind: 'unreadable', reason: 'an unknown version' }
  const { seed, scopes, adopted } = value
  if (typeof seed !== 'string' || !SEED.test(seed)) return { kind: 'unreadable', reason: 'no valid seed' }
  if (!Array.isArray(scopes) || !scopes.every((s) => isTuple(s, 2)))
    return { kind: 'unreadable', reason: 'malformed scopes' }
  if (!Array.isArray(adopted) || !adopted.every((a) => isTuple(a, 4)))
    return { kind: 'unreadable', reason: 'malformed adopted grants' }
  return {
    kind: 'saved',
    state: {
      seed,
      scopes: scopes as [string, string][],
      adopted: adopted as [string, string, string, string][]
    }
  }
}

export const newSeed = (): string => randomBytes(16).toString('hex')

/**
 * The runner's GITHUB_STATE. Each change writes the whole (small) state again before the request it announces, so
 * a job cancelled at any moment leaves the post step a state that names everything it may have created.
 */
export function runnerState(seed: string = newSeed()): StateStore {
  const scopes: [string, string][] = []
  const adopted: [string, string, string, string][] = []
  const save = (): void => core.saveState(State.TemporaryGrants, encodeState({ seed, scopes, adopted }))
  /** The post step looks at every scope named here, for this step's own grants and the adopted ones. */
  const addScope = (scope: string, roleGuid: string): boolean => {
    const known = scopes.some(([s, r]) => s.toLowerCase() === scope.toLowerCase() && r === roleGuid)
    if (!known) scopes.push([scope, roleGuid])
    return !known
  }
  return {
    seed,
    aboutToWrite(scope, roleGuid) {
      if (addScope(scope, roleGuid)) save()
    },
    adopt(scope, roleGuid, principalId, name) {
      addScope(scope, roleGuid)
      adopted.push([scope, roleGuid, principalId, name])
      save()
    },
    load: () => decodeState(core.getState(State.TemporaryGrants))
  }
}
