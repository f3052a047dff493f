import { Env } from '../constants.js'

/**
 * The default description of new assignments: enough for anyone reading the assignment in the portal to find the
 * run that made it.
 */
export function defaultDescription(env: NodeJS.ProcessEnv = process.env): string {
  const repository = env[Env.Repository] ?? 'unknown repository'
  const runId = env[Env.RunId] ?? 'unknown'
  const attempt = env[Env.RunAttempt] ?? '1'
  const server = env[Env.ServerUrl] ?? 'https://github.com'
  const link =
    env[Env.RunId] === undefined ? '' : ` ${server}/${repository}/actions/runs/${runId}/attempts/${attempt}`
  return (
    `Granted by GitHub Actions: ${repository}, workflow '${env[Env.Workflow] ?? 'unknown'}', run ${runId} ` +
    `attempt ${attempt}, actor ${env[Env.Actor] ?? 'unknown'}.${link}`
  )
}

/** How a description names the run that made it: `run <id> attempt <n>` (the default description says so too). */
export function runTag(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const runId = env[Env.RunId]
  return runId === undefined || runId === ''
    ? undefined
    : `run ${runId} attempt ${env[Env.RunAttempt] ?? '1'}`
}

/**
 * Pure: a temporary grant's description names its run, so that a rerun can recognise the grant an earlier attempt
 * left behind; a description of the user's own gets the tag appended.
 */
export function withRunTag(description: string, env: NodeJS.ProcessEnv = process.env): string {
  const tag = runTag(env)
  if (tag === undefined || description.includes(tag)) return description
  return `${description.trimEnd()} (${tag})`
}
