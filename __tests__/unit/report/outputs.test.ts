import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { Outputs } from '../../../src/constants.js'
import type { Outcome, PrincipalResult, ResolvedPrincipal } from '../../../src/types.js'
import { fakeCore } from '../../fixtures/core.js'
import {
  ACCOUNT_ID,
  COGNITIVE_SERVICES_USER,
  GROUP_OID,
  SELF_OID,
  USER_OID,
  roleDefinitionIdOf
} from '../../fixtures/ids.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { setAccountOutputs, setResultOutputs } = await import('../../../src/report/outputs.js')

const ROLE = {
  id: roleDefinitionIdOf(COGNITIVE_SERVICES_USER),
  guid: COGNITIVE_SERVICES_USER,
  name: 'Cognitive Services User'
}
const principal = (objectId: string): ResolvedPrincipal => ({
  spec: { raw: objectId, kind: 'object-id', objectId },
  objectId
})
const result = (objectId: string, outcome: Outcome, assignmentId?: string): PrincipalResult => ({
  principal: principal(objectId),
  outcome,
  assignmentId
})

beforeEach(() => core.reset())

describe('account outputs', () => {
  it('resource-id, endpoint and inference-endpoint as ARM returned them', () => {
    setAccountOutputs({
      id: ACCOUNT_ID,
      endpoint: 'https://ai-prod.cognitiveservices.azure.com/',
      inferenceEndpoint: 'https://ai-prod.services.ai.azure.com/models'
    })
    expect(Object.fromEntries(core.outputs)).toEqual({
      [Outputs.ResourceId]: ACCOUNT_ID,
      [Outputs.Endpoint]: 'https://ai-prod.cognitiveservices.azure.com/',
      [Outputs.InferenceEndpoint]: 'https://ai-prod.services.ai.azure.com/models'
    })
  })

  it('missing endpoints are empty outputs, not "undefined"', () => {
    setAccountOutputs({ id: ACCOUNT_ID })
    expect(core.outputs.get(Outputs.Endpoint)).toBe('')
    expect(core.outputs.get(Outputs.InferenceEndpoint)).toBe('')
  })
})

describe('result outputs', () => {
  it('one line per principal in input order; a failed assignment keeps its object ID and leaves an empty assignment line', () => {
    setResultOutputs(
      ROLE,
      [principal(SELF_OID), principal(USER_OID), principal(GROUP_OID)],
      [result(SELF_OID, 'created', 'id-1'), undefined, result(GROUP_OID, 'not assigned')]
    )
    expect(core.outputs.get(Outputs.RoleDefinitionId)).toBe(ROLE.id)
    expect(core.outputs.get(Outputs.PrincipalIds)).toBe(`${SELF_OID}\n${USER_OID}\n${GROUP_OID}`)
    expect(core.outputs.get(Outputs.RoleAssignmentIds)).toBe('id-1\n\n')
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
      ROLE,
      outcomes.map(() => principal(SELF_OID)),
      outcomes.map((outcome) => result(SELF_OID, outcome))
    )
    expect(core.outputs.get(Outputs.Changed)).toBe(changed)
  })
})
