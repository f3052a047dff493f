// How fast the action notices that a new role assignment works, and how hard it knocks meanwhile; next to what
// users do today: a fixed `sleep 300`, and polling the endpoint once a second.
import { DEFAULT_IDS, ROLE_IDS } from '../emulator/index.js'
import type { Emulator } from '../emulator/index.js'
import { COGNITIVE_AUDIENCE, MODELS_READ, SELF, runOnEmulator, withEmulator } from './support/action.js'
import { pollUntilOk } from './support/naive-poll.js'
import { fixed, judged, max, median, sum, verdict } from './support/stats.js'
import type { Benchmark, BenchOptions, BenchResult, Goal, Table } from './support/types.js'

const DELAYS_S = [2, 5, 15, 30] as const
const FIXED_SLEEP_S = 300
const NAIVE_PERIOD_MS = 1_000
const TARGET = { medianS: 2, worstS: 5, probesPerS: 0.5 } as const

type Approach = 'action' | 'naive' | 'sleep'
const APPROACHES: readonly Approach[] = ['action', 'naive', 'sleep']
const LABEL: Record<Approach, string> = {
  action: 'the action (wait-for-propagation)',
  naive: 'poll every 1 s',
  sleep: `sleep ${FIXED_SLEEP_S}`
}

interface Sample {
  readonly delayS: number
  readonly approach: Approach
  /** First successful answer minus the moment access became effective. */
  readonly latencyS: number
  /** Process exit minus the moment access became effective (the action only). */
  readonly exitLatencyS?: number
  readonly probes: number
  /** From the assignment's creation to the first successful answer. */
  readonly waitS: number
  /** The action's own output, for comparison. */
  readonly propagationSecondsOutput?: string
}

/** When the emulator's data plane starts honouring the assignment for `self`, and when it first said 200. */
function timeline(emulator: Emulator): { createdOn: number; effectiveAt: number; firstOkAt: number } {
  const assignment = emulator.world.roleAssignments.find(
    (a) => a.principalId === SELF && a.roleDefinitionGuid === ROLE_IDS.cognitiveServicesUser
  )
  const effectiveAt = emulator.accessEffectiveAt(SELF, DEFAULT_IDS.account, MODELS_READ)
  const firstOk = emulator.dataPlaneAnswers.find((a) => a.principalId === SELF && a.status === 200)
  if (assignment === undefined || effectiveAt === undefined || firstOk === undefined)
    throw new Error('The emulator saw no assignment for self, or no successful data-plane answer.')
  return { createdOn: assignment.createdOn, effectiveAt, firstOkAt: firstOk.at }
}

async function measureAction(delayS: number): Promise<Sample> {
  return withEmulator({ propagationDelayMs: delayS * 1000 }, async (emulator) => {
    const { result, exitedAt } = await runOnEmulator(
      emulator,
      { principal: 'self', 'wait-for-propagation': 'true' },
      { timeoutMs: (delayS + 90) * 1000 }
    )
    const { createdOn, effectiveAt, firstOkAt } = timeline(emulator)
    return {
      delayS,
      approach: 'action',
      latencyS: (firstOkAt - effectiveAt) / 1000,
      exitLatencyS: (exitedAt - effectiveAt) / 1000,
      probes: emulator.journal.filter((entry) => entry.service === 'dataplane').length,
      waitS: (firstOkAt - createdOn) / 1000,
      propagationSecondsOutput: result.outputs['propagation-seconds']
    }
  })
}

/** `az role assignment create`, then `until curl ...; do sleep 1; done`, with the assignment made in the world. */
async function measureNaive(delayS: number): Promise<Sample> {
  return withEmulator({ propagationDelayMs: delayS * 1000 }, async (emulator) => {
    const url = `${await emulator.dataPlaneUrl()}/openai/v1/models`
    const token = emulator.mintAccessToken({
      oid: SELF,
      aud: COGNITIVE_AUDIENCE,
      appid: DEFAULT_IDS.pipelineApp.clientId
    })
    // Resource Manager stored the assignment a moment before `az` returned and the loop began: a random part of a
    // second, so that the loop's phase is not locked to the whole-second delays (which would make it look instant).
    const now = Date.now()
    const createdOn = now - Math.random() * NAIVE_PERIOD_MS
    emulator.world.roleAssignments.push({
      name: '0b5e1c1e-0000-4000-8000-00000000be00',
      scope: `/subscriptions/${DEFAULT_IDS.subscriptionId}/resourceGroups/${DEFAULT_IDS.resourceGroup}/providers/Microsoft.CognitiveServices/accounts/${DEFAULT_IDS.account}`,
      roleDefinitionGuid: ROLE_IDS.cognitiveServicesUser,
      principalId: SELF,
      principalType: 'ServicePrincipal',
      description: 'bench: naive polling',
      condition: null,
      createdOn,
      updatedOn: createdOn,
      createdBy: null,
      updatedBy: null
    })
    const poll = await pollUntilOk(url, token, emulator.caPem, NAIVE_PERIOD_MS, now + (delayS + 60) * 1000)
    if (poll.succeededAt === undefined) throw new Error(`Polling every second never got a 200 (${url}).`)
    const { effectiveAt, firstOkAt } = timeline(emulator)
    return {
      delayS,
      approach: 'naive',
      latencyS: (firstOkAt - effectiveAt) / 1000,
      probes: poll.attempts.length,
      waitS: (firstOkAt - createdOn) / 1000
    }
  })
}

/** A fixed sleep needs no run: it ends 300 s after the assignment, whatever the delay, and sends nothing. */
const fixedSleep = (delayS: number): Sample => ({
  delayS,
  approach: 'sleep',
  latencyS: FIXED_SLEEP_S - delayS,
  probes: 0,
  waitS: FIXED_SLEEP_S
})

interface Summary {
  readonly runs: number
  readonly medianS: number
  readonly worstS: number
  readonly medianExitS: number
  readonly medianProbes: number
  readonly medianWaitS: number
  /** All probes over all waiting: what the endpoint sees. */
  readonly probesPerS: number
}

function summarize(samples: readonly Sample[]): Summary {
  const latencies = samples.map((s) => s.latencyS)
  const exits = samples.flatMap((s) => (s.exitLatencyS === undefined ? [] : [s.exitLatencyS]))
  return {
    runs: samples.length,
    medianS: median(latencies),
    worstS: max(latencies),
    medianExitS: median(exits),
    medianProbes: median(samples.map((s) => s.probes)),
    medianWaitS: median(samples.map((s) => s.waitS)),
    probesPerS: sum(samples.map((s) => s.probes)) / sum(samples.map((s) => s.waitS))
  }
}

const meets = (s: Summary) => ({
  median: s.medianS <= TARGET.medianS,
  worst: s.worstS <= TARGET.worstS,
  probes: s.probesPerS <= TARGET.probesPerS
})

function resultsTable(samples: readonly Sample[]): Table {
  const row = (delay: string, approach: Approach, subset: readonly Sample[]): string[] => {
    const s = summarize(subset)
    return [
      delay,
      LABEL[approach],
      String(s.runs),
      fixed(s.medianS),
      fixed(s.worstS),
      approach === 'action' ? fixed(s.medianExitS) : '–',
      fixed(s.medianProbes, 0),
      fixed(s.medianWaitS, 1),
      fixed(s.probesPerS)
    ]
  }
  const rows: string[][] = []
  for (const delayS of DELAYS_S) {
    for (const approach of APPROACHES)
      rows.push(
        row(
          `${delayS} s`,
          approach,
          samples.filter((s) => s.delayS === delayS && s.approach === approach)
        )
      )
  }
  for (const approach of APPROACHES)
    rows.push(
      row(
        'all',
        approach,
        samples.filter((s) => s.approach === approach)
      )
    )
  return {
    title: 'Propagation: detection latency and probes',
    columns: [
      'delay',
      'approach',
      'runs',
      'latency median s',
      'latency worst s',
      'exit latency median s',
      'probes (median)',
      'wait s (median)',
      'probes/s'
    ],
    rows,
    notes: [
      'latency = first 200 from the data plane (emulator.dataPlaneAnswers) − emulator.accessEffectiveAt(self);',
      'exit latency = the action process had exited − accessEffectiveAt(self); wait = assignment created → first 200;',
      'probes/s = all data-plane requests / all seconds of waiting (pooled over the runs of the row).',
      `sleep ${FIXED_SLEEP_S} is computed (latency ${FIXED_SLEEP_S} − delay, no probes); poll every 1 s runs for real,`,
      'concurrently with the action run of the same delay, each on its own emulator; its first request goes out',
      'a random part of a second after the assignment was stored (as when `az role assignment create` returns).'
    ]
  }
}

function targetsTable(samples: readonly Sample[]): Table {
  const row = (label: string, subset: readonly Sample[]): string[] => {
    const s = summarize(subset)
    const ok = meets(s)
    return [
      label,
      judged(s.medianS, ok.median),
      judged(s.worstS, ok.worst),
      judged(s.probesPerS, ok.probes),
      verdict(ok.median && ok.worst && ok.probes)
    ]
  }
  const action = samples.filter((s) => s.approach === 'action')
  const rows = DELAYS_S.map((delayS) =>
    row(
      `action, ${delayS} s`,
      action.filter((s) => s.delayS === delayS)
    )
  )
  rows.push(row('action, all delays', action))
  rows.push(
    row(
      'poll every 1 s, all delays',
      samples.filter((s) => s.approach === 'naive')
    )
  )
  rows.push(
    row(
      `sleep ${FIXED_SLEEP_S}, all delays`,
      samples.filter((s) => s.approach === 'sleep')
    )
  )
  return {
    title: 'Propagation: targets',
    columns: [
      'who',
      `median ≤ ${TARGET.medianS} s`,
      `worst ≤ ${TARGET.worstS} s`,
      `probes/s ≤ ${TARGET.probesPerS} (1 per 2 s)`,
      'all'
    ],
    rows,
    notes: [
      'all delays = every run of every delay; probes/s counts every probe, the first one (sent right after the',
      'assignment was made) included.'
    ]
  }
}

async function run(options: BenchOptions): Promise<BenchResult> {
  const repetitions = options.quick ? 1 : 3
  const samples: Sample[] = []
  for (const delayS of DELAYS_S) {
    for (let i = 1; i <= repetitions; i++) {
      const [action, naive] = await Promise.all([measureAction(delayS), measureNaive(delayS)])
      samples.push(action, naive, fixedSleep(delayS))
      options.progress(
        `propagation: delay ${delayS} s, run ${i}/${repetitions}: action ${fixed(action.latencyS)} s after access ` +
          `(${action.probes} probes), polling ${fixed(naive.latencyS)} s (${naive.probes} probes)`
      )
    }
  }
  const summaries = Object.fromEntries(
    APPROACHES.map((approach) => {
      const mine = samples.filter((s) => s.approach === approach)
      const perDelay = Object.fromEntries(
        DELAYS_S.map((d) => [`${d}s`, summarize(mine.filter((s) => s.delayS === d))])
      )
      const overall = summarize(mine)
      return [approach, { perDelay, overall, meetsTargets: meets(overall) }]
    })
  )
  const action = summarize(samples.filter((s) => s.approach === 'action'))
  const ok = meets(action)
  const goals: Goal[] = [
    {
      name: 'propagation median',
      ok: ok.median,
      detail: `${fixed(action.medianS)} s, goal ≤ ${TARGET.medianS} s`
    },
    {
      name: 'propagation worst',
      ok: ok.worst,
      detail: `${fixed(action.worstS)} s, goal ≤ ${TARGET.worstS} s`
    },
    {
      name: 'propagation probes',
      ok: ok.probes,
      detail: `${fixed(action.probesPerS)}/s, goal ≤ ${TARGET.probesPerS}/s`
    }
  ]
  return {
    tables: [resultsTable(samples), targetsTable(samples)],
    goals,
    data: { delaysS: DELAYS_S, repetitions, targets: TARGET, samples, summaries }
  }
}

export const propagation: Benchmark = {
  name: 'propagation',
  title: 'Propagation detection: the wait versus sleep 300 and polling every second',
  run
}
