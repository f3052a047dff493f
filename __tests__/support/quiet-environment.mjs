// The Node test environment, quiet: workflow commands that @actions/core writes to stdout (`::debug::`,
// `::warning::`, `::add-mask::`...) when a test runs a module with the real core are kept back, and printed only
// under a test that failed, where they help. Tests that check a log line capture it themselves (fixtures/core.ts).
import { TestEnvironment } from 'jest-environment-node'

const COMMAND = /^::[a-z-]+(?: [^:]*)?::/

export default class QuietEnvironment extends TestEnvironment {
  /** The lines kept back during the current test. */
  kept = []
  /** The stream's own write, to restore and to print with. */
  write = process.stdout.write

  async setup() {
    await super.setup()
    const write = this.write
    const kept = this.kept
    process.stdout.write = function quietWrite(chunk, ...rest) {
      if (typeof chunk === 'string' && COMMAND.test(chunk)) {
        kept.push(chunk)
        const done = rest.find((arg) => typeof arg === 'function')
        if (done !== undefined) done()
        return true
      }
      return write.call(this, chunk, ...rest)
    }
  }

  async teardown() {
    process.stdout.write = this.write
    await super.teardown()
  }

  handleTestEvent(event) {
    if (event.name === 'test_start') this.kept.length = 0
    if (event.name === 'test_done' && event.test.errors.length > 0 && this.kept.length > 0) {
      this.write.call(
        process.stdout,
        `\nWorkflow commands written during the failed test "${event.test.name}":\n${this.kept.join('')}`
      )
      this.kept.length = 0
    }
  }
}
