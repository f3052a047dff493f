// Public entry point of the loopback Azure emulator.
export { startEmulator, Emulator } from './emulator.js'
export type { RunnerEnvOptions } from './emulator.js'
export type { EmulatorOptions, ResolvedOptions, Urls } from './context.js'
export type { FaultSpec, FaultResponse } from './faults.js'
export type { Hold, HoldSpec, HoldOutcome, ReleaseOptions, RequestMatch } from './intercepts.js'
export type { JournalEntry, IssuedToken, DataPlaneAnswer, ProxyJournalEntry } from './journal.js'
export type { DataPlaneKind } from './names.js'
export { SERVICE_HOST_NAMES, NAME_SUFFIX } from './names.js'
export type { EmuRequest, ServiceName } from './http.js'
export type { AccessTokenRequest } from './tokens.js'
export type * from './world/types.js'
export { DEFAULT_IDS } from './world/ids.js'
export { ROLE_IDS, BUILTIN_ROLES, FOUNDRY_ROLE_NAMES } from './world/builtin-roles.js'
export { GITHUB_ISSUER } from './world/default-world.js'
export { appId, grantRunnerIdentities, identityId } from './world/identities.js'
export {
  addAccount,
  addFleet,
  addProject,
  addResourceGroup,
  addSubscription,
  SECOND_SUBSCRIPTION_ID,
  stableGuid,
  type AccountSpec
} from './world/fleet.js'
export {
  delegatePipeline,
  delegationCondition,
  pipelineAsContributorOnly,
  pipelineAsSubscriptionUserAccessAdministrator,
  type DelegationSpec
} from './world/delegation.js'
export { evaluateCondition } from './services/arm/authorization/conditions.js'
export { ACCOUNT_API_VERSIONS, PROJECT_API_VERSIONS } from './services/arm/api-versions.js'
export { FOUNDRY_AUDIENCE, DEPLOYMENTS_READ } from './services/foundry.js'
export { decodeJwt } from './jwt.js'
export { pimOf, advancePimClock, pimNow, PIM_SERVICE_OBJECT_ID, PIM_DEFAULTS } from './world/pim.js'
export type { PimState, PimPolicyOverride, PimRequest, PimSchedule, EnablementRule } from './world/pim.js'
