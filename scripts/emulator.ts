// Starts the loopback Azure emulator on its own and prints what a runner would give the action (environment and
// inputs) and a ready `.env` for @github/local-action, which it also writes to .emulator/local-action.env (with the
// federated token file it renews), then keeps running until Ctrl-C. `npm run emulator`
import { mkdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { startEmulator } from '../emulator/index.js'
import { TOKEN_RENEWAL_MS, writeLocalActionFiles } from '../harness/local-action-env.js'

const emulator = await startEmulator({
  propagationDelayMs: Number(process.env.EMULATOR_PROPAGATION_DELAY_MS ?? 0),
  armLatencyMs: Number(process.env.EMULATOR_ARM_LATENCY_MS ?? 0)
})

const print = (title: string, values: Record<string, string>, prefix = ''): void => {
  console.log(`\n# ${title}`)
  for (const [k, v] of Object.entries(values)) console.log(`${prefix}${k}=${v}`)
}

print('Hosts', { ...emulator.urls, dataplane: await emulator.dataPlaneUrl() })
print('Runner environment (export these)', emulator.runnerEnv(), 'export ')
print('Action inputs', emulator.inputs())

const dir = '.emulator'
await mkdir(dir, { recursive: true })
const files = {
  envFile: join(dir, 'local-action.env'),
  tokenFile: join(process.cwd(), dir, 'federated-token')
}
const renew = await writeLocalActionFiles(emulator, files)
const renewal = setInterval(() => void renew(), TOKEN_RENEWAL_MS)
console.log(`\n# .env for local-action (written to ${files.envFile})`)
console.log((await readFile(files.envFile, 'utf8')).trim())
console.log(`\nIn another terminal: npm run local-action -- ${files.envFile}`)
console.log('\nEmulator running; press Ctrl-C to stop.')

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  clearInterval(renewal)
  void emulator.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
