// The entry of both steps of action.yml: `main` and `post` both run dist/index.js. The main step writes a mark into
// the job's state before anything else; the runner gives that state back to the post step only, which is how this
// process knows which step it is. This file stays small: it loads the action (dist/app.js, src/startup/app.ts) only
// when there is work, after turning on V8's compile cache for it.
import { useCompileCache } from './startup/compile-cache.js'
import { dropUnusedFormData } from './startup/form-data.js'
import { isPostStep, postMayHaveWork } from './startup/post-work.js'

/** The action's own build, next to this one in dist/ (scripts/bundle.ts builds src/startup/app.ts into it). */
const APP = './app.js'

const post = isPostStep()
if (!post || postMayHaveWork()) {
  useCompileCache()
  dropUnusedFormData()
  // Left to Node at run time (webpackIgnore), so it is compiled after the cache is on, and only when needed.
  const app = (await import(/* webpackIgnore: true */ APP)) as typeof import('./startup/app.js')
  await (post ? app.runPost() : app.runMain())
}
