import { describe, expect, it } from '@jest/globals'
import { ActionError } from '../../../src/errors.js'
import { toProjectTarget } from '../../../src/scopes/project.js'
import { ACCOUNT_ID, PROJECT_ENDPOINT, PROJECT_ID } from '../../fixtures/ids.js'

describe('a Foundry project as a scope', () => {
  it("takes ARM's ID and the AI Foundry API endpoint, without a trailing slash", () => {
    const target = toProjectTarget(
      { id: PROJECT_ID.toUpperCase(), endpoints: { 'AI Foundry API': `${PROJECT_ENDPOINT}/` } },
      PROJECT_ID
    )
    expect(target).toEqual({
      kind: 'project',
      id: PROJECT_ID.toUpperCase(),
      name: 'AI-PROD/PROJ-EVAL',
      endpoint: PROJECT_ENDPOINT
    })
    expect(target.inferenceEndpoint).toBeUndefined()
  })

  it.each([
    ['another project', PROJECT_ID.replace(/proj-eval$/, 'other')],
    ['the account itself', ACCOUNT_ID],
    ['nothing', undefined]
  ])('refuses an answer that names %s, before any write', (_, id) => {
    expect(() => toProjectTarget({ id }, PROJECT_ID)).toThrow(ActionError)
    expect(() => toProjectTarget({ id }, PROJECT_ID)).toThrow(
      'Nothing was changed; check project or resource-ids.'
    )
  })

  it('a project without an endpoint has none (the wait then says so)', () => {
    expect(toProjectTarget({ id: PROJECT_ID }, PROJECT_ID).endpoint).toBeUndefined()
  })
})
