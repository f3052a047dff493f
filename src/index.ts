// The one bundle of both steps of action.yml: `main` and `post` both run dist/index.js. The main step writes a
// mark into the job's state before anything else; the runner gives that state back to the post step only, which
// is how this process knows which step it is.
import * as core from '@actions/core'
import { State } from './constants.js'
import { run } from './main.js'
import { runPost } from './post.js'

if (core.getState(State.IsPost) === 'true') {
  await runPost()
} else {
  core.saveState(State.IsPost, 'true')
  await run()
}
