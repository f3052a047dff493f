// actionlint over the repository's workflows and the examples users copy, where actionlint is on PATH. CI
// downloads it (.github/workflows/ci.yml); elsewhere (Debian does not package it) this says it is skipped.
import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './action-metadata.js'

const found = spawnSync('actionlint', ['-version'], { encoding: 'utf8' })
const available = found.error === undefined && found.status === 0
const files = ['.github/workflows', 'examples'].flatMap((dir) =>
  readdirSync(join(ROOT, dir))
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => `${dir}/${name}`)
)

describe(available ? 'actionlint' : 'actionlint (SKIPPED: not on PATH; CI runs it)', () => {
  ;(available ? it : it.skip)('finds nothing wrong in .github/workflows and examples', () => {
    const result = spawnSync('actionlint', ['-no-color', ...files], { cwd: ROOT, encoding: 'utf8' })
    expect(result.stdout + result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
})
