import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { State } from '../constants.js'
import type { LoadedState, StateStore, TemporaryState } from '../types.js'

const SEED = /^[0-9a-f]{32}$/
/** Far more than any run writes for (inputs allow fewer principals); a state beyond it is not this action's. */
const MAX_ENTRIES = 1000
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 400
const isTuple = (value: unknown, length: number): value is string[] =>
  Array.isArray(value) && value.length === length && value.every(isText)
const isIndexes = (value: unknown, count: number): value is number[] =>
  Array.isArray(value) && value.every((i) => Number.isInteger(i) && i >= 0 && i < count)

type ScopeEntry = [string, string, number[]]

/**
 * Pure: the state as saved (version 2, short keys: it is written before every write). Each principal's object ID
 * is there once, and each scope lists its principals by index, so 20 scopes of 50 principals stay under 10 kB.
 */
export function encodeState(state: TemporaryState): string {
  return JSON.stringify({ v: 2, seed: state.seed, p: state.principals, s: state.scopes, a: state.adopted })
}

function decodeScopes(s: unknown, principals: readonly string[]): ScopeEntry[] | undefined {
  if (!Array.isArray(s) || s.length > MAX_ENTRIES) return undefined
  const ok = s.every(
    (entry) =>
      Array.isArray(entry) &&
      entry.length === 3 &&
      isText(entry[0]) &&
      isText(entry[1]) &&
      isIndexes(entry[2], principals.length)
  )
  return ok ? (s as ScopeEntry[]) : undefined
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
  if (value.v !== 2) return { kind: 'unreadable', reason: 'an unknown version' }
  const { seed, p, s, a } = value
  if (typeof seed !== 'string' || !SEED.test(seed)) return { kind: 'unreadable', reason: 'no valid seed' }
  if (!Array.isArray(p) || p.length > MAX_ENTRIES || !p.every(isText))
    return { kind: 'unreadable', reason: 'malformed principals' }
  const scopes = decodeScopes(s, p as string[])
  if (scopes === undefined) return { kind: 'unreadable', reason: 'malformed scopes' }
  if (!Array.isArray(a) || a.length > MAX_ENTRIES || !a.every((x) => isTuple(x, 4)))
    return { kind: 'unreadable', reason: 'malformed adopted grants' }
  return {
    kind: 'saved',
    state: { seed, principals: p as string[], scopes, adopted: a as [string, string, string, string][] }
  }
}

export const newSeed = (): string => randomBytes(16).toString('hex')

/**
 * The runner's GITHUB_STATE. Each change writes the whole (small) state again before the request it announces, so
 * a job cancelled at any moment leaves the post step a state that names everything it may have created.
 */
export function runnerState(seed: string = newSeed()): StateStore {
  const principals: string[] = []
  const scopes: ScopeEntry[] = []
  const adopted: [string, string, string, string][] = []
  const save = (): void =>
    core.saveState(State.TemporaryGrants, encodeState({ seed, principals, scopes, adopted }))
  const scopeOf = (scope: string, roleGuid: string): ScopeEntry => {
    const known = scopes.find(([s, r]) => s.toLowerCase() === scope.toLowerCase() && r === roleGuid)
    if (known !== undefined) return known
    const entry: ScopeEntry = [scope, roleGuid, []]
    scopes.push(entry)
    return entry
  }
  const indexOf = (principalId: string): number => {
    const known = principals.findIndex((p) => p.toLowerCase() === principalId.toLowerCase())
    return known >= 0 ? known : principals.push(principalId) - 1
  }
  return {
    seed,
    aboutToWrite(scope, roleGuid, principalId) {
      const entry = scopeOf(scope, roleGuid)
      const index = indexOf(principalId)
      if (entry[2].includes(index)) return
      entry[2].push(index)
      save()
    },
    adopt(scope, roleGuid, principalId, name) {
      scopeOf(scope, roleGuid)
      adopted.push([scope, roleGuid, principalId, name])
      save()
    },
    load: () => decodeState(core.getState(State.TemporaryGrants))
  }
}
