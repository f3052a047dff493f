import { describe, expect, it } from '@jest/globals'
import { createHttpHeaders } from '@azure/core-rest-pipeline'
import {
  describeEntraAnswer,
  entraAnswerOf,
  explainSignInError
} from '../../../src/azure/sign-in/entra-errors.js'

const headers = (raw: Record<string, string>) => createHttpHeaders(raw)
const MSAL = new Error('network_error: See https://aka.ms/msal.js.errors#network_error for details')

describe("Entra ID's own answer instead of MSAL's network_error", () => {
  it('a 429 keeps its status, code, Retry-After and description', () => {
    const answer = entraAnswerOf(
      429,
      headers({ 'retry-after': '42' }),
      JSON.stringify({
        error: 'temporarily_unavailable',
        error_description: 'AADSTS50196: loop.\r\nTrace ID: x'
      })
    )
    const text = describeEntraAnswer(answer)
    expect(text).toContain(
      'answered 429 temporarily_unavailable and asked to wait 42 s (Retry-After): AADSTS50196: loop.'
    )
    expect(text).toContain('throttling')
    const error = explainSignInError(MSAL, 'client-1', undefined, answer)
    expect(error.message).toContain('as client client-1 failed: Microsoft Entra ID answered 429')
    expect(error.message).not.toContain('network_error')
    expect(error.message).not.toMatch(/undefined|\[object Object\]/)
  })

  it('a 5xx with a page that is not JSON says the status and that Entra failed on its side', () => {
    const text = describeEntraAnswer(entraAnswerOf(503, headers({}), '<html>busy</html>'))
    expect(text).toBe(
      'Microsoft Entra ID answered 503. Entra ID failed on its side and kept failing through the retries; rerun the job later, and check https://status.azure.com.'
    )
  })

  it('without a recorded answer the message stays what MSAL said', () => {
    expect(explainSignInError(MSAL, 'c', undefined).message).toContain('network_error')
  })
})
