import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { fakeCore } from '../../fixtures/core.js'
import { InMemoryArm } from '../../fixtures/arm.js'
import { ACCOUNT_ID } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { checkOpensInference } = await import('../../../src/roles/inference-check.js')
const { resolveRole } = await import('../../../src/roles/roles.js')

beforeEach(() => core.reset())

describe('roles that cannot call models', () => {
  it('refuses Cognitive Services Contributor with a wait, naming roles that can call models', async () => {
    const { role, data } = await resolveRole(
      new InMemoryArm(),
      { kind: 'name', name: 'Cognitive Services Contributor' },
      ACCOUNT_ID
    )
    expect(() => checkOpensInference(role, data, ACCOUNT_ID, true)).toThrow(
      /'Cognitive Services Contributor' has no data actions.*Cognitive Services User, Cognitive Services OpenAI User, Azure AI User/
    )
  })

  it('grants Reader without a wait, with a warning', async () => {
    const { role, data } = await resolveRole(new InMemoryArm(), { kind: 'name', name: 'Reader' }, ACCOUNT_ID)
    checkOpensInference(role, data, ACCOUNT_ID, false)
    expect(core.messages('warning').join('\n')).toContain("'Reader' has no data actions")
  })

  it('judges a custom role by its definition: data actions less notDataActions', async () => {
    const guid = '0c0c0c0c-0000-4000-8000-0000000000aa'
    const arm = new InMemoryArm()
      .addRoleDefinition({
        name: guid,
        roleName: 'Looks Only',
        actions: ['Microsoft.CognitiveServices/*/read']
      })
      .addRoleDefinition({
        name: '0c0c0c0c-0000-4000-8000-0000000000ab',
        roleName: 'Inference Only',
        dataActions: ['Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action']
      })
    const looks = await resolveRole(arm, { kind: 'name', name: 'Looks Only' }, ACCOUNT_ID)
    expect(() => checkOpensInference(looks.role, looks.data, ACCOUNT_ID, true)).toThrow(/no data actions/)
    const infers = await resolveRole(arm, { kind: 'name', name: 'Inference Only' }, ACCOUNT_ID)
    checkOpensInference(infers.role, infers.data, ACCOUNT_ID, true)
    expect(core.messages('warning')).toEqual([])
  })
})
