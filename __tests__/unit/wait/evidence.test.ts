import { describe, expect, it } from '@jest/globals'
import { judge } from '../../../src/wait/evidence.js'
import type { Observation, Reading } from '../../../src/wait/evidence.js'
import { OTHER_OID, SELF_OID } from '../../fixtures/ids.js'

const LIST = 'GET https://ai-prod.openai.azure.com/openai/v1/models'
const CHAT =
  'POST https://ai-prod.openai.azure.com/openai/deployments/entra-access-probe-no-such-deployment/chat/completions?api-version=2024-10-21'
const INFERENCE =
  'POST https://ai-prod.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview'

const ANSWERS: Record<Reading, string> = {
  proof: '200',
  denied: '401 PermissionDenied',
  indirect: '404 DeploymentNotFound'
}
const seen = (reading: Reading, route: string = CHAT, identity: string = SELF_OID): Observation => ({
  route,
  identity,
  reading,
  answer: ANSWERS[reading]
})

describe('what proves access', () => {
  it('a 2xx proves access on its own, and the proof names the answer and the call', () => {
    expect(judge([seen('proof', LIST)], SELF_OID)).toEqual({ proven: true, proof: `200 on ${LIST}` })
  })

  it('a 2xx after denials still proves it', () => {
    expect(judge([seen('denied', LIST), seen('denied', LIST), seen('proof', LIST)], SELF_OID).proven).toBe(
      true
    )
  })

  it('401 PermissionDenied, then 404 on the same call, proves it: the gateway checked the role first', () => {
    const judgement = judge([seen('denied'), seen('denied'), seen('indirect')], SELF_OID)
    expect(judgement).toEqual({
      proven: true,
      proof: `404 DeploymentNotFound on ${CHAT}, after 401 PermissionDenied on the same call (the gateway checks the role first)`
    })
  })

  it('a 400 after a denial on the same call counts the same way', () => {
    const history: Observation[] = [
      { route: INFERENCE, identity: SELF_OID, reading: 'denied', answer: '403 PermissionDenied' },
      { route: INFERENCE, identity: SELF_OID, reading: 'indirect', answer: '400 invalid_request' }
    ]
    expect(judge(history, SELF_OID)).toMatchObject({
      proven: true,
      proof: expect.stringContaining('400 invalid_request')
    })
  })

  it('a second route that proves access on its own confirms an indirect answer', () => {
    expect(judge([seen('indirect', CHAT), seen('proof', LIST)], SELF_OID)).toEqual({
      proven: true,
      proof: `200 on ${LIST}`
    })
  })
})

describe('what does not', () => {
  it('a 404 about the deployment alone proves nothing: a deployment-first gateway gives it without the role', () => {
    const judgement = judge([seen('indirect'), seen('indirect'), seen('indirect')], SELF_OID)
    expect(judgement).toEqual({ proven: false, indirect: seen('indirect') })
  })

  it('a denial that comes after the indirect answer proves nothing about it', () => {
    expect(judge([seen('indirect'), seen('denied')], SELF_OID).proven).toBe(false)
  })

  it('a denial on another call does not show the order of checks on this one', () => {
    expect(judge([seen('denied', LIST), seen('indirect', CHAT)], SELF_OID).proven).toBe(false)
  })

  it('two indirect answers on two routes confirm nothing', () => {
    const history = [seen('indirect', CHAT), { ...seen('indirect', INFERENCE), answer: '400 unknown_model' }]
    expect(judge(history, SELF_OID).proven).toBe(false)
  })

  it("another identity's answers say nothing about this one's access", () => {
    expect(judge([seen('proof', LIST, OTHER_OID)], SELF_OID)).toEqual({ proven: false, indirect: undefined })
    expect(judge([seen('denied', CHAT, OTHER_OID), seen('indirect', CHAT, SELF_OID)], SELF_OID).proven).toBe(
      false
    )
  })

  it('denials alone, or nothing at all, prove nothing and have no indirect answer to show', () => {
    expect(judge([seen('denied'), seen('denied')], SELF_OID)).toEqual({ proven: false, indirect: undefined })
    expect(judge([], SELF_OID)).toEqual({ proven: false, indirect: undefined })
  })
})
