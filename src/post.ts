import * as core from '@actions/core'
import { Env, Inputs } from './constants.js'
import { readInputs } from './inputs/inputs.js'
import { cleanup } from './post/cleanup.js'
import { endPimGrants } from './post/pim.js'
import { runnerDependencies } from './dependencies.js'
import type { Dependencies } from './session/dependencies.js'

/**
 * The post step, at the end of the job. It has work only with revoke-after-job, and prints nothing without it (a
 * step whose inputs were invalid has reported that already, in the main step). ENTRA_ACCESS_SKIP_POST=true skips
 * it entirely, for workflows that remove temporary grants themselves.
 */
export async function runPost(dependencies: Dependencies = runnerDependencies): Promise<void> {
  let revokeAfterJob: boolean
  try {
    revokeAfterJob = readInputs().revokeAfterJob
  } catch {
    return
  }
  if (!revokeAfterJob) return
  if (process.env[Env.SkipPost]?.trim().toLowerCase() === 'true') {
    core.info(
      `${Env.SkipPost} is true: the post step removes nothing. The temporary role assignments of ${Inputs.RevokeAfterJob} stay until the workflow removes them (${Inputs.Mode}: revoke).`
    )
    return
  }
  await cleanup(dependencies)
  await endPimGrants(dependencies)
}
