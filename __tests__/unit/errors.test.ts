import { describe, expect, it } from '@jest/globals'
import {
  ActionError,
  InputError,
  messageOf,
  networkHint,
  restDetails,
  withContext
} from '../../src/errors.js'
import { armError } from '../fixtures/arm.js'

describe('errors', () => {
  it('an InputError names the input in its message and its field', () => {
    const error = new InputError('resource-group', '"../x" is not a valid resource group name.')
    expect(error).toBeInstanceOf(ActionError)
    expect(error.input).toBe('resource-group')
    expect(error.message).toBe(`Input 'resource-group': "../x" is not a valid resource group name.`)
    expect(error.name).toBe('InputError')
  })

  it.each([
    [new Error('boom'), 'boom'],
    ['plain', 'plain'],
    [{ code: 42 }, '{"code":42}'],
    [undefined, 'undefined'],
    [null, 'null'],
    [42, '42']
  ])('messageOf(%j) is %j', (value, expected) => {
    expect(messageOf(value)).toBe(expected)
  })

  it('messageOf survives values JSON cannot show', () => {
    const circular: Record<string, unknown> = {}
    circular.self = circular
    expect(messageOf(circular)).toBe('[object Object]')
    expect(messageOf(10n)).toBe('10')
  })

  it('withContext says what was being done, and keeps the cause', async () => {
    const cause = new Error('ECONNRESET')
    const error = await withContext('looking up group ml-team in Microsoft Graph', async () => {
      throw cause
    }).catch((e) => e)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toBe('looking up group ml-team in Microsoft Graph: ECONNRESET')
    expect(error.cause).toBe(cause)
  })

  it('withContext leaves an ActionError, which already says it all, as it is', async () => {
    const original = new ActionError('Check resource-name')
    await expect(withContext('x', async () => Promise.reject(original))).rejects.toBe(original)
    await expect(withContext('x', async () => 7)).resolves.toBe(7)
  })

  it('restDetails reads status and code of SDK errors, and nothing of other values', () => {
    expect(restDetails(armError(409, 'RoleAssignmentExists'))).toEqual({
      status: 409,
      code: 'RoleAssignmentExists'
    })
    expect(restDetails({ statusCode: '409', code: 7 })).toEqual({ status: undefined, code: undefined })
    expect(restDetails('x')).toEqual({})
    expect(restDetails(null)).toEqual({})
  })

  it('networkHint speaks only of requests that got no answer at all', () => {
    const hint = networkHint(Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }))
    expect(hint).toContain('HTTPS_PROXY / NO_PROXY')
    expect(networkHint(new Error('getaddrinfo EAI_AGAIN graph.microsoft.com'))).toBe(hint)
    expect(networkHint(armError(503, 'ECONNRESET'))).toBe('')
    expect(networkHint(new Error('something else'))).toBe('')
  })
})
