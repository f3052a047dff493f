/** Names of the action's contract (action.yml), kept in one place so no other file spells them. */
export const Inputs = {
  ClientId: 'client-id',
  TenantId: 'tenant-id',
  SubscriptionId: 'subscription-id',
  AuthType: 'auth-type',
  Environment: 'environment',
  ArmEndpoint: 'arm-endpoint',
  Audience: 'audience',
  InferenceScope: 'inference-scope',
  ResourceGroup: 'resource-group',
  ResourceName: 'resource-name',
  ResourceIds: 'resource-ids',
  Project: 'project',
  Principal: 'principal',
  PrincipalType: 'principal-type',
  Role: 'role',
  AllowPrivilegedRole: 'allow-privileged-role',
  Description: 'description',
  Mode: 'mode',
  DryRun: 'dry-run',
  RevokeAfterJob: 'revoke-after-job',
  ExpiresAfter: 'expires-after',
  TimeBound: 'time-bound',
  WaitForPropagation: 'wait-for-propagation',
  WaitTimeout: 'wait-timeout',
  ProbeModel: 'probe-model',
  ProbeClientId: 'probe-client-id'
} as const

export const Outputs = {
  ResourceId: 'resource-id',
  Endpoint: 'endpoint',
  InferenceEndpoint: 'inference-endpoint',
  PrincipalIds: 'principal-ids',
  RoleDefinitionId: 'role-definition-id',
  RoleAssignmentIds: 'role-assignment-ids',
  Result: 'result',
  Changed: 'changed',
  PropagationSeconds: 'propagation-seconds'
} as const

/** What main hands to the post step through GITHUB_STATE. */
export const State = {
  /** revoke-after-job's seed, scopes and adopted grants (src/post/state.ts), saved before each write. */
  TemporaryGrants: 'temporary-grants',
  /** The PIM grants of time-bound: pim (src/post/pim.ts), saved before each request. */
  PimGrants: 'pim-grants',
  /** Written by the main step before anything else: the runner's post step gets it back and so knows it is the post. */
  IsPost: 'is-post'
} as const

/** The environment variables the action reads, by what they are for: no other file spells one. */
export const Env = {
  ClientId: 'AZURE_CLIENT_ID',
  TenantId: 'AZURE_TENANT_ID',
  SubscriptionId: 'AZURE_SUBSCRIPTION_ID',
  OidcRequestUrl: 'ACTIONS_ID_TOKEN_REQUEST_URL',
  OidcRequestToken: 'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  /** AKS workload identity: the service account token file the webhook mounts into the runner pod. */
  FederatedTokenFile: 'AZURE_FEDERATED_TOKEN_FILE',
  StepSummary: 'GITHUB_STEP_SUMMARY',
  Repository: 'GITHUB_REPOSITORY',
  Workflow: 'GITHUB_WORKFLOW',
  RunId: 'GITHUB_RUN_ID',
  RunAttempt: 'GITHUB_RUN_ATTEMPT',
  Actor: 'GITHUB_ACTOR',
  ServerUrl: 'GITHUB_SERVER_URL',
  RequestTimeout: 'ENTRA_ACCESS_REQUEST_TIMEOUT_MS',
  StepDeadline: 'ENTRA_ACCESS_STEP_DEADLINE_MS',
  AzureLogLevel: 'AZURE_LOG_LEVEL',
  /** `true` skips the post step entirely (the workflow removes temporary grants itself, or keeps them). */
  SkipPost: 'ENTRA_ACCESS_SKIP_POST'
} as const

export const ApiVersions = {
  CloudMetadata: '2022-09-01',
  ModelInference: '2024-05-01-preview',
  /** The Foundry project data plane (`GET {project endpoint}/deployments`). */
  FoundryProjects: 'v1',
  /** PIM for Azure resources: schedule requests and role management policies. */
  Pim: '2020-10-01',
  /** Resource providers (`GET /subscriptions/{sub}/providers/{namespace}`): the api-versions of their types. */
  ResourceProviders: '2021-04-01'
} as const

/**
 * Every HTTP request attempt gets this long to answer (30 s). The environment variable exists for tests of slow
 * answers; it is not an input because nobody should need to change it.
 */
export const REQUEST_TIMEOUT_MS = requestTimeout(process.env[Env.RequestTimeout])

function requestTimeout(value: string | undefined): number {
  const ms = Number(value)
  return Number.isInteger(ms) && ms >= 100 && ms <= 300_000 ? ms : 30_000
}

/**
 * How many principals are resolved and assigned at once, over every scope: 16 writes in flight, well inside
 * Resource Manager's write limits (a bucket of 200 writes per subscription and identity, refilled at 10 a second),
 * so a fleet of 20 accounts x 5 principals writes in 7 waves (12 round trips in all, where 8 at once took 18).
 */
export const PRINCIPAL_CONCURRENCY = 16

/**
 * How many accounts and projects are read at once (with their role-assignment lists, rights and deny assignments):
 * reads only, well inside Resource Manager's read limits (a bucket of 250 reads per subscription and identity,
 * refilled at 25 a second), so a fleet of 20 accounts is read in one wave.
 */
export const SCOPE_READ_CONCURRENCY = 20

/** How long a principal that Resource Manager does not know yet (directory replication) is retried. */
export const PRINCIPAL_REPLICATION_WAIT_MS = 5 * 60_000
