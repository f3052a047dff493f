// Prints the CHANGELOG.md section of one version, for the release workflow (`gh release create --notes-file`).
// Fails when the section is missing or still says "unreleased": a release is tagged only after its section is
// dated (see RELEASING.md).
//
//   node --import ./scripts/register-ts.js scripts/release-notes.ts 1.2.3 [CHANGELOG.md]
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'

/** `## 1.2.3 — 2026-11-28` or `## [1.2.3] - 2026-11-28`: the version, then anything after a space. */
const heading = (line: string): string | undefined => /^## \[?v?([^\]\s]+)\]?(?:\s|$)/.exec(line)?.[1]

/** The body of `version`'s section (without its heading), trimmed; throws with the fix when it cannot be used. */
export function releaseNotes(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/)
  const start = lines.findIndex((line) => heading(line) === version)
  if (start < 0) {
    throw new Error(
      `CHANGELOG.md has no section '## ${version} — <date>'. Add one before tagging v${version}.`
    )
  }
  if (/unreleased/i.test(lines[start] ?? '')) {
    throw new Error(
      `CHANGELOG.md still calls ${version} unreleased: replace 'unreleased' with the release date, then tag again.`
    )
  }
  const next = lines.findIndex((line, index) => index > start && line.startsWith('## '))
  const body = lines
    .slice(start + 1, next < 0 ? undefined : next)
    .join('\n')
    .trim()
  if (body === '') throw new Error(`CHANGELOG.md's section for ${version} is empty: say what changed.`)
  return body
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
  try {
    if (version === undefined) throw new Error('Usage: release-notes.ts VERSION [CHANGELOG.md]')
    process.stdout.write(`${releaseNotes(readFileSync(file, 'utf8'), version.replace(/^v/, ''))}\n`)
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`)
    process.exitCode = 1
  }
}
