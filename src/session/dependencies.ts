import type { AzureSession } from './session.js'
import type { ActionInputs, StateStore } from '../types.js'

/** What main and the post step take from outside: replaced by doubles in tests. */
export interface Dependencies {
  readonly openSession: (inputs: ActionInputs) => Promise<AzureSession>
  readonly state: StateStore
}
