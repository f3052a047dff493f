// What the bundle script refuses: imports a runner cannot resolve, the same file twice, executable files.
import { describe, expect, it } from '@jest/globals'
import {
  duplicates,
  foreignImports,
  importSpecifiers,
  isExecutable,
  packagesInSeveralBuilds
} from '../../scripts/bundle-checks.js'

describe('importSpecifiers and foreignImports', () => {
  const code = [
    'import{createRequire as e}from"module";import*as t from"open";',
    "import*as r from'data:text/javascript,export%20class%20ProxyAgent%7B%7D';",
    'import "node:fs";export{x}from"./chunk.js";const u=await import("undici");const m=import("node:os");',
    'const s="import x from \\"not-code\\"";'
  ].join('\n')

  it('finds static imports, re-exports and dynamic imports, minified or not', () => {
    expect(importSpecifiers(code)).toEqual(
      expect.arrayContaining(['module', 'open', 'node:fs', './chunk.js', 'undici', 'node:os'])
    )
  })

  it("flags what only a node_modules folder could serve, not Node's built-ins, data: stubs or the bundle's own files", () => {
    expect(foreignImports(code).sort()).toEqual(['open', 'undici'])
  })
})

describe('duplicates', () => {
  it('groups files with the same bytes, whatever their names', () => {
    const files = new Map<string, string | Buffer>([
      ['dist/package.json', '{"type":"module"}'],
      ['dist/post/package.json', Buffer.from('{"type":"module"}')],
      ['dist/index.js', 'console.log(1)']
    ])
    expect(duplicates(files)).toEqual([['dist/package.json', 'dist/post/package.json']])
    expect(duplicates(new Map([['a', 'x']]))).toEqual([])
  })
})

describe('isExecutable', () => {
  it('is true when anyone may execute the file', () => {
    expect(isExecutable(0o755)).toBe(true)
    expect(isExecutable(0o744)).toBe(true)
    expect(isExecutable(0o100644)).toBe(false)
    expect(isExecutable(0o666)).toBe(false)
  })
})

describe('packagesInSeveralBuilds', () => {
  const nm = '/work/node_modules'
  it('names a package whose CommonJS and ES module builds are both bundled, with their folders', () => {
    const modules = [
      `${nm}/@azure/core-client/dist/esm/index.js`,
      `${nm}/@azure/core-client/dist/esm/serializer.js`,
      `${nm}/@azure/core-client/dist/commonjs/index.js`,
      `${nm}/@azure/arm-authorization/dist/index.js`,
      `${nm}/@azure/arm-authorization/dist-esm/src/index.js`,
      `./src/main.ts`
    ]
    expect(packagesInSeveralBuilds(modules)).toEqual([
      { name: '@azure/core-client', builds: ['dist/commonjs', 'dist/esm'] },
      { name: '@azure/arm-authorization', builds: ['dist', 'dist-esm/src'] }
    ])
  })

  it('passes one build with index modules in its subfolders, and the shared-state file an ES module build takes from its CommonJS sibling', () => {
    const modules = [
      `${nm}/@azure/core-client/dist/esm/index.js`,
      `${nm}/@azure/core-client/dist/commonjs/state-cjs.js`,
      `${nm}/semver/index.js`,
      `${nm}/semver/classes/index.js`,
      `${nm}/@azure/msal-node/dist/index.mjs`,
      `${nm}/@azure/msal-node/dist/cache/index.mjs`,
      `webpack/runtime/compat`
    ]
    expect(packagesInSeveralBuilds(modules)).toEqual([])
  })
})
