import { constants, enableCompileCache } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Pure: where the compile cache lives: the job's temporary directory (the runner empties it for every job). */
export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.RUNNER_TEMP !== undefined && env.RUNNER_TEMP !== '' ? env.RUNNER_TEMP : tmpdir()
  return join(base, 'entra-inference-access-compile-cache')
}

/**
 * Turns on V8's compile cache (Node 22.1 and later) for the modules loaded after this call, so the step after the
 * first of a job (the post step) does not compile the action's code again. Never fails the step: a directory that
 * cannot be written, or a Node without the cache, just means no cache.
 */
export function useCompileCache(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    const result = enableCompileCache(compileCacheDir(env))
    return (
      result.status === constants.compileCacheStatus.ENABLED ||
      result.status === constants.compileCacheStatus.ALREADY_ENABLED
    )
  } catch {
    return false
  }
}
