// Behind a proxy (SPEC behaviour 10): dist/index.js against the emulator in host-name mode, where every host is a
// `.azure.test` name that only the emulator's CONNECT proxy resolves, so a run that succeeds went through it
// entirely; and in the default loopback mode, NO_PROXY. Every test has its own emulator and runs concurrently.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import type { Emulator, JournalEntry, ServiceName } from '../../emulator/index.js'
import { act, errorOf, grantsOf, withEmulator } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const ALICE = DEFAULT_IDS.users.alice
/** `user:` makes the action ask Graph; the wait needs the action's own identity among the principals. */
const INPUTS = { principal: `self\nuser:${ALICE.upn}`, 'wait-for-propagation': 'true', 'wait-timeout': '60' }

const hostOf = (entry: JournalEntry): string => new URL(`https://${entry.headers.host ?? ''}`).hostname
const services = (entries: readonly JournalEntry[]): Set<ServiceName> =>
  new Set(entries.map((e) => e.service))

/** Every request the emulator saw came through a tunnel the proxy opened to that host's name and port. */
function expectAllTunnelled(emulator: Emulator): void {
  expect(emulator.journal.length).toBeGreaterThan(0)
  for (const entry of emulator.journal) {
    const tunnel = emulator.proxyJournal.find((t) => t.seq === entry.tunnel)
    expect({ request: `${entry.method} ${hostOf(entry)}${entry.path}`, tunnel: tunnel?.host }).toEqual({
      request: `${entry.method} ${hostOf(entry)}${entry.path}`,
      tunnel: hostOf(entry)
    })
    expect(tunnel?.target).toBe(`127.0.0.1:${entry.port}`)
  }
}

describe('behind a proxy', () => {
  it.concurrent(
    'assigns and waits for propagation with every request through the proxy, to the names the cloud advertised',
    () =>
      withEmulator({ hostnames: true, propagationDelayMs: 3_000 }, async (emulator) => {
        const result = await act(emulator, INPUTS, { timeoutMs: 40_000 })
        expect(result.code).toBe(0)
        expect(grantsOf(emulator, SELF)).toHaveLength(1)
        expect(grantsOf(emulator, ALICE.id)).toHaveLength(1)
        expect(result.outputs.endpoint).toBe('https://ai-demo.cognitiveservices.azure.test/')
        expect(result.outputs['inference-endpoint']).toBe('https://ai-demo.services.ai.azure.test/models')
        expect(Number(result.outputs['propagation-seconds'])).toBeGreaterThanOrEqual(2.5)
        const answers = emulator.dataPlaneAnswers.map((a) => `${a.status} ${a.code ?? ''}`.trim())
        expect(answers[0]).toBe('401 PermissionDenied')
        expect(answers.at(-1)).toBe('200')

        const tunnels = emulator.proxyJournal
        expect(new Set(tunnels.map((t) => t.host))).toEqual(
          new Set([
            'github.azure.test',
            'login.azure.test',
            'management.azure.test',
            'graph.azure.test',
            'ai-demo.openai.azure.test'
          ])
        )
        expect(tunnels.every((t) => t.method === 'CONNECT' && t.port === 443 && t.status === 200)).toBe(true)
        expect(services(emulator.journal)).toEqual(new Set(['github', 'login', 'arm', 'graph', 'dataplane']))
        expectAllTunnelled(emulator)

        // probe-model takes the model inference endpoint: its own host name, through the proxy too.
        emulator.clearJournal()
        const again = await act(emulator, { ...INPUTS, 'probe-model': DEFAULT_IDS.deployment })
        expect(again.code).toBe(0)
        expect(emulator.proxyJournal.map((t) => t.host)).toContain('ai-demo.services.ai.azure.test')
        expect(emulator.journal.filter((e) => e.service === 'dataplane').map((e) => e.path)).toContain(
          '/models/chat/completions'
        )
        expectAllTunnelled(emulator)
      }),
    60_000
  )

  it.concurrent(
    'without HTTPS_PROXY, fails with the network error, in bounded time, before any request reaches a service',
    () =>
      withEmulator({ hostnames: true }, async (emulator) => {
        const result = await act(emulator, INPUTS, { runner: { proxy: false } })
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain(
          'Reading the cloud metadata at https://management.azure.test/metadata/endpoints'
        )
        expect(errorOf(result)).toContain('management.azure.test does not resolve (ENOTFOUND)')
        expect(errorOf(result)).toContain('HTTPS_PROXY / NO_PROXY')
        expect(emulator.journal).toEqual([])
        expect(emulator.proxyJournal).toEqual([])
      }),
    45_000
  )

  it.concurrent(
    'takes HTTP_PROXY alone for every call, the GitHub OIDC request included',
    () =>
      withEmulator({ hostnames: true }, async (emulator) => {
        const result = await act(
          emulator,
          { principal: `self\nuser:${ALICE.upn}` },
          { runner: { proxy: false }, env: { HTTP_PROXY: emulator.urls.proxy } }
        )
        expect(result.code).toBe(0)
        expect(new Set(emulator.proxyJournal.map((t) => t.host))).toEqual(
          new Set(['github.azure.test', 'login.azure.test', 'management.azure.test', 'graph.azure.test'])
        )
        expectAllTunnelled(emulator)
      }),
    45_000
  )

  it.concurrent(
    'NO_PROXY naming the GitHub OIDC host sends that request around the proxy (and so, here, nowhere)',
    () =>
      withEmulator({ hostnames: true }, async (emulator) => {
        const result = await act(emulator, INPUTS, { env: { NO_PROXY: 'github.azure.test' } })
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain('getaddrinfo ENOTFOUND github.azure.test')
        // The metadata request, made with the Azure pipeline, still went through the proxy, and so did the
        // authority's OpenID configuration, read while the ID token was awaited.
        expect(emulator.proxyJournal.map((t) => t.host).sort()).toEqual([
          'login.azure.test',
          'management.azure.test'
        ])
        expect(services(emulator.journal)).toEqual(new Set(['arm', 'login']))
        expect(emulator.journal.filter((e) => e.service === 'login').map((e) => e.method)).toEqual(['GET'])
        expectAllTunnelled(emulator)
      }),
    60_000
  )

  it.concurrent('in loopback mode with NO_PROXY=127.0.0.1, opens no tunnel at all', () =>
    withEmulator({ propagationDelayMs: 0 }, async (emulator) => {
      const result = await act(emulator, INPUTS, {
        env: { HTTPS_PROXY: emulator.urls.proxy, NO_PROXY: '127.0.0.1' }
      })
      expect(result.code).toBe(0)
      expect(services(emulator.journal)).toEqual(new Set(['github', 'login', 'arm', 'graph', 'dataplane']))
      expect(emulator.proxyJournal).toEqual([])
      expect(emulator.journal.filter((e) => e.tunnel !== undefined)).toEqual([])
    })
  )

  it.concurrent(
    'in loopback mode with HTTPS_PROXY and no NO_PROXY, tunnels every Azure call; the GitHub OIDC request goes direct',
    () =>
      withEmulator({ propagationDelayMs: 0 }, async (emulator) => {
        const result = await act(emulator, INPUTS, { runner: { proxy: true } })
        expect(result.code).toBe(0)
        const azure = emulator.journal.filter((e) => e.service !== 'github')
        const github = emulator.journal.filter((e) => e.service === 'github')
        expect(services(azure)).toEqual(new Set(['login', 'arm', 'graph', 'dataplane']))
        for (const entry of azure) {
          const tunnel = emulator.proxyJournal.find((t) => t.seq === entry.tunnel)
          expect(tunnel?.target).toBe(`127.0.0.1:${entry.port}`)
        }
        // @actions/http-client never proxies loopback addresses (proxy.ts, isLoopbackAddress), whatever NO_PROXY
        // says; the Azure pipeline has no such rule. Real GitHub OIDC URLs are never loopback.
        expect(github.length).toBeGreaterThan(0)
        expect(github.every((e) => e.tunnel === undefined)).toBe(true)
        expect(emulator.proxyJournal.every((t) => t.host === '127.0.0.1' && t.service !== 'github')).toBe(
          true
        )
      })
  )
})
