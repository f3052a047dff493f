// Privileged Identity Management for Azure resources, as the emulated tenant holds it: the licence (Microsoft
// Entra ID P2), per-scope overrides of the role management policy, the schedule requests made and the active
// schedules they created, and PIM's own clock. It lives beside the world (one state per world object), so the
// world's shape stays as it is; tests reach it with pimOf(emu.world).
import type { World } from './types.js'

export type EnablementRule = 'MultiFactorAuthentication' | 'Justification' | 'Ticketing'

/** What a tenant administrator changed in the role settings (PIM > Azure resources > Settings). */
export interface PimPolicyOverride {
  /** The scope the setting was made at; it applies there and below. */
  scope: string
  /** The role it applies to; every role when absent. */
  roleDefinitionGuid?: string
  /** Expiration_Admin_Assignment.maximumDuration, ISO 8601 (default P180D). */
  maximumDuration?: string
  /** Expiration_Admin_Assignment.isExpirationRequired (default true). */
  isExpirationRequired?: boolean
  /** Enablement_Admin_Assignment.enabledRules (default ['Justification']). */
  enabledRules?: EnablementRule[]
}

export interface PimRequest {
  name: string
  scope: string
  roleDefinitionGuid: string
  principalId: string
  principalType: string
  requestType: string
  status: string
  justification: string | null
  ticketNumber: string | null
  ticketSystem: string | null
  startDateTime: string
  expiration: { type: string; duration: string | null; endDateTime: string | null }
  requestorId: string
  createdOn: number
  /** The schedule it created (AdminAssign) or ended (AdminRemove). */
  scheduleName: string | null
}

/** An active time-bound (or permanent) assignment PIM made; its role assignment is in world.roleAssignments. */
export interface PimSchedule {
  name: string
  scope: string
  roleDefinitionGuid: string
  principalId: string
  principalType: string
  requestName: string
  /** Start and end on PIM's clock (ms); end null for no expiration. */
  start: number
  end: number | null
  /** The name of the role assignment it holds in place. */
  assignmentName: string
  createdOn: number
}

export interface PimState {
  /** Whether the tenant has Microsoft Entra ID P2 (default true); without, PIM answers AadPremiumLicenseRequired. */
  licensed: boolean
  /** Added to the real clock for everything PIM decides (expiry, the five-minute rule). */
  clockOffsetMs: number
  policies: PimPolicyOverride[]
  requests: PimRequest[]
  schedules: PimSchedule[]
}

/** The object ID PIM's role assignments carry as createdBy: the assignment is written by the PIM service. */
export const PIM_SERVICE_OBJECT_ID = 'ffffffff-0000-4000-8000-00000000a1a1'

/** Default Azure resource role settings of a new tenant: active assignments expire, at most after 180 days. */
export const PIM_DEFAULTS = {
  maximumDuration: 'P180D',
  isExpirationRequired: true,
  enabledRules: ['Justification'] as EnablementRule[]
} as const

const states = new WeakMap<World, PimState>()

export function pimOf(world: World): PimState {
  let state = states.get(world)
  if (!state) {
    state = { licensed: true, clockOffsetMs: 0, policies: [], requests: [], schedules: [] }
    states.set(world, state)
  }
  return state
}

export const pimNow = (world: World): number => Date.now() + pimOf(world).clockOffsetMs

/** Ends every schedule whose time is up, with its role assignment, as PIM does at expiry. */
export function expirePim(world: World): void {
  const pim = pimOf(world)
  const now = pimNow(world)
  const over = pim.schedules.filter((s) => s.end !== null && s.end <= now)
  if (over.length === 0) return
  const names = new Set(over.map((s) => s.assignmentName.toLowerCase()))
  world.roleAssignments = world.roleAssignments.filter((a) => !names.has(a.name.toLowerCase()))
  pim.schedules = pim.schedules.filter((s) => !over.includes(s))
}

/** Moves PIM's clock forward (to pass the five-minute rule or reach an expiry) and applies expiries at once. */
export function advancePimClock(world: World, ms: number): void {
  pimOf(world).clockOffsetMs += ms
  expirePim(world)
}

/** ISO 8601 durations as PIM takes them (PnW, PnDTnHnMnS); undefined when not one. */
export function isoDurationMs(text: string): number | undefined {
  const m = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim())
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined
  const [w, d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0))
  return ((((w ?? 0) * 7 + (d ?? 0)) * 24 + (h ?? 0)) * 60 + (min ?? 0)) * 60_000 + (s ?? 0) * 1000
}
