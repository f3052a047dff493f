import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseBoolean } from '../../../src/inputs/validation.js'
import { compileCacheDir } from '../../../src/startup/compile-cache.js'
import { isPostStep, postMayHaveWork } from '../../../src/startup/post-work.js'

const REVOKE = 'INPUT_REVOKE-AFTER-JOB'

describe('the post step without work', () => {
  it('is every value the input reads as false (so the full post step would return at once)', () => {
    for (const value of ['', 'false', 'False', 'FALSE', '  false  ']) {
      expect(parseBoolean('revoke-after-job', value.trim(), false)).toBe(false)
      expect(postMayHaveWork({ [REVOKE]: value })).toBe(false)
    }
    expect(postMayHaveWork({})).toBe(false)
  })

  it('is never true, or a value the full post step must read and report on', () => {
    for (const value of ['true', 'True', ' TRUE', 'yes', 'maybe'])
      expect(postMayHaveWork({ [REVOKE]: value })).toBe(true)
  })

  it('is known by the mark the main step left in the state', () => {
    expect(isPostStep({ 'STATE_is-post': 'true' })).toBe(true)
    expect(isPostStep({})).toBe(false)
  })
})

describe('the compile cache', () => {
  it("lives in the job's temporary directory, or the system's when there is none", () => {
    expect(compileCacheDir({ RUNNER_TEMP: '/home/runner/work/_temp' })).toBe(
      '/home/runner/work/_temp/entra-inference-access-compile-cache'
    )
    expect(compileCacheDir({ RUNNER_TEMP: '' })).toBe(join(tmpdir(), 'entra-inference-access-compile-cache'))
  })
})

describe('the compile cache in a directory that cannot be written', () => {
  it('is simply not used: the step goes on', async () => {
    const { useCompileCache } = await import('../../../src/startup/compile-cache.js')
    const dir = mkdtempSync(join(tmpdir(), 'cc-unwritable-'))
    // A file where the directory would go: no one, not even root, can create the cache under it.
    const file = join(dir, 'a-file')
    writeFileSync(file, '')
    try {
      expect(useCompileCache({ RUNNER_TEMP: file })).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
