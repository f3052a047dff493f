import { it } from '@jest/globals'
import { act, errorOf, withEmulator } from './harness.js'
it('scratch', async () => {
  await withEmulator({}, async (emulator) => {
    emulator.injectFault({ service: 'login', method: 'POST', times: Infinity, response: { status: 429, headers: { 'retry-after': '3600' }, body: { error: 'temporarily_unavailable', error_description: 'AADSTS50196: The server terminated an operation because it encountered a client request loop. Trace ID: 0b2a0f1e-1111-4000-8000-000000000001 Correlation ID: 0b2a0f1e-1111-4000-8000-000000000002', error_codes: [50196] } } })
    const r = await act(emulator, {})
    console.log(r.code, errorOf(r))
    emulator.clearFaults()
    emulator.injectFault({ service: 'login', method: 'POST', times: Infinity, response: { status: 503, headers: { 'retry-after': '1' }, body: 'Service Unavailable' } })
    const r2 = await act(emulator, {}, { timeoutMs: 120000, env: { RUNNER_DEBUG: "1" } })
    console.log(r2.stderr.split("\n").filter((l) => l.startsWith("REC")).join("\n"), r2.code, errorOf(r2), r2.stdout.split("\n").filter((l) => l.includes("login") || l.includes("token")).slice(-2).join("\n"))
  })
}, 180000)
