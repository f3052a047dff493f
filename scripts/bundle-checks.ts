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
