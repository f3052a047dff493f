import { cleanup } from './post/cleanup.js'
import { endPimGrants } from './post/pim.js'
import { runnerDependencies } from './dependencies.js'

await cleanup(runnerDependencies)
await endPimGrants(runnerDependencies)
