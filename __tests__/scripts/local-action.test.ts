// `npm run local-action` as a contributor runs it: @github/local-action (the pinned dev dependency, no npx prompt)
// runs the TypeScript sources against the emulator, with the `.env` that `npm run emulator` writes.
// local-action stubs @actions/core's getIDToken() ("Not implemented"), so GitHub OIDC cannot work under it: the
// action must say that, not send the user to add a permission; the emulator's `.env` signs in with workload
// identity from a token file instead.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { appendFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DEFAULT_IDS, startEmulator } from '../../emulator/index.js'
import type { Emulator } from '../../emulator/index.js'
import { writeLocalActionFiles } from '../../harness/local-action-env.js'
import { readAction, ROOT } from '../docs/action-metadata.js'

/** The command behind `npm run local-action -- FILE`, with the project's Node; its output, whatever it prints. */
function localAction(envFile: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', './scripts/register-ts.js', 'scripts/local-action.ts', envFile],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() } }
    )
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, output }))
  })
}

const SELF = 'self'
const grantsToSelf = (emulator: Emulator): number =>
  emulator.world.roleAssignments.filter((a) => a.principalId === DEFAULT_IDS.pipelineApp.objectId).length
const supportsWorkloadIdentity = String(readAction().inputs['auth-type']?.description ?? '').includes(
  'workload-identity'
)

describe('npm run local-action against the emulator', () => {
  let emulator: Emulator
  let dir: string

  beforeAll(async () => {
    emulator = await startEmulator()
    dir = await mkdtemp(join(tmpdir(), 'local-action-'))
  })

  afterAll(async () => {
    await emulator?.close()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })

  it('runs the sources, and with GitHub OIDC says that no OIDC token service is available, not which permission to add', async () => {
    const files = { envFile: join(dir, 'oidc.env'), tokenFile: join(dir, 'token') }
    await writeLocalActionFiles(emulator, files, { 'auth-type': 'oidc', principal: SELF })
    // Even with the OIDC request variables set, local-action's getIDToken() never asks for a token.
    const runner = emulator.runnerEnv()
    await appendFile(
      files.envFile,
      `ACTIONS_ID_TOKEN_REQUEST_URL=${runner.ACTIONS_ID_TOKEN_REQUEST_URL}\n` +
        `ACTIONS_ID_TOKEN_REQUEST_TOKEN=${runner.ACTIONS_ID_TOKEN_REQUEST_TOKEN}\n`
    )
    const before = grantsToSelf(emulator)
    const { output } = await localAction(files.envFile)
    // The sources ran: they read the emulator's cloud metadata through its certificate authority.
    expect(output).toContain('Signing in to Custom (https://127.0.0.1:')
    expect(output).toContain('no GitHub OIDC token service is available here')
    expect(output).not.toContain('permissions: id-token: write')
    expect(grantsToSelf(emulator)).toBe(before)
  }, 120_000)

  // Until `auth-type: workload-identity` exists (another change adds it), the `.env` cannot sign in yet.
  ;(supportsWorkloadIdentity ? it : it.skip)(
    "grants with the emulator's own .env, signing in with workload identity from its token file",
    async () => {
      const files = { envFile: join(dir, 'local-action.env'), tokenFile: join(dir, 'federated-token') }
      await writeLocalActionFiles(emulator, files)
      const before = grantsToSelf(emulator)
      const { output } = await localAction(files.envFile)
      expect(output).not.toContain('::error::')
      expect(grantsToSelf(emulator)).toBe(before + 1)
    },
    120_000
  )
})
