// Every workflow a user may copy (examples/) or that runs this repository's own action (.github/workflows/) uses
// the action as action.yml defines it: only known inputs, every required input, and the permission OIDC needs.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { parse } from 'yaml'
import { readAction, ROOT } from './action-metadata.js'

interface Step {
  readonly uses?: unknown
  readonly with?: Record<string, unknown> | null
}

interface Job {
  readonly permissions?: unknown
  readonly steps?: readonly Step[]
  readonly uses?: unknown
}

interface Workflow {
  readonly on?: unknown
  readonly permissions?: unknown
  readonly jobs?: Record<string, Job>
}

const PUBLISHED = /^OWNER\/entra-inference-access@/

const action = readAction()
const inputNames = new Set(Object.keys(action.inputs))
const requiredInputs = Object.entries(action.inputs)
  .filter(([, input]) => input.required === true)
  .map(([name]) => name)

function yamlFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(dir, name))
}

const examples = yamlFiles(join(ROOT, 'examples'))
const workflows = [...examples, ...yamlFiles(join(ROOT, '.github', 'workflows'))]

const load = (path: string): Workflow => parse(readFileSync(path, 'utf8')) as Workflow

/** Steps that run this action: the published reference in examples, `./` in this repository's own workflows. */
function actionSteps(workflow: Workflow): { job: string; jobDef: Job; step: Step }[] {
  return Object.entries(workflow.jobs ?? {}).flatMap(([job, jobDef]) =>
    (jobDef.steps ?? [])
      .filter((step) => typeof step.uses === 'string' && (PUBLISHED.test(step.uses) || step.uses === './'))
      .map((step) => ({ job, jobDef, step }))
  )
}

/** Does a `permissions:` value let the job ask for an OIDC token? */
function grantsIdToken(permissions: unknown): boolean | undefined {
  if (permissions === undefined) return undefined
  if (permissions === 'write-all') return true
  return (
    typeof permissions === 'object' &&
    permissions !== null &&
    (permissions as Record<string, unknown>)['id-token'] === 'write'
  )
}

describe('examples/', () => {
  it('holds the workflows the README promises', () => {
    const names = examples.map((path) => relative(join(ROOT, 'examples'), path))
    expect(names).toEqual(
      expect.arrayContaining([
        'smoke-test-after-bicep.yml',
        'reusable-grant-access.yml',
        'call-reusable-workflow.yml',
        'matrix-several-accounts.yml',
        'integration-tests-temporary-access.yml',
        'parallel-jobs-shared-grant.yml',
        'reuse-azure-login.yml'
      ])
    )
  })

  it('references the action as OWNER/entra-inference-access@v1', () => {
    for (const path of examples) {
      const refs = actionSteps(load(path)).map(({ step }) => step.uses)
      for (const ref of refs)
        expect([relative(ROOT, path), ref]).toEqual([relative(ROOT, path), 'OWNER/entra-inference-access@v1'])
    }
  })

  it('shows the scenarios of the README', () => {
    const all = examples.map(load)
    const withInputs = all.flatMap((workflow) => actionSteps(workflow).map(({ step }) => step.with ?? {}))
    expect(
      withInputs.some(
        (inputs) => inputs['wait-for-propagation'] === true && inputs['probe-model'] !== undefined
      )
    ).toBe(true)
    expect(withInputs.some((inputs) => inputs['revoke-after-job'] === true)).toBe(true)
    expect(withInputs.some((inputs) => inputs['auth-type'] === 'azure-cli')).toBe(true)
    expect(withInputs.some((inputs) => inputs.mode === 'revoke')).toBe(true)
    expect(
      all.some(
        (workflow) =>
          typeof workflow.on === 'object' && workflow.on !== null && 'workflow_call' in workflow.on
      )
    ).toBe(true)
    expect(
      all.some((workflow) =>
        Object.values(workflow.jobs ?? {}).some((job) => JSON.stringify(job).includes('"matrix"'))
      )
    ).toBe(true)
  })
})

describe.each(workflows.map((path) => [relative(ROOT, path), path] as const))('%s', (_name, path) => {
  const workflow = load(path)
  const steps = actionSteps(workflow)

  it('is a workflow with jobs', () => {
    expect(workflow.on).toBeDefined()
    expect(Object.keys(workflow.jobs ?? {}).length).toBeGreaterThan(0)
  })

  it('gives the action only inputs that action.yml declares, and every required one', () => {
    for (const { job, step } of steps) {
      const given = Object.keys(step.with ?? {})
      expect({ job, unknown: given.filter((name) => !inputNames.has(name)) }).toEqual({ job, unknown: [] })
      expect({ job, missing: requiredInputs.filter((name) => !given.includes(name)) }).toEqual({
        job,
        missing: []
      })
    }
  })

  it('lets every job that signs in with OIDC ask for a token', () => {
    for (const { job, jobDef, step } of steps) {
      if (
        ['azure-cli', 'managed-identity', 'workload-identity'].includes(
          String((step.with ?? {})['auth-type'])
        )
      )
        continue
      // The e2e workflow gets its OIDC variables from the emulator, on purpose without the permission.
      if (step.uses === './') continue
      const granted = grantsIdToken(jobDef.permissions) ?? grantsIdToken(workflow.permissions) ?? false
      expect({ job, idTokenWrite: granted }).toEqual({ job, idTokenWrite: true })
    }
  })
})

it('finds the workflows to check', () => {
  expect(workflows.length).toBeGreaterThanOrEqual(examples.length)
  expect(examples.length).toBeGreaterThan(0)
})
