// Identities as deployments make them, end to end through dist/: principals given by Azure resource ID (read
// through Resource Manager, never Graph), and a step signed in as a self-hosted runner's managed identity or
// workload identity that grants, waits and cleans up in its post step.
import { describe, expect, it } from '@jest/globals'
import { appId, DEFAULT_IDS, grantRunnerIdentities, identityId } from '../../emulator/index.js'
import type { Emulator } from '../../emulator/index.js'
import { act, errorOf, grantsOf, requestsTo, withEmulator, writes } from './harness.js'

const I = DEFAULT_IDS.identities

function idOf(emulator: Emulator, name: string): string {
  const identity = emulator.world.userAssignedIdentities.find((i) => i.name === name)
  if (identity !== undefined) return identityId(identity)
  const app = emulator.world.apps.find((a) => a.name === name)
  if (app === undefined) throw new Error(`no resource ${name} in the world`)
  return appId(app)
}

const refusedApiVersions = (emulator: Emulator) => requestsTo(emulator, 'arm').filter((e) => e.status === 400)

describe('principals given by resource ID', () => {
  it('grants a user-assigned identity in another resource group and the system-assigned identities of a web app and a container app, asking Graph nothing', async () => {
    await withEmulator({}, async (emulator) => {
      const lines = [
        idOf(emulator, I.caller.name),
        idOf(emulator, I.webApp.name),
        idOf(emulator, I.containerApp.name)
      ]
      const result = await act(emulator, { principal: lines.join('\n') })
      expect(errorOf(result)).toBe('')
      expect(result.code).toBe(0)
      for (const objectId of [I.caller.objectId, I.webApp.objectId, I.containerApp.objectId]) {
        expect(grantsOf(emulator, objectId)).toHaveLength(1)
        expect(grantsOf(emulator, objectId)[0]?.principalType).toBe('ServicePrincipal')
      }
      expect(requestsTo(emulator, 'graph')).toHaveLength(0)
      expect(refusedApiVersions(emulator)).toEqual([])
      expect(result.outputs['principal-ids']).toBe(
        [I.caller.objectId, I.webApp.objectId, I.containerApp.objectId].join('\n')
      )
      expect(result.summary).toContain(`| ${lines[1]} | \`${I.webApp.objectId}\` | ServicePrincipal |`)
      // One provider look-up per namespace, whatever the number of resources of it.
      const providerReads = requestsTo(emulator, 'arm').filter((e) => /\/providers\/[^/]+$/i.test(e.path))
      expect(providerReads.map((e) => e.path.split('/').pop()).sort()).toEqual([
        'Microsoft.App',
        'Microsoft.ManagedIdentity',
        'Microsoft.Web'
      ])
    })
  })

  it('refuses a web app with only a user-assigned identity before any write, naming the identity to give', async () => {
    await withEmulator({}, async (emulator) => {
      const result = await act(emulator, { principal: idOf(emulator, I.webAppUserOnly) })
      expect(result.code).not.toBe(0)
      const error = errorOf(result)
      expect(error).toContain(`${idOf(emulator, I.webAppUserOnly)} has no system-assigned managed identity`)
      expect(error).toContain(idOf(emulator, I.caller.name))
      expect(writes(emulator)).toEqual([])
    })
  })

  it('refuses a mistyped identity ID before any write, naming the resource ID', async () => {
    await withEmulator({}, async (emulator) => {
      const mistyped = idOf(emulator, I.caller.name).replace('id-ai-caller', 'id-ai-calller')
      const result = await act(emulator, { principal: `self\n${mistyped}` })
      expect(result.code).not.toBe(0)
      expect(errorOf(result)).toContain(`the resource ${mistyped} was not found`)
      expect(writes(emulator)).toEqual([])
    })
  })

  it('shows the end of a long value that is not a principal', async () => {
    await withEmulator({}, async (emulator) => {
      const bad = `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/rg-identities/providers/Microsoft.Web/sites/app-x/extra`
      const result = await act(emulator, { principal: bad })
      expect(errorOf(result)).toContain('/providers/Microsoft.Web/sites/app-x/extra')
      expect(requestsTo(emulator, 'arm')).toEqual([])
    })
  })
})

describe("signed in as the runner's own identity", () => {
  const runner = { world: grantRunnerIdentities }
  const grantAndWait = { principal: 'self', 'wait-for-propagation': 'true', 'revoke-after-job': 'true' }

  it('managed identity: grants, waits and the post step removes the grant', async () => {
    await withEmulator(runner, async (emulator) => {
      const inputs = { ...grantAndWait, 'auth-type': 'managed-identity', 'client-id': I.runnerVm.clientId }
      const env = emulator.managedIdentityEnv()
      const main = await act(emulator, inputs, { env })
      expect(errorOf(main)).toBe('')
      expect(grantsOf(emulator, I.runnerVm.objectId)).toHaveLength(1)
      expect(main.outputs['propagation-seconds']).toMatch(/^\d+/)
      expect(requestsTo(emulator, 'identity').length).toBeGreaterThan(0)
      expect(requestsTo(emulator, 'github')).toEqual([])
      const post = await act(emulator, inputs, { env, entry: 'post', state: main.state })
      expect(errorOf(post)).toBe('')
      expect(grantsOf(emulator, I.runnerVm.objectId)).toHaveLength(0)
    })
  })

  it('workload identity: grants, waits and the post step removes the grant', async () => {
    await withEmulator(runner, async (emulator) => {
      const inputs = { ...grantAndWait, 'auth-type': 'workload-identity', 'client-id': I.runnerAks.clientId }
      const env = await emulator.workloadIdentityEnv()
      const main = await act(emulator, inputs, { env })
      expect(errorOf(main)).toBe('')
      expect(grantsOf(emulator, I.runnerAks.objectId)).toHaveLength(1)
      expect(main.outputs['propagation-seconds']).toMatch(/^\d+/)
      expect(requestsTo(emulator, 'github')).toEqual([])
      const post = await act(emulator, inputs, { env, entry: 'post', state: main.state })
      expect(errorOf(post)).toBe('')
      expect(grantsOf(emulator, I.runnerAks.objectId)).toHaveLength(0)
    })
  })

  it('managed identity with a client ID not attached to the VM: explains the usual causes, writes nothing', async () => {
    await withEmulator(runner, async (emulator) => {
      const inputs = { 'auth-type': 'managed-identity', 'client-id': I.caller.clientId }
      const result = await act(emulator, inputs, { env: emulator.managedIdentityEnv() })
      expect(result.code).not.toBe(0)
      expect(errorOf(result)).toContain(
        `user-assigned managed identity with client ID ${I.caller.clientId} failed`
      )
      expect(errorOf(result)).toContain('Identity not found')
      expect(writes(emulator)).toEqual([])
    })
  })

  it('workload identity without its token file: says what to set, before any request', async () => {
    await withEmulator(runner, async (emulator) => {
      const inputs = { 'auth-type': 'workload-identity', 'client-id': I.runnerAks.clientId }
      const result = await act(emulator, inputs)
      expect(errorOf(result)).toContain('AZURE_FEDERATED_TOKEN_FILE is not set')
      expect(emulator.journal).toEqual([])
    })
  })
})
