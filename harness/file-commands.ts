// Parses the runner's file-command format, as written by @actions/core to GITHUB_OUTPUT and GITHUB_STATE:
// `name<<DELIMITER\nvalue\nDELIMITER` heredocs, and the older `name=value` lines.
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name = '', delimiter = ''] = heredoc
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++] ?? '')
      if (i >= lines.length) throw new Error(`Unterminated heredoc for '${name}' (delimiter ${delimiter})`)
      out[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`Malformed file-command line: ${line}`)
    out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return out
}
