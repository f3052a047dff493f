import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Inputs } from '../../../src/constants.js'
import { InputError } from '../../../src/errors.js'
import { fakeCore } from '../../fixtures/core.js'
import { PATH_TRICKS, UNSAFE_TEXT } from '../../fixtures/bad-values.js'
import { isolateEnv, readerOf, stepInputs } from '../../fixtures/inputs.js'
import {
  ACCOUNT_ID,
  OTHER_ACCOUNT_ID,
  OTHER_SUBSCRIPTION,
  PROJECT_ID,
  SUBSCRIPTION
} from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { readInputs } = await import('../../../src/inputs/inputs.js')

let restoreEnv: () => void
beforeEach(() => {
  core.reset()
  restoreEnv = isolateEnv()
})
afterEach(() => restoreEnv())

const read = (overrides: Record<string, string> = {}) => readInputs(readerOf(stepInputs(overrides)))
const byIds = (ids: string, overrides: Record<string, string> = {}) =>
  read({ [Inputs.ResourceGroup]: '', [Inputs.ResourceName]: '', [Inputs.ResourceIds]: ids, ...overrides })

function refusal(run: () => unknown): InputError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return error as InputError
  }
  throw new Error('expected an InputError')
}

describe('accounts by resource group and name', () => {
  it('one account', () => {
    expect(read().scopes).toEqual([{ kind: 'account', resourceGroup: 'rg-ml', account: 'ai-prod' }])
  })

  it('several accounts, one a line, all in resource-group; each once, in the order given', () => {
    const scopes = read({ [Inputs.ResourceName]: 'ai-prod\n\n  ai-dev \nAI-PROD\nai-test\n' }).scopes
    expect(scopes.map((scope) => scope.account)).toEqual(['ai-prod', 'ai-dev', 'ai-test'])
    expect(scopes.every((scope) => scope.resourceGroup === 'rg-ml' && scope.kind === 'account')).toBe(true)
  })

  it('a project under the account: the scope becomes the project', () => {
    expect(read({ [Inputs.Project]: 'proj-eval' }).scopes).toEqual([
      { kind: 'project', resourceGroup: 'rg-ml', account: 'ai-prod', project: 'proj-eval' }
    ])
  })

  it('says which one is missing: the resource group, the name, or both', () => {
    const group = refusal(() => read({ [Inputs.ResourceGroup]: '' }))
    expect(group.input).toBe(Inputs.ResourceGroup)
    expect(group.message).toBe(
      "Input 'resource-group': is required: give the resource group of the account, or give the full IDs in resource-ids."
    )
    const name = refusal(() => read({ [Inputs.ResourceName]: ' \n ' }))
    expect(name.input).toBe(Inputs.ResourceName)
    expect(name.message).toContain('is required: give the name of the Azure AI Services account')
    const both = refusal(() => read({ [Inputs.ResourceGroup]: '', [Inputs.ResourceName]: '' }))
    expect(both.message).toContain(
      'resource group of the account and resource-name, or give the full IDs in resource-ids'
    )
  })

  it('a project with several accounts is refused: which account would it be under?', () => {
    const error = refusal(() => read({ [Inputs.ResourceName]: 'a1\na2', [Inputs.Project]: 'p' + 'x' }))
    expect(error.input).toBe(Inputs.Project)
    expect(error.message).toContain('give their full IDs in resource-ids')
  })

  // A line break only starts the next name; every other unsafe character is refused.
  const unsafe = UNSAFE_TEXT.filter((bad) => !bad.includes('\n'))
  it.each([...unsafe.map((bad) => `ai${bad}prod`), ...PATH_TRICKS, 'x'])(
    'a bad name on any line: %j',
    (bad) => {
      expect(refusal(() => read({ [Inputs.ResourceName]: `ai-prod\n${bad}` })).input).toBe(
        Inputs.ResourceName
      )
    }
  )

  it.each([...PATH_TRICKS, 'p', '-proj', 'a'.repeat(65)])('a bad project name: %j', (bad) => {
    expect(refusal(() => read({ [Inputs.Project]: bad })).input).toBe(Inputs.Project)
  })
})

describe('resource-ids', () => {
  it('accounts and projects anywhere in the tenant, each with its own subscription', () => {
    const scopes = byIds(
      `${OTHER_ACCOUNT_ID}\n${PROJECT_ID}/\n\n${ACCOUNT_ID.toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/')}`
    ).scopes
    expect(scopes).toEqual([
      { kind: 'account', subscriptionId: OTHER_SUBSCRIPTION, resourceGroup: 'rg-eu', account: 'ai-eu' },
      {
        kind: 'project',
        subscriptionId: SUBSCRIPTION,
        resourceGroup: 'rg-ml',
        account: 'ai-prod',
        project: 'proj-eval'
      },
      { kind: 'account', subscriptionId: SUBSCRIPTION, resourceGroup: 'RG-ML', account: 'AI-PROD' }
    ])
  })

  it('the same ID twice counts once', () => {
    expect(byIds(`${ACCOUNT_ID}\n${ACCOUNT_ID.toLowerCase()}`).scopes).toHaveLength(1)
  })

  it('need no subscription-id, even with auth-type oidc', () => {
    const inputs = byIds(OTHER_ACCOUNT_ID, { [Inputs.AuthType]: 'oidc', [Inputs.SubscriptionId]: '' })
    expect(inputs.subscriptionId).toBeUndefined()
  })

  it.each([Inputs.ResourceGroup, Inputs.ResourceName, Inputs.Project])('refuses %s next to it', (input) => {
    const error = refusal(() => byIds(ACCOUNT_ID, { [input]: 'x1' }))
    expect(error.input).toBe(input)
    expect(error.message).toContain('cannot be combined with resource-ids')
  })

  it.each([
    ['not an ID', 'ai-prod'],
    [
      'another provider',
      ACCOUNT_ID.replace('Microsoft.CognitiveServices/accounts', 'Microsoft.Storage/storageAccounts')
    ],
    ['a subscription that is no GUID', ACCOUNT_ID.replace(SUBSCRIPTION, 'my-subscription')],
    ['a deployment', `${ACCOUNT_ID}/deployments/gpt-4o`],
    ['a role assignment', `${ACCOUNT_ID}/providers/Microsoft.Authorization/roleAssignments/x`],
    ['a path trick', `${ACCOUNT_ID}/../other`],
    ['a bad group name', ACCOUNT_ID.replace('rg-ml', 'rg ml')],
    ['a bad project name', `${ACCOUNT_ID}/projects/-p`]
  ])('refuses %s, saying which line', (_, bad) => {
    const error = refusal(() => byIds(`${ACCOUNT_ID}\n${bad}`))
    expect(error.input).toBe(Inputs.ResourceIds)
    expect(error.message).toMatch(/^Input 'resource-ids': line 2[,:]/)
    expect(error.message.length).toBeLessThan(600)
  })
})
