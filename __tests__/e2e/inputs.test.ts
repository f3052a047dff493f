// Bad input end to end: every one fails with an error naming the input, and not one request leaves the runner
// (SPEC behaviour 1: no write, indeed no call, before validation).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { act, emulatorFor, errorOf } from './harness.js'

const BAD: [string, Record<string, string>][] = [
  ['resource-group', { 'resource-group': '../rg-ai' }],
  ['resource-group', { 'resource-group': 'rg-ai/../../providers' }],
  ['resource-name', { 'resource-name': 'ai-demo/../../other' }],
  ['resource-name', { 'resource-name': '%2e%2e' }],
  ['resource-name', { 'resource-name': 'ai-demo?api-version=1' }],
  ['resource-name', { 'resource-name': 'ai\u200bdemo' }],
  ['resource-name', { 'resource-name': 'ai-demo#x' }],
  ['client-id', { 'client-id': 'my-app' }],
  ['tenant-id', { 'tenant-id': '72f988bf-0000-4000-8000-00000000000' }],
  ['subscription-id', { 'subscription-id': '1234' }],
  ['principal', { principal: 'self\ngroup:' }],
  ['principal', { principal: 'user:not-an-upn' }],
  ['principal', { principal: 'robot:r2d2' }],
  ['principal-type', { principal: 'bbbbbbbb-0000-4000-8000-000000000021', 'principal-type': 'Robot' }],
  ['role', { role: '/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/not-a-guid' }],
  ['role', { role: '../Owner' }],
  ['dry-run', { 'dry-run': 'yes' }],
  ['allow-privileged-role', { 'allow-privileged-role': '1' }],
  ['wait-timeout', { 'wait-for-propagation': 'true', 'wait-timeout': '10m' }],
  ['environment', { environment: 'AzureMoon' }],
  ['arm-endpoint', { 'arm-endpoint': 'http://127.0.0.1:1' }],
  ['mode', { mode: 'delete' }],
  ['auth-type', { 'auth-type': 'password' }],
  ['probe-model', { 'wait-for-propagation': 'true', 'probe-model': '../gpt' }],
  ['wait-for-propagation', { mode: 'revoke', 'wait-for-propagation': 'true' }],
  ['resource-group', { 'resource-group': '' }]
]

describe('bad input', () => {
  let emulator: Emulator
  beforeAll(async () => {
    emulator = await emulatorFor()
  })
  afterAll(async () => {
    await emulator.close()
  })
  beforeEach(() => emulator.clearJournal())

  it.each(BAD)('rejects %s before any request: %j', async (input, inputs) => {
    const result = await act(emulator, inputs)
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain(`Input '${input}'`)
    expect(emulator.journal).toEqual([])
    expect(result.outputs).toEqual({})
  })

  it('shows a bad value escaped, so an invisible character is visible in the log', async () => {
    const result = await act(emulator, { 'resource-name': 'ai\u202edemo' })
    expect(errorOf(result)).toContain('ai\\u202edemo')
  })
})
