// `npm run local-action [-- FILE]`: runs the TypeScript sources (src/main.ts) under @github/local-action (a pinned
// dev dependency, so no npx prompt) with the inputs and environment of FILE, `.env` by default. Node reads
// NODE_EXTRA_CA_CERTS only when it starts, before local-action loads FILE, so a NODE_EXTRA_CA_CERTS in FILE (the
// emulator's certificate authority, in the file `npm run emulator` writes) is passed on from here.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const file = process.argv[2] ?? '.env'

if (!existsSync(file)) {
  console.error(
    `${file} does not exist. For your own Azure account: cp .env.example .env, fill it in, az login. ` +
      'For the emulator: npm run emulator, then npm run local-action -- .emulator/local-action.env'
  )
  process.exit(1)
}

const ca = /^NODE_EXTRA_CA_CERTS=(.*)$/m
  .exec(readFileSync(file, 'utf8'))?.[1]
  ?.trim()
  .replace(/^"(.*)"$/, '$1')
const bin = join(root, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js')
const hook = join(root, 'scripts', 'sdk-source-hook.js')
// local-action runs the sources through tsx in a process of its own, which takes the hook from NODE_OPTIONS.
const nodeOptions = [process.env.NODE_OPTIONS ?? '', `--import=${pathToFileURL(hook).href}`].join(' ').trim()
const result = spawnSync(process.execPath, [bin, 'run', root, 'src/main.ts', file], {
  stdio: 'inherit',
  env: { ...process.env, NODE_OPTIONS: nodeOptions, ...(ca ? { NODE_EXTRA_CA_CERTS: ca } : {}) }
})
process.exitCode = result.status ?? 1
