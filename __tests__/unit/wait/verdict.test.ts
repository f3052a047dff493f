import { describe, expect, it } from '@jest/globals'
import { classify, retryAfterMs } from '../../../src/wait/verdict.js'
import type { ProbeTarget, Verdict } from '../../../src/wait/verdict.js'
import { Answers, answer } from '../../fixtures/probe.js'

const TARGET: ProbeTarget = {
  inferenceScope: 'https://cognitiveservices.azure.com/.default',
  probeModel: 'gpt-4o'
}
const kindOf = (verdict: Verdict) => verdict.kind
const fatalMessage = (verdict: Verdict): string => {
  if (verdict.kind !== 'fatal') throw new Error(`expected fatal, got ${JSON.stringify(verdict)}`)
  return verdict.message
}

describe('proof and indirect answers', () => {
  it.each([200, 201, 204])('%d proves access on its own', (status) => {
    expect(classify(answer(status), TARGET)).toEqual({
      kind: 'proof',
      seen: `${status}`,
      answer: `${status}`
    })
  })

  it('another 400 is indirect: past the role check only on a gateway that checks the role first', () => {
    const verdict = classify(
      answer(400, { error: { code: 'invalid_request', message: 'max_tokens too small' } }),
      TARGET
    )
    expect(verdict).toEqual({
      kind: 'indirect',
      answer: '400 invalid_request',
      seen: '400 invalid_request: max_tokens too small'
    })
  })

  it('404 DeploymentNotFound from the deployment that cannot exist is indirect, never proof on its own', () => {
    expect(classify({ ...Answers.deploymentNotFound(), noSuchDeployment: true }, TARGET)).toMatchObject({
      kind: 'indirect',
      answer: '404 DeploymentNotFound'
    })
    expect(classify({ ...Answers.permissionDenied(), noSuchDeployment: true }, TARGET)).toMatchObject({
      kind: 'not-yet',
      answer: '401 PermissionDenied'
    })
  })
})

describe('not yet: the role has not reached the data plane', () => {
  it.each([
    ['PermissionDenied, current message', Answers.permissionDenied()],
    ['PermissionDenied, older message', Answers.permissionDeniedOld()],
    [
      'older message without the code',
      answer(401, { error: { code: '401', message: 'Principal does not have access to API/Operation.' } })
    ],
    [
      'lacks the required data action, without the code',
      answer(401, { error: { message: 'The principal `x` lacks the required data action `y`.' } })
    ]
  ])('%s', (_, response) => {
    const verdict = classify(response, TARGET)
    expect(verdict.kind).toBe('not-yet')
    expect(verdict).toHaveProperty('seen', expect.stringMatching(/^401\b/))
  })

  it('PermissionDenied answered with 403, as some Cognitive Services do', () => {
    const response = answer(403, {
      error: { code: 'PermissionDenied', message: 'Principal does not have access to API/Operation.' }
    })
    expect(classify(response, TARGET).kind).toBe('not-yet')
  })
})

describe('fatal: waiting cannot fix it', () => {
  it.each([
    ['as the gateway sends it', Answers.wrongAudience()],
    ['wrapped in error', Answers.wrongAudienceWrapped()]
  ])('401 audience is incorrect (%s) names inference-scope and the scope used', (_, response) => {
    const message = fatalMessage(classify(response, TARGET))
    expect(message).toContain('audience')
    expect(message).toContain("requested for 'https://cognitiveservices.azure.com/.default'")
    expect(message).toContain('inference-scope')
  })

  it('403 AccessDenied: public network access disabled or firewall', () => {
    const message = fatalMessage(classify(Answers.accessDenied(), TARGET))
    expect(message).toContain('403 AccessDenied')
    expect(message).toContain('Public network access is disabled')
  })

  it('404 DeploymentNotFound names probe-model and the deployment', () => {
    const message = fatalMessage(classify(Answers.deploymentNotFound(), TARGET))
    expect(message).toContain("deployment 'gpt-4o' does not exist")
    expect(message).toContain('Check probe-model')
  })

  it('400 unknown_model (model inference route) is the same refusal', () => {
    expect(fatalMessage(classify(Answers.unknownModel(), TARGET))).toContain('Check probe-model')
  })

  it('400 "provide a custom subdomain" says how to add one', () => {
    const message = fatalMessage(classify(Answers.noCustomSubdomain(), TARGET))
    expect(message).toContain('no custom subdomain')
    expect(message).toContain('--custom-domain')
  })

  it.each([404, 405, 409, 415])('%d with no known code', (status) => {
    expect(fatalMessage(classify(answer(status, 'nope'), TARGET))).toBe(
      `The inference endpoint answered ${status}: nope, which waiting cannot fix.`
    )
  })
})

describe('retry: transient', () => {
  it.each([500, 502, 503, 504, 408])('%d', (status) => {
    expect(classify(Answers.serverError(status), TARGET)).toEqual({
      kind: 'retry',
      seen: `${status} ServiceUnavailable: The service is temporarily unavailable.`
    })
  })

  it('another 401 (a token not yet valid, for example) is retried', () => {
    expect(
      kindOf(
        classify(answer(401, { error: { code: 'InvalidToken', message: 'Token is not valid yet' } }), TARGET)
      )
    ).toBe('retry')
  })

  it.each([
    [{ 'retry-after-ms': '1500' }, 1_500],
    [{ 'x-ms-retry-after-ms': '250' }, 250],
    [{ 'retry-after': '7' }, 7_000],
    [{ 'retry-after-ms': '1500', 'retry-after': '7' }, 1_500],
    [{ 'retry-after-ms': 'soon', 'retry-after': '3' }, 3_000],
    [{}, undefined],
    [{ 'retry-after': 'whenever' }, undefined]
  ])('429 with %j waits %s ms', (headers, expected) => {
    expect(classify(Answers.throttled(headers), TARGET)).toEqual({
      kind: 'retry',
      seen: '429 429: Rate limit is exceeded.',
      afterMs: expected
    })
  })
})

describe('retryAfterMs', () => {
  const now = Date.UTC(2025, 0, 1, 12, 0, 0)

  it('reads an HTTP date relative to now', () => {
    expect(retryAfterMs({ 'retry-after': new Date(now + 30_000).toUTCString() }, now)).toBe(30_000)
  })

  it('a date in the past means now', () => {
    expect(retryAfterMs({ 'retry-after': new Date(now - 30_000).toUTCString() }, now)).toBe(0)
  })

  it('negative numbers are ignored', () => {
    expect(retryAfterMs({ 'retry-after-ms': '-5' }, now)).toBeUndefined()
  })
})

it('a string body is shown as the message', () => {
  expect(classify(answer(503, 'upstream connect error'), TARGET)).toEqual({
    kind: 'retry',
    seen: '503: upstream connect error'
  })
})

describe('request IDs in a failure waiting cannot fix', () => {
  it('are quoted after the explanation; a retry or a not-yet carries none', () => {
    const headers = { 'x-ms-request-id': 'req-7', 'x-ms-correlation-request-id': 'corr-7' }
    const fatal = classify(
      {
        status: 403,
        headers,
        body: { error: { code: 'AccessDenied', message: 'Public access is disabled.' } }
      },
      { inferenceScope: 'https://cognitiveservices.azure.com/.default' }
    )
    expect(fatal.kind === 'fatal' && fatal.message).toMatch(
      /refused the runner's network .*\[x-ms-correlation-request-id: corr-7, x-ms-request-id: req-7\]$/
    )
    const notYet = classify(
      {
        status: 401,
        headers,
        body: { error: { code: 'PermissionDenied', message: 'lacks the required data action' } }
      },
      { inferenceScope: 'https://cognitiveservices.azure.com/.default' }
    )
    expect(notYet).toEqual({
      kind: 'not-yet',
      answer: '401 PermissionDenied',
      seen: '401 PermissionDenied: lacks the required data action'
    })
  })
})
