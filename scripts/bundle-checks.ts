// Checks of a built dist/ that scripts/bundle.ts runs after each build, and tests run on the committed dist/:
// a bundle must run from a directory without node_modules, hold no file twice and no executable file.
import { createHash } from 'node:crypto'
import { isBuiltin } from 'node:module'

/** The module specifiers a bundle imports: static `import ... from "x"`, `export ... from "x"` and `import("x")`. */
export function importSpecifiers(code: string): string[] {
  const found = new Set<string>()
  const patterns = [
    /\b(?:import|export)\s*(?:[\w*${}\s,]+?\s*from\s*)?(["'])([^"'\n]+)\1/g,
    /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)/g
  ]
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.add(match[2] ?? '')
  return [...found].filter((specifier) => specifier !== '')
}

/** Imports that would need a file the runner does not have: anything but Node's built-ins and data: modules. */
export function foreignImports(code: string): string[] {
  return importSpecifiers(code).filter((s) => !isBuiltin(s) && !s.startsWith('data:') && !s.startsWith('./'))
}

/** Groups of files with the same content (by SHA-256), each group as its paths: a bundle holds none. */
export function duplicates(files: ReadonlyMap<string, Buffer | string>): string[][] {
  const byHash = new Map<string, string[]>()
  for (const [path, content] of files) {
    const hash = createHash('sha256').update(content).digest('hex')
    byHash.set(hash, [...(byHash.get(hash) ?? []), path])
  }
  return [...byHash.values()].filter((paths) => paths.length > 1)
}

/** Is a file mode executable by anyone? */
export const isExecutable = (mode: number): boolean => (mode & 0o111) !== 0

/**
 * Packages bundled from two of their builds, each with the folders of those builds: `@azure/core-client` from
 * `dist/esm` and `dist/commonjs`, say, when one importer takes its ES module build and another require()s its
 * CommonJS one. That is the same code compiled and evaluated twice at every start. A build shows as an `index`
 * module; two builds are two folders holding one, neither inside the other (a package's own `lib/x/index.js` is
 * not a second build of `lib/index.js`). The small shared-state modules an ES module build takes from its CommonJS
 * sibling on purpose are not index modules.
 */
export function packagesInSeveralBuilds(modulePaths: Iterable<string>): { name: string; builds: string[] }[] {
  const builds = new Map<string, Set<string>>()
  for (const raw of modulePaths) {
    const path = (raw.split('!').pop()?.split('?')[0] ?? '').replaceAll('\\', '/')
    const at = path.lastIndexOf('node_modules/')
    if (at < 0) continue
    const parts = path.slice(at + 'node_modules/'.length).split('/')
    const nameLength = parts[0]?.startsWith('@') ? 2 : 1
    const file = parts.at(-1) ?? ''
    if (!/^index\.[cm]?js$/.test(file)) continue
    const name = parts.slice(0, nameLength).join('/')
    const folder = parts.slice(nameLength, -1).join('/')
    builds.set(name, (builds.get(name) ?? new Set()).add(folder))
  }
  const inside = (folder: string, other: string): boolean =>
    other === '' || (folder !== other && folder.startsWith(`${other}/`))
  return [...builds]
    .map(([name, found]) => ({
      name,
      builds: [...found].filter((f) => ![...found].some((o) => o !== f && inside(f, o))).sort()
    }))
    .filter((p) => p.builds.length > 1)
}
