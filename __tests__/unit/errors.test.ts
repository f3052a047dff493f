import { describe, expect, it } from '@jest/globals'
import {
  ActionError,
  AzureError,
  InputError,
  firstLine,
  messageOf,
  networkHint,
  quoteRequestIds,
  restDetails
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

  it('firstLine quotes the first line that has text', () => {
    expect(firstLine(new Error('\n  \nERROR: Please run az login\nmore'))).toBe('ERROR: Please run az login')
    expect(firstLine('one line')).toBe('one line')
  })

  it('an AzureError keeps status, code and request IDs for callers and for restDetails', () => {
    const error = new AzureError('Reading x: refused', {
      status: 403,
      code: 'AuthorizationFailed',
      correlationId: 'c',
      requestId: 'r'
    })
    expect(error).toBeInstanceOf(ActionError)
    expect(restDetails(error)).toEqual({
      status: 403,
      code: 'AuthorizationFailed',
      correlationId: 'c',
      requestId: 'r'
    })
  })

  it('quoteRequestIds quotes what the answer carried, and nothing when it carried neither', () => {
    expect(quoteRequestIds({ correlationId: 'c', requestId: 'r' })).toBe(
      ' [x-ms-correlation-request-id: c, x-ms-request-id: r]'
    )
    expect(quoteRequestIds({ requestId: 'r' })).toBe(' [x-ms-request-id: r]')
    expect(quoteRequestIds({})).toBe('')
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
