import { describe, expect, it, jest } from '@jest/globals'
import type { ActionInputs } from '../../../src/types.js'
import { fakeSession } from '../../fixtures/session.js'

let loaded = 0
const session = fakeSession()
const opened: ActionInputs[] = []
jest.unstable_mockModule('../../../src/session/session.js', () => {
  loaded++
  return {
    openSession: async (inputs: ActionInputs) => {
      opened.push(inputs)
      return session
    }
  }
})
const { openSessionLazily } = await import('../../../src/session/lazy.js')

describe('opening the session lazily', () => {
  it('loads the Azure SDKs only when a session is opened, then opens it with the inputs', async () => {
    expect(loaded).toBe(0)
    const inputs = { clientId: 'x' } as ActionInputs
    await expect(openSessionLazily(inputs)).resolves.toBe(session)
    expect(loaded).toBe(1)
    expect(opened).toEqual([inputs])
  })
})
