import { describe, expect, it } from '@jest/globals'
import { defaultDescription } from '../../../src/grant/description.js'
import { parseDescription } from '../../../src/inputs/validation.js'

describe('default description of new assignments', () => {
  const env = {
    GITHUB_REPOSITORY: 'contoso/ml-service',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_RUN_ID: '123456',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_ACTOR: 'ada',
    GITHUB_SERVER_URL: 'https://github.example.com'
  }

  it('names the repository, workflow, run, attempt and actor, with a link to the run', () => {
    expect(defaultDescription(env)).toBe(
      "Granted by GitHub Actions: contoso/ml-service, workflow 'deploy', run 123456 attempt 2, actor ada. " +
        'https://github.example.com/contoso/ml-service/actions/runs/123456/attempts/2'
    )
  })

  it('outside a runner it says what it does not know, and has no link', () => {
    expect(defaultDescription({})).toBe(
      "Granted by GitHub Actions: unknown repository, workflow 'unknown', run unknown attempt 1, actor unknown."
    )
  })

  it('passes the description rules itself', () => {
    expect(() => parseDescription('description', defaultDescription(env))).not.toThrow()
  })
})
