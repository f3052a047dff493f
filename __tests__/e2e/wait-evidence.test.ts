// What the wait takes as proof, and for whom (issue 15, docs/wait-evidence.md): dist/index.js against an emulator
// whose gateway looks deployments up before it checks roles, or checks the role first; and probe-client-id, where
// every probe is made as another identity that trusts the workflow.
import { describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS, decodeJwt } from '../../emulator/index.js'
import type { Emulator, EmulatorOptions, World } from '../../emulator/index.js'
import { act, errorOf, grantsOf, requestsTo, writes, withEmulator } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const PROBE = DEFAULT_IDS.probeApp
const NO_SUCH = '/openai/deployments/entra-access-probe-no-such-deployment/chat/completions'
const WAIT = { 'wait-for-propagation': 'true' }

const gateway =
  (dataPlane: NonNullable<World['accounts'][number]['dataPlane']>) =>
  (world: World): void => {
    const account = world.accounts.find((a) => a.name === DEFAULT_IDS.account)
    if (account) account.dataPlane = dataPlane
  }
const answers = (emulator: Emulator): string[] =>
  emulator.dataPlaneAnswers.map((a) => `${a.status} ${a.code ?? ''}`.trim())
/** The `oid` of the bearer token each data-plane request carried. */
const callers = (emulator: Emulator): string[] =>
  requestsTo(emulator, 'dataplane').map((entry) => {
    const token = (entry.headers.authorization ?? '').replace(/^Bearer /, '')
    return String(decodeJwt(token)?.claims.oid ?? '')
  })

describe('the evidence the wait takes', () => {
  it.concurrent(
    'model list not served, deployment-first gateway, no access ever: fails at wait-timeout and never claims success',
    () => {
      const options: EmulatorOptions = {
        // The grant never reaches the data plane within the test.
        propagationDelayMs: 600_000,
        world: gateway({ unserved: ['model-list'], gateway: 'deployment-first' })
      }
      return withEmulator(options, async (emulator) => {
        const result = await act(emulator, { ...WAIT, 'wait-timeout': '6' }, { timeoutMs: 30_000 })
        expect(result.code).toBe(1)
        expect(grantsOf(emulator, SELF)).toHaveLength(1)
        // Every probe of the fallback route got 404 DeploymentNotFound without the role: no proof.
        const chats = requestsTo(emulator, 'dataplane').filter((e) => e.path === NO_SUCH)
        expect(chats.length).toBeGreaterThanOrEqual(2)
        expect(chats.every((e) => e.status === 404)).toBe(true)
        expect(emulator.accessEffectiveAt(SELF)).toBeGreaterThan(Date.now())
        const error = errorOf(result)
        expect(error).toContain('Could not prove access within wait-timeout (6 s)')
        expect(error).toContain(`The endpoint answered 404 DeploymentNotFound on POST `)
        expect(error).toContain('Set probe-model to the name of a chat deployment')
        expect(result.stdout).not.toContain('Access works')
        expect(result.stdout).toContain('does not prove access on its own')
        expect(result.outputs['propagation-seconds']).toBeUndefined()
        expect(result.summary).toContain('**Propagation:** failed: Could not prove access')
      })
    },
    40_000
  )

  it.concurrent(
    'model list not served, role-first gateway: 401 PermissionDenied, then 404 on the same call, proves access',
    () =>
      withEmulator(
        { propagationDelayMs: 3_000, world: gateway({ unserved: ['model-list'], gateway: 'role-first' }) },
        async (emulator) => {
          const result = await act(emulator, WAIT, { timeoutMs: 30_000 })
          expect(result.code).toBe(0)
          const seen = answers(emulator)
          expect(seen[0]).toBe('404 404') // the model list, not served: moved on for good
          expect(seen).toContain('401 PermissionDenied')
          expect(seen.at(-1)).toBe('404 DeploymentNotFound')
          const proof = `404 DeploymentNotFound on POST ${await emulator.dataPlaneUrl()}${NO_SUCH}`
          expect(result.summary).toContain(`Proved for ${SELF} by ${proof}`)
          expect(result.summary).toContain('after 401 PermissionDenied on the same call')
          expect(result.stdout).toMatch(/::debug::Probe \d+ as [-\w]+: POST .* answered 401 PermissionDenied/)
          expect(result.stdout).toMatch(
            /::debug::Probe \d+ as [-\w]+: POST .* answered 404 DeploymentNotFound: .* -> taken as proof\./
          )
          expect(Number(result.outputs['propagation-seconds'])).toBeGreaterThanOrEqual(2.5)
        }
      ),
    40_000
  )

  it.concurrent(
    'with probe-model on a deployment-first gateway, a 200 proves access as soon as the grant propagates',
    () =>
      withEmulator(
        {
          propagationDelayMs: 2_000,
          world: gateway({ unserved: ['model-list'], gateway: 'deployment-first' })
        },
        async (emulator) => {
          const result = await act(emulator, { ...WAIT, 'probe-model': DEFAULT_IDS.deployment })
          expect(result.code).toBe(0)
          expect(answers(emulator).at(-1)).toBe('200')
          expect(result.summary).toMatch(/Proved for [-\w]+ by 200 on POST /)
        }
      ),
    40_000
  )
})

describe('probe-client-id', () => {
  const PRINCIPALS = { principal: PROBE.objectId, 'principal-type': 'ServicePrincipal' }

  it.concurrent(
    'every probe is made as the other identity, and succeeds once its grant propagates; the pipeline need not be a principal',
    () =>
      withEmulator({ propagationDelayMs: 3_000 }, async (emulator) => {
        const result = await act(emulator, { ...WAIT, ...PRINCIPALS, 'probe-client-id': PROBE.clientId })
        expect(result.code).toBe(0)
        expect(grantsOf(emulator, PROBE.objectId)).toHaveLength(1)
        expect(grantsOf(emulator, SELF)).toHaveLength(0)
        const oids = callers(emulator)
        expect(oids.length).toBeGreaterThanOrEqual(2)
        expect(new Set(oids)).toEqual(new Set([PROBE.objectId]))
        expect(new Set(emulator.dataPlaneAnswers.map((a) => a.principalId))).toEqual(
          new Set([PROBE.objectId])
        )
        expect(answers(emulator)[0]).toBe('401 PermissionDenied')
        expect(answers(emulator).at(-1)).toBe('200')
        expect(result.summary).toContain(`Proved for ${PROBE.objectId} by 200 on GET `)
        // It signed in with its own client ID, through the same GitHub OIDC exchange.
        const signIns = requestsTo(emulator, 'login').filter((e) => e.method === 'POST')
        expect(signIns.some((e) => new URLSearchParams(e.body).get('client_id') === PROBE.clientId)).toBe(
          true
        )
      }),
    40_000
  )

  it.concurrent(
    'a managed identity works the same way',
    () =>
      withEmulator({ propagationDelayMs: 0 }, async (emulator) => {
        const identity = DEFAULT_IDS.probeIdentity
        const result = await act(emulator, {
          ...WAIT,
          principal: identity.objectId,
          'principal-type': 'ServicePrincipal',
          'probe-client-id': identity.clientId
        })
        expect(result.code).toBe(0)
        expect(new Set(callers(emulator))).toEqual(new Set([identity.objectId]))
      }),
    40_000
  )

  it.concurrent(
    'not among the principals: refused before anything is written',
    () =>
      withEmulator({}, async (emulator) => {
        const result = await act(emulator, { ...WAIT, principal: 'self', 'probe-client-id': PROBE.clientId })
        expect(result.code).toBe(1)
        expect(errorOf(result)).toContain(
          `Input 'probe-client-id': the identity with client ID ${PROBE.clientId} (object ID ${PROBE.objectId}) is not among the principals`
        )
        expect(writes(emulator)).toEqual([])
        expect(requestsTo(emulator, 'dataplane')).toEqual([])
      }),
    40_000
  )

  it.concurrent(
    'a federated credential that does not match: the error shows the subject it must have, and nothing is written',
    () => {
      const options: EmulatorOptions = {
        world: (world) => {
          const probe = world.servicePrincipals.find((s) => s.appId === PROBE.clientId)
          for (const credential of probe?.federatedCredentials ?? [])
            credential.subject = 'repo:octo-org/octo-repo:environment:production'
        }
      }
      return withEmulator(options, async (emulator) => {
        const result = await act(emulator, { ...WAIT, ...PRINCIPALS, 'probe-client-id': PROBE.clientId })
        expect(result.code).toBe(1)
        const error = errorOf(result)
        expect(error).toContain(`Signing in as probe-client-id ${PROBE.clientId} for the wait failed`)
        expect(error).toContain('AADSTS70021')
        expect(error).toContain(`subject '${DEFAULT_IDS.githubSubject}'`)
        expect(writes(emulator)).toEqual([])
      })
    },
    40_000
  )
})
