/* eslint-disable no-control-regex -- these tests are about control characters */
// Property-based tests of every input (hardening issue): thousands of generated values per input, hostile ones
// (path traversal, separators, control and invisible characters, look-alikes, over-long values) mixed with valid
// ones. Invariants: a rejected value fails with an InputError naming that input; an accepted value carries none of
// what could steer a request elsewhere; every value built by the valid generator is accepted.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readInputs } from '../../src/inputs/inputs.js'
import { InputError } from '../../src/errors.js'
import type { ActionInputs } from '../../src/types.js'

const RUNS = 1000
const BASE: Record<string, string> = {
  'auth-type': 'oidc',
  'client-id': '11111111-2222-4333-8444-000000000010',
  'tenant-id': '72f988bf-0000-4000-8000-000000000001',
  'subscription-id': '00000000-1111-4000-8000-000000000002',
  'resource-group': 'rg-ai',
  'resource-name': 'ai-demo'
}

const HOSTILE_PARTS = [
  '../',
  '..\\',
  '..',
  '%2e%2e',
  '%2f',
  '%2F',
  '/',
  '\\',
  '?',
  '#',
  '%',
  '&',
  '=',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u200b',
  '\u200e',
  '\u202e',
  '\u2066',
  '\ufeff',
  'а',
  'ο',
  'Ａ',
  'ﬁ',
  '\u0301',
  '@',
  ':',
  "'",
  '"',
  '*',
  '$',
  '{',
  '}'
]

/** Strings that mix plausible text with the fragments an attacker or a typo brings. */
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc
    .array(fc.oneof(fc.constantFrom(...HOSTILE_PARTS), fc.stringMatching(/^[a-z0-9-]{0,8}$/)), {
      maxLength: 8
    })
    .map((parts) => parts.join('')),
  fc.stringMatching(/^[A-Za-z0-9_.()-]{85,140}$/)
)

function attempt(
  input: string,
  value: string,
  extra: Record<string, string> = {}
): ActionInputs | InputError {
  const values = { ...BASE, ...extra, [input]: value }
  try {
    return readInputs((name) => values[name] ?? '')
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
}

/** Accepted values must not carry anything that changes where a request goes or what a log line shows. */
const STEERING = /[/\\?#%&\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]|\.\./

function checkInput(
  input: string,
  valid: fc.Arbitrary<string>,
  accepted: (inputs: ActionInputs, value: string) => void,
  extra: Record<string, string> = {}
) {
  it(`${input}: rejects with an error naming it, or accepts only safe values`, () => {
    fc.assert(
      fc.property(hostile, (value) => {
        const result = attempt(input, value, extra)
        if (result instanceof InputError) {
          expect(result.input === input || result.message.includes(`'${input}'`) || value.trim() === '').toBe(
            true
          )
        } else if (value.trim() !== '') {
          accepted(result, value.trim())
        }
      }),
      { numRuns: RUNS }
    )
  })
  it(`${input}: accepts every valid value`, () => {
    fc.assert(
      fc.property(valid, (value) => {
        const result = attempt(input, value, extra)
        expect(result).not.toBeInstanceOf(InputError)
      }),
      { numRuns: RUNS }
    )
  })
}

const guid = fc.uuid({ version: [1, 2, 3, 4, 5] })
const safeName = (value: string) => expect(value).not.toMatch(STEERING)
const boolean = fc.constantFrom('true', 'True', 'TRUE', 'false', 'False', 'FALSE')

describe('every input under generated values', () => {
  for (const input of ['client-id', 'tenant-id', 'subscription-id']) {
    checkInput(input, guid, (_, value) =>
      expect(value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
    )
  }
  checkInput(
    'resource-group',
    fc
      .stringMatching(/^[A-Za-z0-9_()-][A-Za-z0-9_().-]{0,88}[A-Za-z0-9_()-]$/)
      .filter((v) => !v.includes('..')),
    (inputs) => safeName(inputs.scopes[0]?.resourceGroup ?? '')
  )
  checkInput('resource-name', fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{1,63}$/), (inputs) =>
    safeName(inputs.scopes[0]?.account ?? '')
  )
  for (const input of ['dry-run', 'allow-privileged-role', 'revoke-after-job']) {
    checkInput(input, boolean, (_, value) =>
      expect(['true', 'True', 'TRUE', 'false', 'False', 'FALSE']).toContain(value)
    )
  }
  checkInput('wait-for-propagation', boolean, (_, value) =>
    expect(value.toLowerCase()).toMatch(/^(true|false)$/)
  )
  checkInput('auth-type', fc.constantFrom('oidc', 'OIDC', 'azure-cli', 'auto'), (inputs) =>
    expect(['oidc', 'azure-cli', 'auto']).toContain(inputs.authType)
  )
  checkInput(
    'environment',
    fc.constantFrom('AzureCloud', 'azurecloud', 'AzureUSGovernment', 'AzureChinaCloud'),
    (inputs) =>
      expect(['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud', 'Custom']).toContain(inputs.environment)
  )
  checkInput('mode', fc.constantFrom('assign', 'revoke', 'ASSIGN'), (inputs) =>
    expect(['assign', 'revoke']).toContain(inputs.mode)
  )
  checkInput('principal-type', fc.constantFrom('User', 'group', 'ServicePrincipal'), (inputs) =>
    expect(['User', 'Group', 'ServicePrincipal']).toContain(inputs.principalType)
  )
  checkInput(
    'wait-timeout',
    fc.integer({ min: 1, max: 21600 }).map(String),
    (inputs) => expect(inputs.waitTimeoutSeconds).toBeGreaterThanOrEqual(1),
    { 'wait-for-propagation': 'true' }
  )
  checkInput(
    'probe-model',
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,40}$/),
    (inputs) => safeName(inputs.probeModel ?? ''),
    { 'wait-for-propagation': 'true' }
  )
  checkInput(
    'arm-endpoint',
    fc
      .webUrl({ validSchemes: ['https'], withQueryParameters: false, withFragments: false })
      .filter((u) => !/[@\s]/.test(u)),
    (inputs) => expect(inputs.armEndpoint).toMatch(/^https:\/\/[^\s]+$/),
    { environment: 'Custom' }
  )
  checkInput('audience', fc.stringMatching(/^api:\/\/[A-Za-z0-9]{1,30}$/), (inputs) =>
    expect(inputs.audience).not.toMatch(/\s/)
  )
  checkInput(
    'inference-scope',
    fc.constantFrom(
      'https://cognitiveservices.azure.com/.default',
      'https://cognitiveservices.azure.us/.default'
    ),
    (inputs) => expect(inputs.inferenceScope).toMatch(/^https:\/\/\S+\/\.default$/)
  )
  checkInput(
    'role',
    fc.oneof(guid, fc.constantFrom('Cognitive Services User', 'Azure AI User', 'Reader')),
    (inputs) => {
      if (inputs.role?.kind === 'guid') expect(inputs.role.guid).toMatch(/^[0-9a-f-]{36}$/)
      else expect(inputs.role?.name).not.toMatch(/[/\\?#%\u0000-\u001f\u200b-\u200f\u202a-\u202e]/)
    }
  )
  checkInput(
    'principal',
    fc.oneof(
      guid,
      guid.map((g) => `group:${g}`),
      fc.stringMatching(/^[a-z]{1,10}@[a-z]{1,10}\.com$/).map((u) => `user:${u}`)
    ),
    (inputs) => {
      for (const spec of inputs.principals) {
        if (spec.kind === 'object-id') expect(spec.objectId).toMatch(/^[0-9a-f-]{36}$/)
        if (spec.kind === 'user' || spec.kind === 'group' || spec.kind === 'sp')
          expect(spec.value).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/)
      }
    }
  )
  checkInput(
    'description',
    fc
      .string({ maxLength: 200 })
      .filter(
        (v) =>
          !/[\u0000-\u001f\u007f-\u009f]/.test(v.replace(/\n/g, ' ')) &&
          !/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]/.test(v)
      ),
    (inputs) => expect(inputs.description?.length ?? 0).toBeLessThanOrEqual(2048)
  )
})
