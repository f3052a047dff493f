import { openSessionLazily } from './session/lazy.js'
import { runnerState } from './post/state.js'
import type { Dependencies } from './session/dependencies.js'

/** The real ones: Azure through the lazily loaded SDKs, and the runner's GITHUB_STATE. */
export const runnerDependencies: Dependencies = {
  openSession: (inputs) => openSessionLazily(inputs),
  state: runnerState()
}
