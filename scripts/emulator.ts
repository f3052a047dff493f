// Starts the loopback Azure emulator on its own and prints what a runner would give the action
// (environment and inputs), then keeps it running until Ctrl-C. `npm run emulator`
import { startEmulator } from '../emulator/index.js'

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
console.log('\nEmulator running; press Ctrl-C to stop.')

let stopping = false
const stop = (): void => {
  if (stopping) return
  stopping = true
  void emulator.close().then(() => process.exit(0))
}
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
