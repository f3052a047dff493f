// The repository's own workflows and the examples users copy: every action this repository runs is pinned to a
// full commit SHA with its version in a comment (as the README asks users to pin); the examples call the same
// major versions and give `id-token: write` only to the jobs that sign in; the release workflow publishes from a
// version tag; and the release notes come from CHANGELOG.md.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { releaseNotes } from '../../scripts/release-notes.js'
import { ROOT } from './action-metadata.js'

interface Job {
  readonly permissions?: unknown
  readonly uses?: unknown
  readonly steps?: readonly { readonly uses?: unknown }[]
}

interface Workflow {
  readonly on?: unknown
  readonly permissions?: unknown
  readonly jobs?: Record<string, Job>
}

const yamlFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => /\.ya?ml$/.test(name))
        .map((name) => join(dir, name))
    : []

const workflowFiles = yamlFiles(join(ROOT, '.github', 'workflows'))
const exampleFiles = yamlFiles(join(ROOT, 'examples'))

/** Every `uses:` line of a file, as written (with its comment): what a reviewer sees. */
const usesLines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .map((line) => /^\s*(?:-\s+)?uses:\s*(.+)$/.exec(line)?.[1]?.trim())
    .filter((value): value is string => value !== undefined)

const PINNED = /^([\w.-]+\/[\w./-]+)@([0-9a-f]{40}) # v(\d+)(?:\.\d+){0,2}$/

describe('.github/workflows', () => {
  it('holds CI on three systems, CodeQL, the dist/ check, the release and the Azure smoke test', () => {
    const names = workflowFiles.map((path) => relative(join(ROOT, '.github', 'workflows'), path))
    expect(names).toEqual(
      expect.arrayContaining(['ci.yml', 'codeql.yml', 'check-dist.yml', 'release.yml', 'azure-smoke.yml'])
    )
    const ci = parse(readFileSync(join(ROOT, '.github', 'workflows', 'ci.yml'), 'utf8')) as {
      jobs: Record<string, { strategy?: { matrix?: { os?: string[] } } }>
    }
    const systems = Object.values(ci.jobs).flatMap((job) => job.strategy?.matrix?.os ?? [])
    expect(systems).toEqual(expect.arrayContaining(['ubuntu-latest', 'windows-latest', 'macos-latest']))
  })

  it.each(workflowFiles.map((path) => [relative(ROOT, path), path]))(
    '%s pins every action to a commit SHA with its version',
    (_name, path) => {
      const unpinned = usesLines(path).filter((uses) => uses !== './' && !PINNED.test(uses))
      expect(unpinned).toEqual([])
    }
  )

  it('gives write permissions only to the jobs that need them', () => {
    for (const path of workflowFiles) {
      const workflow = parse(readFileSync(path, 'utf8')) as Workflow
      expect([relative(ROOT, path), workflow.permissions]).toEqual([
        relative(ROOT, path),
        { contents: 'read' }
      ])
    }
  })
})

describe('examples/', () => {
  /** The major version this repository's own workflows run, per action (from the pins' comments). */
  const majors = new Map<string, string>()
  for (const path of workflowFiles) {
    for (const uses of usesLines(path)) {
      const match = PINNED.exec(uses)
      if (match?.[1] !== undefined && match[3] !== undefined)
        majors.set(match[1].split('/').slice(0, 2).join('/'), match[3])
    }
  }

  it.each(exampleFiles.map((path) => [relative(ROOT, path), path]))(
    '%s calls the actions this repository runs at the same major version',
    (_name, path) => {
      const stale = usesLines(path)
        .map((uses) => /^([\w.-]+\/[\w.-]+)[^@]*@v(\d+)\b/.exec(uses))
        .filter((match): match is RegExpExecArray => match !== null)
        .filter((match) => majors.has(match[1] ?? '') && majors.get(match[1] ?? '') !== match[2])
        .map((match) => `${match[0]} (current: v${majors.get(match[1] ?? '')})`)
      expect(stale).toEqual([])
    }
  )

  it.each(exampleFiles.map((path) => [relative(ROOT, path), path]))(
    '%s grants id-token: write per job, never to the whole workflow',
    (_name, path) => {
      const workflow = parse(readFileSync(path, 'utf8')) as Workflow
      expect(JSON.stringify(workflow.permissions ?? {})).not.toContain('id-token')
      const signingIn = Object.entries(workflow.jobs ?? {}).filter(([, job]) =>
        (job.steps ?? []).some(
          (step) =>
            typeof step.uses === 'string' &&
            /login|entra-inference-access/.test(step.uses) &&
            // A runner's own managed or workload identity signs in without GitHub's ID token.
            !/^(managed|workload)-identity$/.test(
              String((step as { with?: Record<string, unknown> }).with?.['auth-type'] ?? '')
            )
        )
      )
      for (const [name, job] of signingIn) {
        expect([name, job.permissions]).toEqual([name, expect.objectContaining({ 'id-token': 'write' })])
      }
    }
  )

  it('uses azure/login at its current major version', () => {
    const logins = exampleFiles.flatMap(usesLines).filter((uses) => uses.startsWith('azure/login@'))
    expect(logins.length).toBeGreaterThan(0)
    for (const uses of logins) expect(uses).toBe('azure/login@v3')
  })
})

interface Step {
  readonly name?: string
  readonly if?: string
  readonly uses?: string
  readonly run?: string
  readonly with?: Record<string, unknown>
}

const workflow = <T>(name: string): T =>
  parse(readFileSync(join(ROOT, '.github', 'workflows', name), 'utf8')) as T

describe('the release workflow', () => {
  const release = workflow<{
    on: { push: { tags: string[] } }
    jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>
  }>('release.yml')
  const steps = Object.values(release.jobs).flatMap((job) => job.steps)
  const scripts = steps.map((step) => step.run ?? '')

  it('attests the build provenance of dist/ before it creates the release', () => {
    expect(Object.values(release.jobs).map((job) => job.permissions)).toEqual([
      { contents: 'write', 'id-token': 'write', attestations: 'write' }
    ])
    const attest = steps.findIndex(
      (step) => step.uses?.startsWith('actions/attest-build-provenance@') === true
    )
    const create = steps.findIndex((step) => step.run?.includes('gh release create') === true)
    expect(attest).toBeGreaterThan(0)
    expect(attest).toBeLessThan(create)
    expect(String(steps[attest]?.with?.['subject-path'])).toContain('dist/index.js')
  })

  it('runs on a version tag, checks dist/, publishes the CHANGELOG section and moves the major tag', () => {
    expect(release.on.push.tags).toEqual(['v*.*.*'])
    expect(scripts.some((run) => run.includes('git status --porcelain -- dist'))).toBe(true)
    expect(scripts.some((run) => run.includes('scripts/release-notes.ts'))).toBe(true)
    expect(scripts.some((run) => run.includes('gh release create'))).toBe(true)
    expect(scripts.some((run) => run.includes('git push --force origin "refs/tags/$MAJOR"'))).toBe(true)
  })
})

describe('the Azure smoke workflow', () => {
  const smoke = workflow<{
    on: Record<string, unknown>
    jobs: Record<string, { if?: string; environment?: string; steps: Step[] }>
  }>('azure-smoke.yml')
  const [job] = Object.values(smoke.jobs)
  const steps = job?.steps ?? []

  it('runs weekly and on demand, never for a pull request', () => {
    expect(Object.keys(smoke.on).sort()).toEqual(['schedule', 'workflow_dispatch'])
    expect(job?.if).toContain("github.event_name != 'pull_request'")
  })

  it('is skipped unless the repository variables name a test tenant, subscription, account and identity', () => {
    for (const name of [
      'AZURE_SMOKE_TENANT_ID',
      'AZURE_SMOKE_SUBSCRIPTION_ID',
      'AZURE_SMOKE_ACCOUNT_ID',
      'AZURE_SMOKE_CLIENT_ID'
    ])
      expect(job?.if).toContain(`vars.${name} != ''`)
    expect(job?.environment).toBe('azure-smoke')
  })

  it('grants with a wait, reports, revokes, and then fails on any leftover, whatever failed before', () => {
    const own = steps.filter((step) => step.uses === './')
    expect(own.map((step) => step.with?.mode ?? 'assign')).toEqual(['assign', 'report', 'revoke'])
    expect(own[0]?.with?.['wait-for-propagation']).toBe(true)
    expect(own[2]?.if).toContain('always()')
    const last = steps.at(-1)
    expect(last?.if).toBe('always()')
    expect(last?.run).toContain('az role assignment list')
    expect(last?.run).toContain('exit 1')
  })
})

describe('CI', () => {
  const ci = workflow<{ jobs: Record<string, { steps: Step[] }> }>('ci.yml')
  const scripts = Object.values(ci.jobs).flatMap((job) => job.steps.map((step) => step.run ?? ''))

  it('lints the workflows and the examples with actionlint, downloaded from a pinned commit', () => {
    const download = scripts.find((run) => run.includes('download-actionlint.bash'))
    expect(download).toMatch(/raw\.githubusercontent\.com\/rhysd\/actionlint\/[0-9a-f]{40}\//)
    const lint = scripts.find((run) => run.includes('$ACTIONLINT'))
    expect(lint).toContain('.github/workflows/*.yml')
    expect(lint).toContain('examples/*.yml')
  })
})

describe('the repository around the workflows', () => {
  const github = (path: string): string => readFileSync(join(ROOT, '.github', path), 'utf8')

  it('asks for a debug log in bug reports, offers a feature form, and sends vulnerabilities elsewhere', () => {
    const bug = parse(github('ISSUE_TEMPLATE/bug.yml')) as { body: { id?: string }[] }
    expect(bug.body.map((field) => field.id)).toEqual(expect.arrayContaining(['version', 'step', 'log']))
    expect(github('ISSUE_TEMPLATE/bug.yml')).toContain('ACTIONS_STEP_DEBUG')
    expect((parse(github('ISSUE_TEMPLATE/feature.yml')) as { body: unknown[] }).body.length).toBeGreaterThan(
      0
    )
    const config = parse(github('ISSUE_TEMPLATE/config.yml')) as { contact_links: { url: string }[] }
    expect(config.contact_links.map((link) => link.url)).toEqual(
      expect.arrayContaining([expect.stringContaining('/security/advisories/new')])
    )
  })

  it('names owners for dist/, action.yml and the workflows', () => {
    const owners = github('CODEOWNERS')
    for (const path of ['/dist/', '/action.yml', '/.github/'])
      expect(owners).toMatch(new RegExp(`^${path} +@`, 'm'))
  })
})

describe('release notes from CHANGELOG.md', () => {
  const changelog = [
    '# Changelog',
    '',
    '## 1.1.0 — 2026-12-01',
    '',
    '### Fixed',
    '',
    '- The post step survives a 404.',
    '',
    '## [1.0.0] - 2026-11-30',
    '',
    'First release.',
    '',
    '## 0.9.0 — unreleased',
    '',
    'Never shipped.'
  ].join('\n')

  it("are the version's section, without its heading and without the next one", () => {
    expect(releaseNotes(changelog, '1.1.0')).toBe('### Fixed\n\n- The post step survives a 404.')
    expect(releaseNotes(changelog, '1.0.0')).toBe('First release.')
  })

  it('refuse a version without a section, or one still marked unreleased', () => {
    expect(() => releaseNotes(changelog, '1.2.0')).toThrow("no section '## 1.2.0")
    expect(() => releaseNotes(changelog, '1.1')).toThrow('no section')
    expect(() => releaseNotes(changelog, '0.9.0')).toThrow("replace 'unreleased' with the release date")
  })

  it("find this repository's current version in CHANGELOG.md", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
    const text = readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8')
    // Unreleased until RELEASING.md's steps date it; the section must exist either way.
    expect(() => releaseNotes(text, version)).not.toThrow('no section')
  })
})
