// The licence file of dist/ lists exactly the packages whose modules are bundled, each with its licence texts, and
// the build refuses a package that ships none.
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { bundledPackages, packageDirs, problems, renderLicences } from '../../scripts/licenses.js'

const LOADERS =
  '/repo/node_modules/@vercel/ncc/dist/ncc/loaders/empty-loader.js!/repo/node_modules/@vercel/ncc/dist/ncc/loaders/shebang-loader.js!'
const native = (path: string): string => path.replaceAll('/', sep)

describe('packageDirs', () => {
  it('finds the innermost package of each module, scoped or not, behind webpack loaders and queries', () => {
    expect(
      packageDirs([
        `${LOADERS}/repo/node_modules/@actions/core/lib/core.js`,
        `javascript/esm|${LOADERS}/repo/node_modules/@actions/core/lib/summary.js|0123abcd`,
        `${LOADERS}/repo/node_modules/jws/node_modules/safe-buffer/index.js?ruleSet[1]`,
        `${LOADERS}/repo/src/main.ts`,
        'webpack/runtime/define property getters'
      ]).sort()
    ).toEqual([
      native('/repo/node_modules/@actions/core'),
      native('/repo/node_modules/jws/node_modules/safe-buffer')
    ])
  })
})

describe('bundledPackages and renderLicences', () => {
  const root = mkdtempSync(join(tmpdir(), 'licences-'))
  const pkg = (name: string, manifest: object, files: Record<string, string>): string => {
    const dir = join(root, 'node_modules', ...name.split('/'))
    mkdirSync(join(dir, 'lib'), { recursive: true })
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, ...manifest }))
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text)
    return join(dir, 'lib', 'index.js')
  }
  const core = pkg(
    '@actions/core',
    { version: '3.0.1', license: 'MIT', repository: { url: 'git+https://github.com/actions/toolkit.git' } },
    { 'LICENSE.md': 'The MIT License (MIT)\r\n\r\nCopyright 2019 GitHub\r\n', 'README.md': 'not a licence' }
  )
  const formatter = pkg(
    'ecdsa-sig-formatter',
    { version: '1.0.11', license: 'Apache-2.0' },
    { LICENSE: 'Apache License 2.0 ...', NOTICE: 'ecdsa-sig-formatter\nCopyright 2015 D2L Corporation' }
  )
  const bare = pkg('no-text', { version: '1.0.0', license: 'MIT' }, {})
  const undeclared = pkg('no-licence', { version: '0.1.0' }, { LICENSE: 'All rights reserved?' })

  it('reads every licence and notice file, and nothing else', () => {
    const [actions, sig] = bundledPackages([core, `${core}?again`, formatter])
    expect(actions).toEqual({
      name: '@actions/core',
      version: '3.0.1',
      license: 'MIT',
      repository: 'https://github.com/actions/toolkit',
      texts: [{ file: 'LICENSE.md', text: 'The MIT License (MIT)\n\nCopyright 2019 GitHub' }]
    })
    expect(sig?.texts.map((t) => t.file)).toEqual(['LICENSE', 'NOTICE'])
  })

  it('names a package that ships no licence text or declares no licence', () => {
    expect(problems(bundledPackages([core, formatter]))).toEqual([])
    expect(problems(bundledPackages([bare, undeclared]))).toEqual([
      'no-text@1.0.0 ships no licence text (LICENSE, COPYING or NOTICE)',
      'no-licence@0.1.0 declares no licence in its package.json'
    ])
  })

  it('writes one section per package, in name order, with each text in full', () => {
    const text = renderLicences(bundledPackages([formatter, core]))
    expect(text).toMatch(/^Third-party software bundled in dist\/: 2 packages\./)
    expect(text.indexOf('@actions/core 3.0.1 (MIT)')).toBeLessThan(
      text.indexOf('ecdsa-sig-formatter 1.0.11 (Apache-2.0)')
    )
    expect(text).toContain('NOTICE:\n\necdsa-sig-formatter\nCopyright 2015 D2L Corporation')
    expect(text).not.toContain('not a licence')
  })
})
