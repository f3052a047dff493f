// Everything the two steps run, loaded by dist/index.js (src/index.ts) once it knows there is work: built into its
// own file, dist/app.js, so a post step with nothing to do and V8's compile cache can skip it.
import * as core from '@actions/core'
import { State } from '../constants.js'
import { run } from '../main.js'
import { runPost } from '../post.js'

/** The main step: marks the job's state first, so the post step knows it is the post step. */
export async function runMain(): Promise<void> {
  core.saveState(State.IsPost, 'true')
  await run()
}

export { runPost }
