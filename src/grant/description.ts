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
