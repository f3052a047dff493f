// The committed dist/ as a runner gets it: one bundle for both steps, small, nothing executable, no file twice,
// a licence text for every bundled package, and it runs from a checkout that has no node_modules.
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { runAction } from '../../harness/run-action.js'
import { duplicates, foreignImports, isExecutable } from '../../scripts/bundle-checks.js'
import { ROOT } from '../docs/action-metadata.js'
import { act, emulatorFor } from './harness.js'

const DIST = join(ROOT, 'dist')
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]
  )
const distFiles = files(DIST)

describe('dist/', () => {
  it('is a small entry, the action it loads, its licence file and the module marker, 2.5 MB at most', () => {
    expect(distFiles.map((f) => relative(DIST, f)).sort()).toEqual([
      'app.js',
      'index.js',
      'licenses.txt',
      'package.json'
    ])
    const bytes = distFiles.reduce((sum, f) => sum + statSync(f).size, 0)
    expect(bytes).toBeLessThanOrEqual(2.5 * 1024 * 1024)
  })

  it('holds no executable file and no file twice', () => {
    if (process.platform !== 'win32') {
      expect(distFiles.filter((f) => isExecutable(statSync(f).mode)).map((f) => relative(DIST, f))).toEqual(
        []
      )
    }
    expect(duplicates(new Map(distFiles.map((f) => [f, readFileSync(f)])))).toEqual([])
  })

  it("imports nothing but Node's built-ins and its own stubs", () => {
    for (const file of ['index.js', 'app.js'])
      expect(foreignImports(readFileSync(join(DIST, file), 'utf8'))).toEqual([])
  })

  it('names every package the action needs at run time in licenses.txt, each with its licence text', () => {
    const text = readFileSync(join(DIST, 'licenses.txt'), 'utf8')
    const sections = text.split(/^={80}$/m).slice(1, -1)
    const names = sections.map((s) => s.trim().split('\n')[0]?.split(' ')[0])
    expect(names).toEqual(
      expect.arrayContaining([
        '@actions/core',
        '@actions/http-client',
        '@actions/exec',
        '@actions/io',
        '@azure/identity',
        '@azure/msal-node',
        '@azure/core-rest-pipeline',
        '@azure/arm-authorization',
        'tslib'
      ])
    )
    expect(names).not.toContain('open')
    expect(names).not.toContain('undici')
    expect(names).not.toContain('jsonwebtoken')
    for (const section of sections) expect(section.split(/^-{80}$/m).length).toBeGreaterThan(1)
  })
})

describe("what a step leaves unloaded: Node's undici, behind the FormData global", () => {
  it('dist/app.js never constructs a FormData (dist/index.js removes that global)', () => {
    expect(readFileSync(join(DIST, 'app.js'), 'utf8')).not.toMatch(/\bnew FormData\b|\bFormData\(/)
  })

  it('a first grant to self signs in, reads and writes without Node loading undici', async () => {
    // Prints, as the process exits, the built-in modules it loaded whose name holds "undici".
    const probe = encodeURIComponent(
      'process.on("exit",()=>process.stderr.write("loaded:"+process.moduleLoadList.filter(m=>m.includes("undici")).join(",")+"\\n"))'
    )
    const emulator = await emulatorFor()
    try {
      const result = await act(
        emulator,
        {},
        { env: { NODE_OPTIONS: `--import=data:text/javascript,${probe}` } }
      )
      expect(result.code).toBe(0)
      expect(result.outputs.changed).toBe('true')
      expect(result.stderr).toContain('loaded:\n')
    } finally {
      await emulator.close()
    }
  })
})

describe('dist/index.js loads the action (dist/app.js) only when there is work', () => {
  it('a post step without revoke-after-job ends without it; a main step needs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'action-entry-only-'))
    try {
      cpSync(DIST, join(dir, 'dist'), { recursive: true })
      rmSync(join(dir, 'dist', 'app.js'))
      const script = join(dir, 'dist', 'index.js')
      const post = await runAction({ script, entry: 'post', inputs: { 'revoke-after-job': 'false' } })
      expect([post.code, post.stdout, post.stderr]).toEqual([0, '', ''])
      const main = await runAction({ script, inputs: {} })
      expect(main.code).not.toBe(0)
      expect(main.stderr).toContain('app.js')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('dist/index.js from a checkout without node_modules', () => {
  it('starts and reports a missing input, as on a runner', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'action-checkout-'))
    try {
      cpSync(DIST, join(dir, 'dist'), { recursive: true })
      const result = await runAction({ script: join(dir, 'dist', 'index.js'), inputs: {} })
      expect(result.stderr).not.toContain('ERR_MODULE_NOT_FOUND')
      expect(result.code).toBe(1)
      expect(result.stdout).toMatch(/::error::Input '[a-z-]+'/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
