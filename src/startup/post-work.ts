import { Inputs, State } from '../constants.js'

/** How @actions/core names an input's variable: `INPUT_` and the name in upper case, spaces as `_`. */
const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

/** Pure: whether this process is the post step (the main step left its mark in the job's state). */
export const isPostStep = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env[`STATE_${State.IsPost}`] === 'true'

/**
 * Pure: whether the post step may have anything to do. It has work only with revoke-after-job: true; the values
 * that read as false (empty, the default, or false in any of the cases YAML knows) cannot have any, so the post
 * step ends without loading the action. Anything else loads it, which reads and checks the input as always.
 */
export function postMayHaveWork(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env[inputVariable(Inputs.RevokeAfterJob)] ?? '').trim()
  return !['', 'false', 'False', 'FALSE'].includes(value)
}
