/**
 * The default description of new assignments: enough for anyone reading the assignment in the portal to find the
 * run that made it.
 */
export function defaultDescription(env: NodeJS.ProcessEnv = process.env): string {
  const repository = env.GITHUB_REPOSITORY ?? 'unknown repository'
  const runId = env.GITHUB_RUN_ID ?? 'unknown'
  const attempt = env.GITHUB_RUN_ATTEMPT ?? '1'
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com'
  const link =
    env.GITHUB_RUN_ID === undefined
      ? ''
      : ` ${server}/${repository}/actions/runs/${runId}/attempts/${attempt}`
  return (
    `Granted by GitHub Actions: ${repository}, workflow '${env.GITHUB_WORKFLOW ?? 'unknown'}', run ${runId} ` +
    `attempt ${attempt}, actor ${env.GITHUB_ACTOR ?? 'unknown'}.${link}`
  )
}
