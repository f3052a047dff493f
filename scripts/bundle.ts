// `npm run bundle`: builds dist/ from scratch with ncc's Node API, so nothing stale survives and nothing ships
// that the action never runs:
// - dist/ is deleted first;
// - packages imported only on paths the action never takes are replaced by stub modules (see STUBS), and the
//   bundle must import nothing but Node's built-in modules and those stubs: on a runner, dist/ has no
//   node_modules beside it;
// - no file is written executable, and a bundle that would need one fails the build;
// - dist/licenses.txt covers every package whose code the bundle contains (scripts/licenses.ts), and the build
//   fails when one of them ships no licence text;
// - ncc bundles, and esbuild minifies what ncc built (see minify).
import ncc from '@vercel/ncc'
import { transform } from 'esbuild'
import type { NccModuleStats } from '@vercel/ncc'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { duplicates, foreignImports, isExecutable, packagesInSeveralBuilds } from './bundle-checks.js'
import { bundledPackages, problems, renderLicences } from './licenses.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DIST = join(ROOT, 'dist')

/**
 * The action's entry point, for both steps of action.yml (`main` and `post`), and the action it loads: two builds
 * that share no module but the names in src/constants.ts. dist/index.js is small, so a post step with nothing to do
 * ends without compiling the rest, and it turns on V8's compile cache before it loads dist/app.js. Dynamic imports
 * inside each are marked `webpackMode: "eager"`, so each build is one file.
 */
const ENTRIES = [
  { entry: 'src/index.ts', file: 'index.js' },
  { entry: 'src/startup/app.ts', file: 'app.js' }
] as const

/** A module given as a data: URL, which Node imports without any file: what replaces a package left out. */
const stub = (source: string): string => `data:text/javascript,${encodeURIComponent(source)}`

/**
 * Packages left out of the bundle, each replaced by a stub that fails loudly if it is ever called:
 * - `open`: only @azure/identity's interactive browser sign-in imports it (the action never uses that credential),
 *   and it would ship an executable `xdg-open` script;
 * - `jsonwebtoken` (with semver, jws and lodash, about 70 kB): @azure/msal-node signs a client assertion with it
 *   only for a certificate credential; the action signs in with a GitHub ID token, a managed identity, a workload
 *   identity's token file or the Azure CLI, never with a certificate;
 * - `undici` (0.9 MB): @actions/http-client imports it only for `getAgentDispatcher()`, which neither
 *   @actions/core nor the action calls; evaluating it at every start costs memory and time.
 */
const STUBS: Readonly<Record<string, string>> = {
  open: stub(
    'export default function open() { throw new Error("open is not bundled: the action never opens a browser") }'
  ),
  jsonwebtoken: stub(
    'export default { sign() { throw new Error("jsonwebtoken is not bundled: the action never signs in with a certificate") } }'
  ),
  undici: stub(
    'export class ProxyAgent { constructor() { throw new Error("undici is not bundled: the action never uses ProxyAgent") } }'
  )
}

const FILE_MODE = 0o644

function moduleIds(modules: readonly NccModuleStats[] | undefined): string[] {
  return (modules ?? []).flatMap((m) => [m.identifier ?? m.name ?? '', ...moduleIds(m.modules)])
}

/**
 * Minifies one built file with esbuild rather than with ncc's own minifier (terser): on the same bundle, a grant to
 * self ran about 26 ms sooner from esbuild's output (spawn to exit, median of 15 alternating pairs: 182 ms against
 * 156 ms), and the file is smaller (683 kB against 782 kB). Licence comments are dropped: dist/licenses.txt carries
 * the licences.
 */
async function minify(code: string, file: string): Promise<string> {
  const result = await transform(code, {
    minify: true,
    format: 'esm',
    platform: 'node',
    target: 'es2023',
    legalComments: 'none',
    sourcefile: file
  })
  if (result.warnings.length > 0)
    throw new Error(`Minifying ${file}: ${result.warnings.map((w) => w.text).join('; ')}`)
  return result.code
}

async function build(entry: string, file: string): Promise<string[]> {
  const result = await ncc(join(ROOT, entry), {
    cache: false,
    externals: STUBS,
    minify: false,
    sourceMap: false,
    target: 'es2023',
    quiet: true
  })
  const dir = DIST
  mkdirSync(dir, { recursive: true })
  const code = await minify(result.code, file)
  writeFileSync(join(dir, file), code, { mode: FILE_MODE })
  for (const [name, asset] of Object.entries(result.assets)) {
    if (isExecutable(asset.permissions ?? 0)) {
      throw new Error(
        `${entry} bundles an executable file (${name}): find the package that ships it and leave it out.`
      )
    }
    mkdirSync(dirname(join(dir, name)), { recursive: true })
    writeFileSync(join(dir, name), asset.source, { mode: FILE_MODE })
  }
  if (Object.keys(result.symlinks).length > 0)
    throw new Error(`${entry} bundles symbolic links: leave them out.`)
  const chunks = Object.keys(result.assets).filter((name) => /\.[cm]?js$/.test(name))
  if (chunks.length > 0) {
    throw new Error(
      `${entry} split into ${chunks.join(', ')}, which the build does not minify: mark the dynamic import() that made ` +
        'each one /* webpackMode: "eager" */.'
    )
  }
  // The shipped code: the unminified build still holds the SDKs' doc comments, `import("@azure/identity")` among them.
  const scripts = [
    code,
    ...Object.entries(result.assets)
      .filter(([n]) => n.endsWith('.js'))
      .map(([, a]) => String(a.source))
  ]
  const foreign = [...new Set(scripts.flatMap(foreignImports))]
  if (foreign.length > 0) {
    throw new Error(
      `${entry} imports ${foreign.join(', ')} at run time, which a runner does not have next to dist/: ` +
        'bundle it, or replace it with a stub in STUBS (scripts/bundle.ts).'
    )
  }
  const modules = moduleIds(
    result.stats.toJson({ all: false, modules: true, nestedModules: true, ids: true }).modules
  )
  const twice = packagesInSeveralBuilds(modules)
  if (twice.length > 0) {
    throw new Error(
      `${entry} bundles packages in two builds: ${twice.map((p) => `${p.name} (${p.builds.join(', ')})`).join('; ')}. ` +
        'Import the build that the other importers use (see src/azure/authorization-sdk.ts).'
    )
  }
  return modules
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]
  )
}

async function main(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true })
  const modules: string[] = []
  for (const { entry, file } of ENTRIES) modules.push(...(await build(entry, file)))

  const packages = bundledPackages(modules)
  const missing = problems(packages)
  if (missing.length > 0) throw new Error(`Licence information missing:\n  ${missing.join('\n  ')}`)
  const left = packages.filter((p) => p.name in STUBS)
  if (left.length > 0) throw new Error(`The bundle still contains ${left.map((p) => p.name).join(', ')}.`)
  writeFileSync(join(DIST, 'licenses.txt'), renderLicences(packages), { mode: FILE_MODE })

  const twice = duplicates(new Map(files(DIST).map((file) => [relative(ROOT, file), readFileSync(file)])))
  if (twice.length > 0)
    throw new Error(`dist/ holds the same file twice: ${twice.map((g) => g.join(' = ')).join('; ')}`)

  const sizes = files(DIST).map((file) => [relative(ROOT, file), statSync(file).size] as const)
  const total = sizes.reduce((sum, [, size]) => sum + size, 0)
  for (const [file, size] of sizes) process.stdout.write(`${String(size).padStart(10)}  ${file}\n`)
  process.stdout.write(
    `${String(total).padStart(10)}  dist/ in all (${packages.length} third-party packages)\n`
  )
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
