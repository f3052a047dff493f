// The fault matrix (hardening issue): every remote call the action makes, hit in turn by throttling (both header
// forms), server errors, a reset connection and an answer slower than the request timeout. Each cell must end
// either with exactly the intended assignments (none twice, none left behind, none outside the account) or with a
// bounded failure whose message names the call and the cause. The matrix is printed.
import { afterAll, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS, startEmulator } from '../../emulator/index.js'
import type { Emulator, FaultResponse, FaultSpec } from '../../emulator/index.js'
import { ACCOUNT_SCOPE, act, errorOf } from './harness.js'

const TIMEOUT_MS = 1_500
const ROLE = 'Inference Caller'
const ROLE_GUID = '0b5c2f1e-7d3a-4e6b-9c8d-1a2b3c4d5e6f'
const PRINCIPALS = [DEFAULT_IDS.pipelineApp.objectId, DEFAULT_IDS.users.alice.id]

const CALLS: Record<string, Omit<FaultSpec, 'response'>> = {
  'GitHub ID token': { service: 'github' },
  'Entra token': { service: 'login', method: 'POST' },
  'OpenID configuration': { service: 'login', method: 'GET' },
  'cloud metadata': { service: 'arm', path: /\/metadata\/endpoints$/ },
  'account read': { service: 'arm', method: 'GET', path: /\/accounts\/ai-demo$/ },
  'role definition lookup': { service: 'arm', method: 'GET', path: /\/roleDefinitions$/ },
  'Graph user lookup': { service: 'graph' },
  'role assignment list': { service: 'arm', method: 'GET', path: /\/roleAssignments$/ },
  'role assignment PUT': { service: 'arm', method: 'PUT' },
  probe: { service: 'dataplane' },
  'role assignment DELETE (post)': { service: 'arm', method: 'DELETE' }
}

const throttled = { error: { code: 'TooManyRequests', message: 'Too many requests, retry later.' } }
const FAULTS: Record<string, FaultResponse> = {
  '429 Retry-After': { status: 429, headers: { 'retry-after': '1' }, body: throttled },
  '429 retry-after-ms': { status: 429, headers: { 'retry-after-ms': '300' }, body: throttled },
  '500': { status: 500, body: { error: { code: 'InternalServerError', message: 'Something went wrong.' } } },
  '503': {
    status: 503,
    headers: { 'retry-after': '1' },
    body: { error: { code: 'ServiceUnavailable', message: 'Try again.' } }
  },
  reset: 'reset',
  slow: { delayMs: TIMEOUT_MS * 2 }
}

/** What a cell ended as, for the printed matrix. */
type Cell = { call: string; fault: string; outcome: string }

async function runCell(call: string, fault: string): Promise<Cell> {
  const emulator: Emulator = await startEmulator({
    world: (w) => {
      w.roleDefinitions.push({
        id: ROLE_GUID,
        roleName: ROLE,
        type: 'CustomRole',
        description: 'Calls inference endpoints.',
        assignableScopes: [`/subscriptions/${DEFAULT_IDS.subscriptionId}`],
        permissions: [
          {
            actions: ['Microsoft.CognitiveServices/*/read'],
            notActions: [],
            dataActions: ['Microsoft.CognitiveServices/*'],
            notDataActions: []
          }
        ]
      })
    }
  })
  try {
    const before = emulator.world.roleAssignments.length
    emulator.injectFault({
      ...(CALLS[call] as Omit<FaultSpec, 'response'>),
      response: FAULTS[fault] as FaultResponse
    })
    const inputs = {
      principal: `self\nuser:${DEFAULT_IDS.users.alice.upn}`,
      role: ROLE,
      'wait-for-propagation': 'true',
      'wait-timeout': '60',
      'revoke-after-job': 'true'
    }
    const env = { ENTRA_ACCESS_REQUEST_TIMEOUT_MS: String(TIMEOUT_MS) }
    const main = await act(emulator, inputs, { env, timeoutMs: 90_000 })
    const ours = emulator.world.roleAssignments.slice(before)
    // Whatever happened, nothing may exist outside the account, and no grant twice.
    for (const assignment of ours) expect(assignment.scope.toLowerCase()).toBe(ACCOUNT_SCOPE.toLowerCase())
    expect(new Set(ours.map((a) => a.principalId)).size).toBe(ours.length)
    if (main.code !== 0) {
      // A failure must say which call and why, and leave nothing half-done behind it.
      expect(errorOf(main)).not.toBe('')
      return { call, fault, outcome: `failed: ${errorOf(main).slice(0, 60)}` }
    }
    expect(ours.map((a) => a.principalId).sort()).toEqual([...PRINCIPALS].sort())
    expect(ours.every((a) => a.roleDefinitionGuid === ROLE_GUID)).toBe(true)
    const post = await act(emulator, inputs, { env, entry: 'post', state: main.state, timeoutMs: 60_000 })
    expect(post.code).toBe(0)
    expect(emulator.world.roleAssignments).toHaveLength(before)
    const hit = emulator.journal.some((entry) => entry.fault)
    return { call, fault, outcome: hit ? 'ok (retried)' : 'ok (fault unused)' }
  } finally {
    await emulator.close()
  }
}

const cells: Cell[] = []
/** The matrix is printed only when a cell failed: it shows at a glance which call and fault did it. */
let failed = false

describe('fault matrix', () => {
  afterAll(() => {
    if (!failed) return
    const faults = Object.keys(FAULTS)
    const width = Math.max(...Object.keys(CALLS).map((c) => c.length))
    const lines = [`${'call'.padEnd(width)} | ${faults.map((f) => f.padEnd(18)).join(' | ')}`]
    for (const call of Object.keys(CALLS)) {
      const row = faults.map((fault) =>
        (cells.find((c) => c.call === call && c.fault === fault)?.outcome ?? 'not run')
          .slice(0, 18)
          .padEnd(18)
      )
      lines.push(`${call.padEnd(width)} | ${row.join(' | ')}`)
    }
    console.log(`Fault matrix (${cells.length} cells):\n${lines.join('\n')}`)
  })

  for (const call of Object.keys(CALLS)) {
    it(`survives every fault on the ${call}`, async () => {
      const results = await Promise.all(Object.keys(FAULTS).map((fault) => runCell(call, fault)))
      cells.push(...results)
      // Every fault here is transient and answered once: the action must ride it out and succeed.
      const bad = results.filter(
        (cell) => !cell.outcome.startsWith('ok') || cell.outcome === 'ok (fault unused)'
      )
      failed ||= bad.length > 0
      expect(results.filter((cell) => !cell.outcome.startsWith('ok'))).toEqual([])
      expect(results.filter((cell) => cell.outcome === 'ok (fault unused)')).toEqual([])
    }, 120_000)
  }
})
