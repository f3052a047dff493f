// The `.env` that points `npm run local-action` (@github/local-action running src/main.ts) at the loopback
// emulator. local-action stubs @actions/core's getIDToken() ("Not implemented"), so no GitHub OIDC sign-in can work
// under it: the action signs in with workload identity instead, from a file holding a GitHub ID token that the
// emulator minted for the pipeline's federated credential (scripts/emulator.ts renews it).
import { writeFile } from 'node:fs/promises'
import type { Emulator } from '../emulator/index.js'

/** GitHub ID tokens of the emulator live 5 minutes: a file renewed every minute always holds a valid one. */
export const TOKEN_RENEWAL_MS = 60_000

export interface LocalActionFiles {
  /** The `.env` for local-action. */
  readonly envFile: string
  /** The federated token file (AZURE_FEDERATED_TOKEN_FILE). */
  readonly tokenFile: string
}

/** A value as dotenv reads it back: quoted when it holds anything but plain characters. */
const value = (text: string): string => (/^[\w./:@+-]*$/.test(text) ? text : JSON.stringify(text))

/** The lines of the `.env`: the emulator's inputs, workload-identity sign-in, and its certificate authority. */
export function localActionEnv(
  emulator: Emulator,
  tokenFile: string,
  inputs: Record<string, string> = {}
): string {
  const all: Record<string, string> = {
    ...emulator.inputs(),
    'auth-type': 'workload-identity',
    principal: 'self',
    'wait-for-propagation': 'true',
    ...inputs
  }
  const { 'client-id': clientId = '', 'tenant-id': tenantId = '' } = all
  const lines = [
    '# Written by `npm run emulator`: run the sources against the emulator with',
    '#   npm run local-action -- .emulator/local-action.env',
    '# @github/local-action cannot mint GitHub ID tokens, so the action signs in with workload identity, from a',
    '# token file that the emulator renews every minute while it runs.',
    ...Object.entries(all).map(([name, text]) => `INPUT_${name.toUpperCase()}=${value(text)}`),
    `AZURE_CLIENT_ID=${value(clientId)}`,
    `AZURE_TENANT_ID=${value(tenantId)}`,
    `AZURE_FEDERATED_TOKEN_FILE=${value(tokenFile)}`,
    '# Node reads this when it starts: `npm run local-action` passes it on from this file.',
    `NODE_EXTRA_CA_CERTS=${value(emulator.caFile)}`,
    'ACTIONS_STEP_DEBUG=false'
  ]
  return `${lines.join('\n')}\n`
}

/** Writes the token file now (and returns a function that renews it) and the `.env`. */
export async function writeLocalActionFiles(
  emulator: Emulator,
  files: LocalActionFiles,
  inputs: Record<string, string> = {}
): Promise<() => Promise<void>> {
  const renew = (): Promise<void> => writeFile(files.tokenFile, emulator.githubIdToken(), { mode: 0o600 })
  await renew()
  await writeFile(files.envFile, localActionEnv(emulator, files.tokenFile, inputs))
  return renew
}
