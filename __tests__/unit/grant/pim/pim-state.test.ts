import { beforeEach, describe, expect, it, jest } from '@jest/globals'
import { fakeCore } from '../../../fixtures/core.js'

const core = fakeCore()
jest.unstable_mockModule('@actions/core', () => core.module)
const { parsePimGrants, runnerPimGrants } = await import('../../../../src/grant/pim/pim-state.js')

const grant = {
  scope: '/s',
  principalId: 'p',
  roleDefinitionId: '/r',
  requestName: 'n',
  until: '2026-01-01T00:00:00Z'
}

beforeEach(() => core.reset())

describe('PIM grants in the step state', () => {
  it('keeps every grant saved in one state value, and reads it back', () => {
    const store = runnerPimGrants()
    store.save(grant)
    store.save({ ...grant, requestName: 'm' })
    expect(JSON.parse(core.state.get('pim-grants') ?? '')).toHaveLength(2)
    expect(store.load().map((g) => g.requestName)).toEqual(['n', 'm'])
  })

  it('reads nothing from an empty, broken or foreign value', () => {
    expect(parsePimGrants('')).toEqual([])
    expect(parsePimGrants('{')).toEqual([])
    expect(parsePimGrants('{"a":1}')).toEqual([])
    expect(parsePimGrants(JSON.stringify([grant, { scope: 1 }]))).toEqual([grant])
  })
})
