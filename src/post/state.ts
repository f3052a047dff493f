import * as core from '@actions/core'
import { State } from '../constants.js'
import type { StateStore } from '../types.js'

export const runnerState: StateStore = {
  saveCreated(ids) {
    core.saveState(State.CreatedAssignmentIds, JSON.stringify(ids))
  },
  loadCreated() {
    const raw = core.getState(State.CreatedAssignmentIds)
    if (raw === '') return []
    try {
      const parsed: unknown = JSON.parse(raw)
      return Array.isArray(parsed) ? parsed.filter((id): id is string => typeof id === 'string') : []
    } catch {
      return []
    }
  }
}
