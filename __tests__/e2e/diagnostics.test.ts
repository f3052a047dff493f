// What a support engineer gets from a run (SPEC behaviour 12): with step debug on, one ::debug:: line per request
// (method, URL without secrets, status, time) plus the Azure SDK's own verbose log, and still no token; errors that
// quote the request IDs of the refused request; sign-in errors that explain GitHub's two subject formats.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import { act, errorOf, withEmulator } from './harness.js'

const STEP_DEBUG = { RUNNER_DEBUG: '1' }

describe('diagnostics', () => {
  it('step debug shows every request as a ::debug:: line, and the Azure SDK log, without a token', () =>
    withEmulator({}, async (emulator) => {
      const result = await act(emulator, { 'wait-for-propagation': 'true' }, { env: STEP_DEBUG })
      expect(result.code).toBe(0)
      const debug = result.stdout.split('\n').filter((line) => line.startsWith('::debug::'))
      expect(emulator.journal.length).toBeGreaterThanOrEqual(6)
      for (const entry of emulator.journal) {
        const line = new RegExp(
          `^::debug::${entry.method} https://[^/]+:${entry.port}${entry.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\?.*)? -> ${entry.status} in \\d+ ms`
        )
        expect([entry.service, entry.path, debug.some((l) => line.test(l))]).toEqual([
          entry.service,
          entry.path,
          true
        ])
      }
      expect(debug.some((l) => l.startsWith('::debug::azure:core-rest-pipeline'))).toBe(true)
      expect(debug.some((l) => l.startsWith('::debug::azure:identity'))).toBe(true)
      // Query values other than the API version and filters are hidden (MSAL's client-request-id, for one).
      const requests = debug.filter((l) => /^::debug::(GET|POST|PUT|DELETE) /.test(l))
      expect(requests.some((l) => l.includes('client-request-id=***'))).toBe(true)
      expect(requests.filter((l) => /client-request-id=(?!\*\*\*)/.test(l))).toEqual([])
    }))

  it('without step debug the SDK stays quiet', () =>
    withEmulator({}, async (emulator) => {
      const result = await act(emulator, {})
      expect(result.code).toBe(0)
      expect(result.stdout).not.toContain('azure:core-rest-pipeline')
      expect(result.stderr).toBe('')
    }))

  it("a refused write quotes Resource Manager's correlation and request IDs", () =>
    withEmulator({}, async (emulator) => {
      const rbac = emulator.world.roleAssignments.find((a) => a.name === DEFAULT_IDS.pipelineRbacAssignment)
      // A condition the action cannot read gives no verdict before the write; Resource Manager refuses the PUT.
      if (rbac !== undefined)
        rbac.condition =
          "@Principal[Microsoft.Directory/CustomSecurityAttributes/Attributes:Team_x] StringEquals 'ml'"
      const result = await act(emulator, {})
      expect(result.code).toBe(1)
      const refused = emulator.journal.find((e) => e.method === 'PUT' && e.status === 403)
      const correlation = refused?.responseHeaders['x-ms-correlation-request-id']
      expect(correlation).toBeDefined()
      expect(errorOf(result)).toContain(`x-ms-correlation-request-id: ${correlation}`)
      expect(errorOf(result)).toContain(`x-ms-request-id: ${refused?.responseHeaders['x-ms-request-id']}`)
    }))

  it("a rejected sign-in explains GitHub's immutable subject format and quotes job_workflow_ref and Entra's IDs", () =>
    withEmulator(
      {
        world: (w) => {
          // The repository uses the immutable format; the federated credential was written in the classic one.
          w.github.claims.sub = 'repo:octo-org@987654/octo-repo@123456789:ref:refs/heads/main'
        }
      },
      async (emulator) => {
        const result = await act(emulator, {})
        expect(result.code).toBe(1)
        const error = errorOf(result)
        expect(error).toContain("subject 'repo:octo-org@987654/octo-repo@123456789:ref:refs/heads/main'")
        expect(error).toContain("GitHub's immutable format")
        expect(error).toContain("'repo:octo-org/octo-repo:ref:refs/heads/main', does not match it")
        expect(error).toContain(
          "job_workflow_ref is 'octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main'"
        )
        expect(error).toMatch(/\[Microsoft Entra ID Trace ID: [0-9a-f-]{36}, Correlation ID: [0-9a-f-]{36}\]/)
      }
    ))
})
