// Peak memory of a child node process: NODE_OPTIONS makes it load a one-line module (a data: URL) that reports
// process.resourceUsage().maxRSS on stderr as it exits.

const MARKER = '[bench-max-rss-kb]'

// Double quotes only: encodeURIComponent escapes them, so NODE_OPTIONS sees one word without spaces or quotes.
const REPORTER = `process.on("exit",()=>process.stderr.write("\\n${MARKER}"+process.resourceUsage().maxRSS+"\\n"))`

/** The environment that makes a node child report its peak RSS. */
export const maxRssEnv = (): Record<string, string> => ({
  NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(REPORTER)}`
})

/** The peak RSS in bytes a child reported on stderr. */
export function parseMaxRss(stderr: string): number {
  const match = new RegExp(`${MARKER.replace(/[[\]]/g, '\\$&')}(\\d+)`).exec(stderr)
  if (match?.[1] === undefined)
    throw new Error(`The child reported no peak RSS; its stderr: ${stderr.trim()}`)
  return Number(match[1]) * 1024
}
