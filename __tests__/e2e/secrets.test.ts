// Secrets stay secret (SPEC behaviour 9) even with every debug switch on: the runner's step debug logging and the
// Azure SDK's own verbose logging. Every run of `act` is scanned for every token the emulator issued; these runs
// add the noisiest settings and the paths where tokens travel furthest (the wait, sign-in errors, the post step).
import { afterEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import type { Emulator } from '../../emulator/index.js'
import { act, emulatorFor } from './harness.js'

const DEBUG = { ACTIONS_STEP_DEBUG: 'true', RUNNER_DEBUG: '1', AZURE_LOG_LEVEL: 'verbose', DEBUG: '*' }

describe('secrets with debug logging on', () => {
  let emulator: Emulator
  afterEach(async () => {
    await emulator.close()
  })

  it('prints no token through a grant, a wait and the post step, only ::add-mask:: lines', async () => {
    emulator = await emulatorFor({ propagationDelayMs: 1_500 })
    const inputs = {
      principal: `self\nuser:${DEFAULT_IDS.users.alice.upn}`,
      'wait-for-propagation': 'true',
      'revoke-after-job': 'true'
    }
    const main = await act(emulator, inputs, { env: DEBUG })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain('::debug::')
    // The SDK's own log lines go to the step's debug log, not stderr.
    expect(main.stdout).toContain('::debug::azure:core-rest-pipeline')
    expect(main.stderr).not.toContain('azure:core-rest-pipeline')
    const post = await act(emulator, inputs, { env: DEBUG, entry: 'post', state: main.state })
    expect(post.code).toBe(0)
    const masks = new Set(
      (main.stdout + post.stdout).split('\n').filter((line) => line.startsWith('::add-mask::'))
    )
    const issued = emulator.issuedTokens.filter((token) => !token.minted).map((token) => token.token)
    // Every token the action received, in main or in post, was masked before anything else could print it.
    const unmasked = issued.filter((token) => !masks.has(`::add-mask::${token}`))
    expect(unmasked).toHaveLength(0)
    expect(issued.length).toBeGreaterThanOrEqual(4)
  }, 30_000)

  it('prints no token when sign-in fails and when Resource Manager refuses, with debug logging on', async () => {
    emulator = await emulatorFor({
      world: (w) => void (w.github.claims.sub = 'repo:octo-org/octo-repo:pull_request')
    })
    const rejected = await act(emulator, {}, { env: DEBUG })
    expect(rejected.code).toBe(1)
    emulator.world.github.claims.sub = DEFAULT_IDS.githubSubject
    const rbac = emulator.world.roleAssignments.find((a) => a.name === DEFAULT_IDS.pipelineRbacAssignment)
    if (rbac !== undefined) rbac.roleDefinitionGuid = 'b24988ac-6180-42a0-ab88-20f7382dd24c'
    const refused = await act(emulator, {}, { env: DEBUG })
    expect(refused.code).toBe(1)
  }, 30_000)
})
