// Runs the bundled action the way a GitHub runner does: a fresh node process on the script action.yml names for
// the step (`runs.main` or `runs.post`), inputs as INPUT_<NAME> variables, file commands in temp files, the main
// step's state as STATE_<name> for the post step, a clean environment.
// Asynchronous on purpose: the emulator lives in the test process and must keep answering meanwhile.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { State } from '../src/constants.js'
import { parseFileCommands } from './file-commands.js'

export interface RunActionOptions {
  inputs?: Record<string, string>
  /** Extra environment (e.g. emulator.runnerEnv()); wins over the runner defaults. */
  env?: Record<string, string>
  entry?: 'main' | 'post'
  /** State saved by the main step, given to the post step as STATE_<name>. */
  state?: Record<string, string>
  /** Script to run instead of action.yml's `runs.main` / `runs.post` (for testing the harness itself). */
  script?: string
  timeoutMs?: number
  /**
   * Called with the running process, e.g. to cancel it as a runner does (`SIGINT`, then `SIGTERM`) or kill it
   * (`SIGKILL`) at a chosen request (see emulator.onRequest). State and outputs written until then are kept.
   */
  onStart?: (child: ChildProcess) => void
}

export interface RunActionResult {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  summary: string
  durationMs: number
}

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')

/** The scripts action.yml names for the main and the post step, as the runner reads them. */
async function actionScripts(): Promise<{ main: string; post: string }> {
  const runs = (
    parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { runs: { main: string; post: string } }
  ).runs
  return { main: join(ROOT, runs.main), post: join(ROOT, runs.post) }
}

/**
 * What a Windows process cannot do without (SystemRoot for sockets and crypto, ComSpec and PATHEXT for `cmd.exe`
 * and finding `az.cmd`, the temporary folders): a runner always has them; elsewhere, nothing.
 */
function windowsEssentials(): Record<string, string> {
  if (process.platform !== 'win32') return {}
  const names = [
    'SystemRoot',
    'SystemDrive',
    'windir',
    'ComSpec',
    'PATHEXT',
    'TEMP',
    'TMP',
    'USERPROFILE',
    'APPDATA'
  ]
  return Object.fromEntries(
    names.flatMap((name) => (process.env[name] === undefined ? [] : [[name, process.env[name]]]))
  )
}

/** `INPUT_` + name upper-cased with spaces as underscores; hyphens are kept, as the runner does. */
export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`

export async function runAction(options: RunActionOptions = {}): Promise<RunActionResult> {
  const entry = options.entry ?? 'main'
  const script = options.script ?? (await actionScripts())[entry]
  const dir = await mkdtemp(join(tmpdir(), 'run-action-'))
  const files = {
    GITHUB_OUTPUT: join(dir, 'output.txt'),
    GITHUB_STATE: join(dir, 'state.txt'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
    GITHUB_ENV: join(dir, 'env.txt'),
    GITHUB_PATH: join(dir, 'path.txt')
  }
  await Promise.all(Object.values(files).map((f) => writeFile(f, '')))
  const env: Record<string, string> = {
    ...windowsEssentials(),
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_REPOSITORY_OWNER: 'octo-org',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_RUN_ID: '4242424242',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octocat',
    GITHUB_JOB: 'deploy',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_SHA: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKSPACE: dir,
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...files
  }
  for (const [name, value] of Object.entries(options.inputs ?? {})) env[inputVariable(name)] = value
  if (entry === 'post') {
    // The main step writes this mark before anything else, so a post step always has it, also in a test that
    // gives the post step a state of its own making.
    env[`STATE_${State.IsPost}`] = 'true'
    for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value
  }
  Object.assign(env, options.env ?? {})

  const started = Date.now()
  try {
    const { code, stdout, stderr } = await new Promise<{
      code: number | null
      stdout: string
      stderr: string
    }>((done, fail) => {
      const child = spawn(process.execPath, [script], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
      options.onStart?.(child)
      let stdout = ''
      let stderr = ''
      child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000)
      child.on('error', (e) => (clearTimeout(timer), fail(e)))
      child.on('close', (c) => (clearTimeout(timer), done({ code: c, stdout, stderr })))
    })
    const [output, state, summary] = await Promise.all([
      readFile(files.GITHUB_OUTPUT, 'utf8'),
      readFile(files.GITHUB_STATE, 'utf8'),
      readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
    ])
    return {
      code,
      stdout,
      stderr,
      outputs: parseFileCommands(output),
      state: parseFileCommands(state),
      summary,
      durationMs: Date.now() - started
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
