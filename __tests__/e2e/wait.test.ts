// The wait for propagation end to end (SPEC behaviour 7): dist/index.js against the emulator, with real
// clocks. Every test has its own emulator and runs concurrently with the others, so the file takes about as
// long as its longest wait. Timings are only checked against bounds that cannot flake (lower bounds that
// follow from the emulator's own delays, and generous upper bounds that show a fail-fast did not wait).
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import type { Emulator, JournalEntry } from '../../emulator/index.js'
import type { RunActionResult } from '../../harness/run-action.js'
import { act, errorOf, grantsOf, requestsTo, writes, withEmulator } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice
const WAIT = { 'wait-for-propagation': 'true' }

const probes = (emulator: Emulator): JournalEntry[] => requestsTo(emulator, 'dataplane')

/** Milliseconds between the end of each probe's answer and the start of the next probe. */
const gaps = (entries: readonly JournalEntry[]): number[] =>
  entries.slice(1).map((entry, i) => entry.startedAt - (entries[i] as JournalEntry).endedAt)

function expectFailedWait(result: RunActionResult, expected: string): void {
  expect(result.code).toBe(1)
  expect(errorOf(result)).toContain(expected)
}

describe('wait-for-propagation', () => {
  it.concurrent(
    'waits through PermissionDenied until access works, then reports propagation-seconds and the wait in the summary',
    () =>
      withEmulator({ propagationDelayMs: 4_000 }, async (emulator) => {
        const result = await act(emulator, WAIT, { timeoutMs: 30_000 })
        expect(result.code).toBe(0)
        expect(grantsOf(emulator, SELF)).toHaveLength(1)
        const seconds = Number(result.outputs['propagation-seconds'])
        expect(result.outputs['propagation-seconds']).toMatch(/^\d+\.\d$/)
        expect(seconds).toBeGreaterThanOrEqual(4 - 0.5)
        // Without probe-model the probe spends no tokens: it lists the models.
        const sent = probes(emulator)
        expect(new Set(sent.map((e) => `${e.method} ${e.path}`))).toEqual(new Set(['GET /openai/v1/models']))
        const answers = emulator.dataPlaneAnswers.map((a) => `${a.status} ${a.code ?? ''}`.trim())
        expect(answers[0]).toBe('401 PermissionDenied')
        expect(answers.at(-1)).toBe('200')
        expect(answers.slice(0, -1).every((a) => a === '401 PermissionDenied')).toBe(true)
        expect(emulator.dataPlaneAnswers.every((a) => a.principalId === SELF)).toBe(true)
        expect(result.summary).toContain(
          `**Propagation:** inference access worked ${result.outputs['propagation-seconds']} s after the assignments (${sent.length} probes)`
        )
        expect(result.stdout).toContain('Access works: inference access worked')
        expect(result.stdout).toContain('Not yet (401 PermissionDenied')
      }),
    40_000
  )

  it.concurrent(
    'with probe-model naming a real deployment, sends a one-token chat completion to it',
    () =>
      withEmulator({ propagationDelayMs: 0 }, async (emulator) => {
        const result = await act(emulator, { ...WAIT, 'probe-model': DEFAULT_IDS.deployment })
        expect(result.code).toBe(0)
        const sent = probes(emulator)
        expect(sent.length).toBeGreaterThanOrEqual(1)
        for (const probe of sent) {
          expect(`${probe.method} ${probe.path}`).toBe('POST /models/chat/completions')
          expect(probe.query['api-version']).toBeDefined()
          const body = JSON.parse(probe.body) as { model?: unknown; max_tokens?: unknown }
          expect(body.model).toBe(DEFAULT_IDS.deployment)
          expect(body.max_tokens).toBe(1)
        }
        expect(sent.at(-1)?.status).toBe(200)
        expect(result.outputs['propagation-seconds']).toMatch(/^\d+\.\d$/)
      }),
    30_000
  )

  describe('fails fast on what waiting cannot fix', () => {
    it.concurrent(
      'an account without custom subdomain: refused before any write or probe',
      () =>
        withEmulator({}, async (emulator) => {
          const result = await act(emulator, { ...WAIT, 'resource-name': DEFAULT_IDS.accountNoSubdomain })
          expectFailedWait(result, 'has no custom subdomain')
          expect(errorOf(result)).toContain('--custom-domain')
          expect(errorOf(result)).toContain('Nothing was changed')
          expect(writes(emulator)).toEqual([])
          expect(probes(emulator)).toEqual([])
        }),
      30_000
    )

    it.concurrent(
      'a wrong audience (inference-scope for another resource): a second probe with a new token, then names the scope to set',
      () =>
        withEmulator({}, async (emulator) => {
          const result = await act(emulator, { ...WAIT, 'inference-scope': 'https://ai.azure.com/.default' })
          expectFailedWait(result, "rejected the token's audience")
          expect(errorOf(result)).toContain("'https://ai.azure.com/.default'")
          expect(errorOf(result)).toContain('inference-scope')
          // The service gives the same answer for an expired token, so the token is asked for again (a still
          // valid one comes back from the sign-in library's cache) and one more probe made before failing.
          expect(probes(emulator).map((probe) => probe.status)).toEqual([401, 401])
          expect(result.summary).toContain(
            "**Propagation:** failed: The inference endpoint rejected the token's audience"
          )
        }),
      30_000
    )

    it.concurrent(
      'public network access disabled (403 AccessDenied): one probe, says to run inside the network',
      () =>
        withEmulator({}, async (emulator) => {
          const account = emulator.world.accounts.find((a) => a.name === DEFAULT_IDS.account)
          if (account === undefined) throw new Error('default account missing')
          account.publicNetworkAccess = 'Disabled'
          const result = await act(emulator, WAIT)
          expectFailedWait(result, 'refused the runner')
          expect(errorOf(result)).toContain('Public network access is disabled')
          expect(probes(emulator).map((e) => e.status)).toEqual([403])
        }),
      30_000
    )

    it.concurrent(
      'probe-model naming a deployment that does not exist: one probe, says it is the deployment name',
      () =>
        withEmulator({}, async (emulator) => {
          const result = await act(emulator, { ...WAIT, 'probe-model': 'gpt-5-missing' })
          expectFailedWait(result, "The model deployment 'gpt-5-missing' does not exist")
          expect(errorOf(result)).toContain('probe-model')
          expect(probes(emulator).map((e) => e.status)).toEqual([400])
          expect(JSON.parse(probes(emulator)[0]?.responseBody ?? '{}').error.code).toBe('unknown_model')
        }),
      30_000
    )

    it.concurrent(
      "the action's own identity not among the principals: refused before any write, saying why",
      () =>
        withEmulator({}, async (emulator) => {
          const result = await act(emulator, { ...WAIT, principal: `user:${ALICE.upn}` })
          expectFailedWait(result, "the action's own identity")
          expect(errorOf(result)).toContain(SELF)
          expect(errorOf(result)).toContain('add self to principal')
          expect(writes(emulator)).toEqual([])
          expect(probes(emulator)).toEqual([])
        }),
      30_000
    )
  })

  describe('waits out throttling and transient failures', () => {
    it.concurrent.each([
      ['retry-after-ms', { 'retry-after-ms': '3000' }],
      ['Retry-After (seconds)', { 'retry-after': '3' }]
    ])(
      '429 with %s: waits at least as long as asked, then succeeds',
      (_, headers) =>
        withEmulator({}, async (emulator) => {
          emulator.injectFault({
            service: 'dataplane',
            response: {
              status: 429,
              headers,
              body: {
                error: {
                  code: '429',
                  message: 'Requests to the ChatCompletions_Create Operation have exceeded call rate limit.'
                }
              }
            }
          })
          const result = await act(emulator, WAIT, { timeoutMs: 30_000 })
          expect(result.code).toBe(0)
          const sent = probes(emulator)
          expect(sent.map((e) => e.status)).toEqual([429, 200])
          // The probe's own schedule is 2-2.4 s; only honouring the header makes the gap 3 s.
          expect(gaps(sent)[0]).toBeGreaterThanOrEqual(2_900)
          expect(result.outputs['propagation-seconds']).toMatch(/^\d+\.\d$/)
        }),
      30_000
    )

    it.concurrent(
      '500, 503 and a dropped connection are retried until the endpoint answers',
      () =>
        withEmulator({}, async (emulator) => {
          const serverError = (status: number, code: string) => ({
            service: 'dataplane' as const,
            response: { status, body: { error: { code, message: 'The server had an error.' } } }
          })
          emulator.injectFault(serverError(500, 'InternalServerError'))
          emulator.injectFault(serverError(503, 'ServiceUnavailable'))
          emulator.injectFault({ service: 'dataplane', response: 'reset' })
          const result = await act(emulator, WAIT, { timeoutMs: 40_000 })
          expect(result.code).toBe(0)
          const sent = probes(emulator)
          expect(sent.map((e) => (e.faultKind === 'reset' ? 'reset' : e.status))).toEqual([
            500,
            503,
            'reset',
            200
          ])
          expect(result.summary).toContain('(4 probes)')
        }),
      45_000
    )
  })

  it.concurrent(
    'stops at wait-timeout, naming the time waited, the probe count and the last answer',
    () =>
      withEmulator({ propagationDelayMs: 60_000 }, async (emulator) => {
        const result = await act(emulator, { ...WAIT, 'wait-timeout': '5' }, { timeoutMs: 30_000 })
        expect(result.code).toBe(1)
        const message = errorOf(result)
        expect(message).toContain('within wait-timeout (5 s)')
        const waited = /waited (\d+\.\d) s, sent (\d+) probes?; the last answer was (.*?)\. Role/.exec(
          message
        )
        expect(waited).not.toBeNull()
        const [, seconds, count, last] = waited ?? []
        expect(Number(seconds)).toBeGreaterThanOrEqual(5)
        expect(Number(count)).toBe(probes(emulator).length)
        expect(Number(count)).toBeGreaterThanOrEqual(2)
        expect(last).toMatch(
          /^401 PermissionDenied: The principal `aaaaaaaa-0000-4000-8000-000000000011` lacks/
        )
        expect(result.outputs['propagation-seconds']).toBeUndefined()
        expect(result.summary).toContain('**Propagation:** failed: Access did not work within wait-timeout')
        // The assignment stays: it is right, only not effective yet.
        expect(grantsOf(emulator, SELF)).toHaveLength(1)
      }),
    40_000
  )

  it.concurrent(
    'a long wait outlives short-lived GitHub ID tokens and Entra tokens, minting fresh ones as it goes',
    () =>
      withEmulator(
        { propagationDelayMs: 8_000, githubTokenLifetimeSeconds: 2, entraTokenLifetimeSeconds: 4 },
        async (emulator) => {
          const result = await act(emulator, WAIT, { timeoutMs: 40_000 })
          expect(result.code).toBe(0)
          expect(result.stdout).not.toContain('AADSTS700024')
          expect(Number(result.outputs['propagation-seconds'])).toBeGreaterThanOrEqual(8 - 0.5)
          const github = emulator.issuedTokens.filter((t) => t.kind === 'github-id-token')
          const entra = emulator.issuedTokens.filter((t) => t.kind === 'entra-access-token')
          const firstProbeAt = probes(emulator)[0]?.startedAt ?? 0
          // Entra tokens were renewed during the wait, each with a GitHub ID token minted for that request
          // (one older than its 2 s lifetime would have been refused with AADSTS700024).
          expect(
            entra.filter((t) => t.claims.aud === 'https://cognitiveservices.azure.com').length
          ).toBeGreaterThanOrEqual(2)
          expect(github.filter((t) => t.issuedAt > firstProbeAt).length).toBeGreaterThanOrEqual(1)
          expect(github.length).toBeGreaterThanOrEqual(3)
          for (const token of entra) {
            const age = (t: { issuedAt: number }) => token.issuedAt - t.issuedAt
            expect(github.some((g) => age(g) >= 0 && age(g) < 2_000)).toBe(true)
          }
          // Every probe carried a token the data plane accepted: it saw only "not yet" and then access.
          const answers = emulator.dataPlaneAnswers.map((a) => a.code ?? String(a.status))
          expect(answers.at(-1)).toBe('200')
          expect(answers.slice(0, -1).every((a) => a === 'PermissionDenied')).toBe(true)
        }
      ),
    45_000
  )
})
