import { cleanup } from './post/cleanup.js'
import { runnerDependencies } from './dependencies.js'

await cleanup(runnerDependencies)
