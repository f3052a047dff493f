// Sign-in end to end (SPEC behaviour 2): OIDC checks before any request, federated-credential mismatches explained
// with the token's own claims, and the Azure CLI session of an earlier azure/login step reused.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from '@jest/globals'
import { DEFAULT_IDS } from '../../emulator/index.js'
import type { Emulator, EmulatorOptions } from '../../emulator/index.js'
import { act, emulatorFor, errorOf, grantsOf, writes } from './harness.js'

const SELF = DEFAULT_IDS.pipelineApp.objectId
const FAKE_AZ = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fake-az')
const NO_OIDC = { ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: '' }

describe('sign-in', () => {
  let emulator: Emulator
  let cleanup: string | undefined
  const start = async (options: EmulatorOptions = {}): Promise<Emulator> =>
    (emulator = await emulatorFor(options))
  afterEach(async () => {
    await emulator.close()
    if (cleanup !== undefined) await rm(cleanup, { recursive: true, force: true })
    cleanup = undefined
  })

  /** An `az` on PATH whose session holds tokens the emulator minted for the pipeline identity. */
  async function azureCliSession(): Promise<Record<string, string>> {
    cleanup = await mkdtemp(join(tmpdir(), 'fake-az-'))
    const session = join(cleanup, 'session.json')
    const token = (aud: string): string =>
      emulator.mintAccessToken({
        oid: SELF,
        aud,
        appid: DEFAULT_IDS.pipelineApp.clientId,
        idtyp: 'app',
        roles: ['Directory.Read.All']
      })
    const tokens = {
      [emulator.urls.arm]: token(`${emulator.urls.arm}/`),
      [emulator.urls.graph]: token(emulator.urls.graph)
    }
    await writeFile(
      session,
      JSON.stringify({ subscription: DEFAULT_IDS.subscriptionId, tenant: DEFAULT_IDS.tenantId, tokens })
    )
    return { PATH: `${FAKE_AZ}${delimiter}${process.env.PATH ?? ''}`, FAKE_AZ_SESSION: session }
  }

  it('explains a job without id-token: write before any request', async () => {
    await start()
    const result = await act(emulator, { 'auth-type': 'oidc' }, { env: NO_OIDC })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain('permissions: id-token: write')
    expect(errorOf(result)).toMatch(/forks/)
    expect(emulator.journal).toEqual([])
  })

  it('with auth-type auto, says both ways to sign in failed when there is neither OIDC nor an Azure CLI session', async () => {
    await start()
    const result = await act(
      emulator,
      {},
      { env: { ...NO_OIDC, PATH: `${FAKE_AZ}${delimiter}${process.env.PATH ?? ''}` } }
    )
    expect(result.code).toBe(1)
    expect(errorOf(result)).toMatch(/^GitHub gave this job no OIDC token/)
    expect(errorOf(result)).toContain('Azure CLI session')
    expect(result.stdout).toContain('id-token: write')
    expect(writes(emulator)).toEqual([])
  })

  it('shows the token subject, issuer and audience when no federated credential matches (AADSTS70021)', async () => {
    await start({ world: (w) => void (w.github.claims.sub = 'repo:octo-org/octo-repo:pull_request') })
    const result = await act(emulator, {})
    expect(result.code).toBe(1)
    const message = errorOf(result)
    expect(message).toMatch(/^Microsoft Entra ID rejected the GitHub OIDC token \(AADSTS70021\)/)
    expect(message).toContain("subject 'repo:octo-org/octo-repo:pull_request'")
    expect(message).toContain("issuer 'https://token.actions.githubusercontent.com'")
    expect(message).toContain("audience 'api://AzureADTokenExchange'")
    expect(message).toContain(DEFAULT_IDS.pipelineApp.clientId)
    expect(writes(emulator)).toEqual([])
  })

  it('explains the subject-only mismatch code (AADSTS700213) the same way', async () => {
    await start({
      federationErrors: 'specific',
      world: (w) => void (w.github.claims.sub = 'repo:octo-org/octo-repo:environment:prod')
    })
    const result = await act(emulator, {})
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain('AADSTS700213')
    expect(errorOf(result)).toContain("subject 'repo:octo-org/octo-repo:environment:prod'")
  })

  it('asks GitHub for the audience given, and names it when Entra does not accept it', async () => {
    await start()
    const result = await act(emulator, { audience: 'api://SomethingElse' })
    expect(result.code).toBe(1)
    expect(emulator.journal.find((e) => e.service === 'github')?.query.audience).toBe('api://SomethingElse')
    expect(errorOf(result)).toContain("audience 'api://SomethingElse'")
  })

  it('explains an unknown client ID (AADSTS700016)', async () => {
    await start()
    const result = await act(emulator, { 'client-id': '99999999-2222-4333-8444-000000000010' })
    expect(result.code).toBe(1)
    expect(errorOf(result)).toContain('AADSTS700016')
    expect(errorOf(result)).toContain('client-id')
  })

  it('reuses the Azure CLI session with auth-type azure-cli, taking the subscription from it', async () => {
    await start()
    const env = await azureCliSession()
    const inputs = {
      ...emulator.inputs(),
      'subscription-id': '',
      'client-id': '',
      'tenant-id': '',
      'auth-type': 'azure-cli'
    }
    const result = await act(emulator, inputs, { env: { ...env, ...NO_OIDC }, bare: true })
    expect(result.stdout + result.stderr).not.toContain('::error::')
    expect(result.code).toBe(0)
    expect(grantsOf(emulator, SELF)).toHaveLength(1)
    expect(emulator.journal.filter((e) => e.service === 'github' || e.service === 'login')).toEqual([])
  })

  it('falls back to the Azure CLI session with auth-type auto when there are no OIDC inputs', async () => {
    await start()
    const env = await azureCliSession()
    const result = await act(emulator, { 'client-id': '', 'tenant-id': '' }, { env: { ...env, ...NO_OIDC } })
    expect(result.code).toBe(0)
    expect(grantsOf(emulator, SELF)).toHaveLength(1)
  })
})
