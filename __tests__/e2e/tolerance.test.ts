// Answers a faithful Azure may give that our emulator does not by default, each injected as a fault: a cloud whose
// metadata names no Microsoft Graph, and PermissionDenied on the data plane as 403 instead of 401.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import type { Emulator } from '../../emulator/index.js'
import { act, errorOf, grantsOf, requestsTo, withEmulator, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId

/** Cloud metadata without microsoftGraphResourceId, served for every metadata request of the run. */
function metadataWithoutGraph(emulator: Emulator): void {
  const body = {
    name: 'NoGraphCloud',
    resourceManager: `${emulator.urls.arm}/`,
    authentication: {
      loginEndpoint: `${emulator.urls.login}/`,
      audiences: [`${emulator.urls.arm}/`],
      tenant: 'common'
    }
  }
  emulator.injectFault({
    service: 'arm',
    method: 'GET',
    path: /\/metadata\/endpoints$/,
    times: Infinity,
    response: { status: 200, body }
  })
}

describe('tolerance', () => {
  it.concurrent(
    'a cloud without Microsoft Graph still grants self; a name to look up says what to do instead',
    () =>
      withEmulator({}, async (emulator) => {
        metadataWithoutGraph(emulator)
        const self = await act(emulator, {})
        expect(self.code).toBe(0)
        expect(grantsOf(emulator, SELF)).toHaveLength(1)
        emulator.clearJournal()
        const named = await act(emulator, { principal: `user:${DEFAULT_IDS.users.alice.upn}` })
        expect(named.code).toBe(1)
        expect(errorOf(named)).toContain('names no Microsoft Graph endpoint')
        expect(errorOf(named)).toContain('principal-type')
        expect(writes(emulator)).toEqual([])
      })
  )

  it.concurrent(
    'PermissionDenied answered as 403 is waited out like a 401',
    () =>
      withEmulator({}, async (emulator) => {
        const denied = {
          error: { code: 'PermissionDenied', message: 'Principal does not have access to API/Operation.' }
        }
        emulator.injectFault({ service: 'dataplane', times: 2, response: { status: 403, body: denied } })
        const result = await act(emulator, { 'wait-for-propagation': 'true', 'wait-timeout': '60' })
        expect(result.code).toBe(0)
        expect(requestsTo(emulator, 'dataplane').map((e) => e.status)).toEqual([403, 403, 200])
        expect(result.outputs['propagation-seconds']).toMatch(/^\d+\.\d$/)
      }),
    30_000
  )
})
