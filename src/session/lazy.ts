import type { AzureSession } from './session.js'
import type { ActionInputs } from '../types.js'

/**
 * Loads the Azure SDKs only once the inputs are valid: a step that fails on its inputs then ends in a fraction of
 * the time, without evaluating several megabytes of sign-in and client code.
 */
export async function openSessionLazily(inputs: ActionInputs): Promise<AzureSession> {
  // Eager: bundled into dist/index.js (one file, minified) yet evaluated only here.
  const { openSession } = await import(/* webpackMode: "eager" */ './session.js')
  return openSession(inputs)
}
