import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Outputs } from '../../../src/constants.js'
import type { Outcome, ResolvedPrincipal } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import { TARGET, failedResult, resultOf, scopeOf, targetNamed } from '../../fixtures/grants.js'
import { ACCOUNT_ID, GROUP_OID, SELF_OID, USER_OID } from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { setTargetOutputs, setResultOutputs, setWaitOutputs } = await import('../../../src/report/outputs.js')

const principal = (objectId: string): ResolvedPrincipal => ({
  spec: { raw: objectId, kind: 'object-id', objectId },
  objectId
})
const result = (objectId: string, outcome: Outcome, assignmentId?: string) =>
  resultOf(principal(objectId), outcome, assignmentId)

beforeEach(() => core.reset())

describe('target outputs', () => {
  it('resource-id, endpoint and inference-endpoint as ARM returned them', () => {
    setTargetOutputs([TARGET])
    expect(Object.fromEntries(core.outputs)).toEqual({
      [Outputs.ResourceId]: ACCOUNT_ID,
      [Outputs.Endpoint]: 'https://ai-prod.cognitiveservices.azure.com/',
      [Outputs.InferenceEndpoint]: 'https://ai-prod.services.ai.azure.com/models'
    })
  })

  it('missing endpoints are empty outputs, not "undefined"', () => {
    setTargetOutputs([{ kind: 'account', id: ACCOUNT_ID, name: 'ai-prod' }])
    expect(core.outputs.get(Outputs.Endpoint)).toBe('')
    expect(core.outputs.get(Outputs.InferenceEndpoint)).toBe('')
  })

  it('several targets: one line each, in order, an empty line for a missing endpoint', () => {
    const other = targetNamed('ai-dev', { inferenceEndpoint: undefined })
    setTargetOutputs([TARGET, other])
    expect(core.outputs.get(Outputs.ResourceId)).toBe(`${ACCOUNT_ID}\n${other.id}`)
    expect(core.outputs.get(Outputs.Endpoint)).toBe(
      'https://ai-prod.cognitiveservices.azure.com/\nhttps://ai-dev.cognitiveservices.azure.com/'
    )
    expect(core.outputs.get(Outputs.InferenceEndpoint)).toBe('https://ai-prod.services.ai.azure.com/models\n')
  })
})

describe('result outputs', () => {
  it('one line per principal in input order; a failed assignment keeps its object ID and leaves an empty assignment line', () => {
    const scopes = [scopeOf()]
    setResultOutputs(
      scopes,
      [principal(SELF_OID), principal(USER_OID), principal(GROUP_OID)],
      [
        result(SELF_OID, 'created', 'id-1'),
        failedResult(principal(USER_OID), 'refused'),
        result(GROUP_OID, 'not assigned')
      ]
    )
    expect(core.outputs.get(Outputs.RoleDefinitionId)).toBe(scopes[0]?.role.id)
    expect(core.outputs.get(Outputs.PrincipalIds)).toBe(`${SELF_OID}\n${USER_OID}\n${GROUP_OID}`)
    expect(core.outputs.get(Outputs.RoleAssignmentIds)).toBe('id-1\n\n')
  })

  it('the role definition ID once, when every scope has the same', () => {
    setResultOutputs([scopeOf(), scopeOf(targetNamed('ai-dev'))], [principal(SELF_OID)], [])
    expect(core.outputs.get(Outputs.RoleDefinitionId)).toBe(scopeOf().role.id)
  })

  it.each([
    [['created'], 'true'],
    [['removed'], 'true'],
    [['already assigned', 'created'], 'true'],
    [['already assigned'], 'false'],
    [['not assigned'], 'false'],
    [['would create', 'would remove'], 'false'],
    [[], 'false']
  ] as [Outcome[], string][])('changed is %s for outcomes %j', (outcomes, changed) => {
    setResultOutputs(
      [scopeOf()],
      outcomes.map(() => principal(SELF_OID)),
      outcomes.map((outcome) => result(SELF_OID, outcome))
    )
    expect(core.outputs.get(Outputs.Changed)).toBe(changed)
  })

  it('a failure changes nothing by itself', () => {
    setResultOutputs([scopeOf()], [principal(SELF_OID)], [failedResult(principal(SELF_OID), 'no')])
    expect(core.outputs.get(Outputs.Changed)).toBe('false')
  })
})

describe('wait outputs', () => {
  it('propagation-seconds with one decimal after a wait that worked', () => {
    setWaitOutputs({ seconds: 12, line: 'worked' })
    expect(core.outputs.get(Outputs.PropagationSeconds)).toBe('12.0')
    setWaitOutputs({ seconds: 3.456, line: 'worked' })
    expect(core.outputs.get(Outputs.PropagationSeconds)).toBe('3.5')
  })

  it('empty without a wait', () => {
    setWaitOutputs(undefined)
    expect(core.outputs.get(Outputs.PropagationSeconds)).toBe('')
  })

  it('not set at all when the wait failed (the step fails)', () => {
    setWaitOutputs({ line: 'failed: timed out', error: new Error('timed out') })
    expect(core.outputs.has(Outputs.PropagationSeconds)).toBe(false)
  })
})
