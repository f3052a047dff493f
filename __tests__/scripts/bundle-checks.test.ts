// What the bundle script refuses: imports a runner cannot resolve, the same file twice, executable files.
import { describe, expect, it } from '@jest/globals'
import { duplicates, foreignImports, importSpecifiers, isExecutable } from '../../scripts/bundle-checks.js'

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
