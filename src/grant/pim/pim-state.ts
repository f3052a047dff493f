import * as core from '@actions/core'
import { State } from '../../constants.js'
import type { PimGrant, PimGrantStore } from '../../types.js'

const isGrant = (value: unknown): value is PimGrant =>
  typeof value === 'object' &&
  value !== null &&
  ['scope', 'principalId', 'roleDefinitionId', 'requestName', 'until'].every(
    (key) => typeof (value as Record<string, unknown>)[key] === 'string'
  )

/** Reads the PIM grants the main step saved; anything unreadable counts as none. */
export function parsePimGrants(raw: string): PimGrant[] {
  if (raw === '') return []
  try {
    const parsed: unknown = JSON.parse(raw)
    return Array.isArray(parsed) ? parsed.filter(isGrant) : []
  } catch {
    return []
  }
}

/** The runner's GITHUB_STATE: each save writes the whole list again (a state value is replaced, not appended). */
export function runnerPimGrants(): PimGrantStore {
  const saved: PimGrant[] = []
  return {
    save(grant) {
      saved.push(grant)
      core.saveState(State.PimGrants, JSON.stringify(saved))
    },
    load: () => parsePimGrants(core.getState(State.PimGrants))
  }
}
