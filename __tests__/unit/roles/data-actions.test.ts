import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { BUILT_IN_ROLES } from '../../../src/roles/roles.js'
import { builtInDataPermissions, opensInference } from '../../../src/roles/data-actions.js'

const role = (dataActions: string[], notDataActions: string[] = []) => ({ dataActions, notDataActions })

describe('opensInference', () => {
  it.each([
    ['Cognitive Services User', true],
    ['Azure AI User', true],
    ['Cognitive Services OpenAI User', true],
    ['Cognitive Services OpenAI Contributor', true],
    ['Azure AI Developer', true],
    ['Reader', false],
    ['Contributor', false],
    ['Owner', false],
    ['Cognitive Services Contributor', false],
    ['Role Based Access Control Administrator', false]
  ])('%s: %s', (name, expected) => {
    const permissions = builtInDataPermissions(BUILT_IN_ROLES[name] ?? '')
    expect(permissions).toBeDefined()
    expect(opensInference(permissions ?? role([]))).toBe(expected)
  })

  it('judges custom roles by their data actions less their not-data-actions', () => {
    expect(
      opensInference(
        role(['Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action'])
      )
    ).toBe(true)
    expect(opensInference(role(['*']))).toBe(true)
    expect(
      opensInference(role(['Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read']))
    ).toBe(false)
    expect(opensInference(role(['Microsoft.CognitiveServices/*'], ['Microsoft.CognitiveServices/*']))).toBe(
      false
    )
    expect(
      opensInference(
        role(['Microsoft.CognitiveServices/*'], ['Microsoft.CognitiveServices/accounts/OpenAI/*'])
      )
    ).toBe(true)
    expect(opensInference(role(['microsoft.cognitiveservices/accounts/*']))).toBe(true)
  })

  it('property: no data actions never opens; a not-data-action equal to every data action closes it', () => {
    const action = fc.stringMatching(/^Microsoft\.[A-Za-z]{1,12}\/[A-Za-z/*]{1,20}$/)
    fc.assert(
      fc.property(fc.array(action, { maxLength: 5 }), (actions) => {
        expect(opensInference(role([], actions))).toBe(false)
        expect(opensInference(role(actions, actions))).toBe(false)
      })
    )
  })

  it('property: adding a Cognitive Services data action that nothing takes away opens it', () => {
    const suffix = fc.stringMatching(/^[A-Za-z]{1,10}(\/[A-Za-z]{1,10}){0,3}\/action$/)
    fc.assert(
      fc.property(suffix, fc.array(fc.string(), { maxLength: 3 }), (tail, others) => {
        expect(opensInference(role([...others, `Microsoft.CognitiveServices/${tail}`]))).toBe(true)
      })
    )
  })
})
