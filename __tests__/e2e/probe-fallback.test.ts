// The token-free probe on an endpoint that does not serve the model list: the wait falls back to a chat request to
// a deployment that cannot exist, where 404 DeploymentNotFound proves access only after PermissionDenied on the same
// call (docs/wait-evidence.md; wait-evidence.test.ts has the gateway that looks deployments up first).
import { afterEach, describe, expect, it } from '@jest/globals'
import type { Emulator } from '../../emulator/index.js'
import { act, emulatorFor } from './harness.js'

describe('probe fallback', () => {
  let emulator: Emulator
  afterEach(async () => {
    await emulator.close()
  })

  it('waits through PermissionDenied on the fallback probe, then takes DeploymentNotFound on it as access', async () => {
    emulator = await emulatorFor({ propagationDelayMs: 2_500 })
    const notFound = { error: { code: '404', message: 'Resource not found' } }
    emulator.injectFault({
      service: 'dataplane',
      method: 'GET',
      path: /\/openai\/v1\/models$/,
      times: Infinity,
      response: { status: 404, body: notFound }
    })
    const result = await act(emulator, { 'wait-for-propagation': 'true', 'wait-timeout': '30' })
    expect(result.code).toBe(0)
    const probes = emulator.journal.filter((e) => e.service === 'dataplane')
    expect(probes[0]?.method).toBe('GET')
    expect(
      probes
        .slice(1)
        .every(
          (e) =>
            e.method === 'POST' &&
            e.path.includes('/openai/deployments/entra-access-probe-no-such-deployment/')
        )
    ).toBe(true)
    expect(probes.map((e) => e.status)).toContain(401)
    expect(probes.at(-1)?.status).toBe(404)
    expect(Number(result.outputs['propagation-seconds'])).toBeGreaterThanOrEqual(2)
  }, 30_000)

  it('with probe-model, moves to the OpenAI route when the model inference route is not served', async () => {
    emulator = await emulatorFor({ propagationDelayMs: 1_000 })
    const notFound = { error: { code: '404', message: 'Resource not found' } }
    emulator.injectFault({
      service: 'dataplane',
      method: 'POST',
      path: /^\/models\/chat\/completions$/,
      times: Infinity,
      response: { status: 404, body: notFound }
    })
    const result = await act(emulator, {
      'wait-for-propagation': 'true',
      'wait-timeout': '30',
      'probe-model': 'gpt-4o-mini'
    })
    expect(result.code).toBe(0)
    const probes = emulator.journal.filter((e) => e.service === 'dataplane')
    expect(probes[0]?.path).toBe('/models/chat/completions')
    expect(probes.slice(1).every((e) => e.path === '/openai/deployments/gpt-4o-mini/chat/completions')).toBe(
      true
    )
    expect(JSON.parse(probes.at(-1)?.body ?? '{}').max_tokens).toBe(1)
    expect(probes.at(-1)?.status).toBe(200)
  }, 30_000)
})
