// ABAC conditions (conditionVersion 2.0) on role assignments, as Resource Manager evaluates them for delegated
// role-assignment writers: ActionMatches{'...'}; @Request[...] (the PUT body) and @Resource[...] (the assignment
// being deleted) of Microsoft.Authorization/roleAssignments:RoleDefinitionId|PrincipalId|PrincipalType; the Guid and
// String (IgnoreCase) operators, equal and not equal, with or without ForAnyOf/ForAllOf...Values; value lists;
// AND, OR, NOT or !, parentheses. The emulator's own model: it shares the grammar with src/privilege, not the code.

export interface RoleAssignmentAttributes {
  roleDefinitionId: string
  principalId: string
  principalType?: string
}

export interface ConditionInput {
  action: string
  request?: RoleAssignmentAttributes
  resource?: RoleAssignmentAttributes
}

const TOKENS = /\s*('(?:[^']*)'|"(?:[^"]*)"|@(?:Request|Resource)\[[^\]]*\]|[(){},!]|[^\s(){},!'"]+)/gy

function tokens(text: string): string[] | undefined {
  const out: string[] = []
  TOKENS.lastIndex = 0
  for (;;) {
    const start = TOKENS.lastIndex
    if (text.slice(start).trim() === '') return out
    const m = TOKENS.exec(text)
    if (!m || m.index !== start) return undefined
    out.push(m[1] ?? '')
  }
}

const lower = (s: string): string => s.toLowerCase()
const unquote = (s: string): string => (/^['"].*['"]$/s.test(s) ? s.slice(1, -1) : s)

function wildcard(pattern: string, action: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*')}$`,
    'i'
  )
  return re.test(action)
}

function attributeValues(input: ConditionInput, ref: string): string[] | undefined {
  const m =
    /^@(Request|Resource)\[\s*Microsoft\.Authorization\/roleAssignments:(RoleDefinitionId|PrincipalId|PrincipalType)\s*\]$/i.exec(
      ref
    )
  if (!m) return undefined
  const side = lower(m[1] ?? '') === 'request' ? input.request : input.resource
  if (!side) return []
  const name = lower(m[2] ?? '')
  const value =
    name === 'roledefinitionid'
      ? (side.roleDefinitionId.split('/').pop() ?? '')
      : name === 'principalid'
        ? side.principalId
        : side.principalType
  return value === undefined ? [] : [value]
}

const OPS: Record<string, (a: string, b: string) => boolean> = {
  guidequals: (a, b) => lower(a) === lower(b),
  guidnotequals: (a, b) => lower(a) !== lower(b),
  stringequals: (a, b) => a === b,
  stringnotequals: (a, b) => a !== b,
  stringequalsignorecase: (a, b) => lower(a) === lower(b),
  stringnotequalsignorecase: (a, b) => lower(a) !== lower(b)
}

/** Evaluates the condition for the input; undefined when the text is not a condition Resource Manager would take. */
export function evaluateCondition(text: string, input: ConditionInput): boolean | undefined {
  const found = tokens(text)
  if (!found || found.length === 0) return undefined
  const list: string[] = found
  let at = 0
  const fail = (): never => {
    throw new Error('bad condition')
  }
  const next = (): string => list[at++] ?? fail()
  const values = (): string[] => {
    if (list[at] !== '{') return [unquote(next())]
    at++
    const out = [unquote(next())]
    while (list[at] === ',') {
      at++
      out.push(unquote(next()))
    }
    if (next() !== '}') fail()
    return out
  }
  const primary = (): boolean => {
    const token = next()
    if (token === '!' || lower(token) === 'not') return !primary()
    if (token === '(') {
      const inner = disjunction()
      if (next() !== ')') fail()
      return inner
    }
    if (lower(token) === 'actionmatches') {
      const patterns = values()
      if (patterns.length !== 1) fail()
      return wildcard(patterns[0] ?? '', input.action)
    }
    const left = attributeValues(input, token) ?? fail()
    const parts = next().split(':')
    if (parts.length > 2) fail()
    const [quantifier, op] = parts.length === 2 ? parts : ['', parts[0]]
    const compare = OPS[lower(op ?? '')] ?? fail()
    const right = values()
    switch (lower(quantifier ?? '')) {
      case '':
      case 'foranyofanyvalues':
        return left.some((a) => right.some((b) => compare(a, b)))
      case 'foranyofallvalues':
        return left.some((a) => right.every((b) => compare(a, b)))
      case 'forallofanyvalues':
        return left.every((a) => right.some((b) => compare(a, b)))
      case 'forallofallvalues':
        return left.every((a) => right.every((b) => compare(a, b)))
      default:
        return fail()
    }
  }
  const conjunction = (): boolean => {
    let value = primary()
    while (lower(list[at] ?? '') === 'and') {
      at++
      const right = primary()
      value = value && right
    }
    return value
  }
  function disjunction(): boolean {
    let value = conjunction()
    while (lower(list[at] ?? '') === 'or') {
      at++
      const right = conjunction()
      value = value || right
    }
    return value
  }
  try {
    const result = disjunction()
    return at === list.length ? result : undefined
  } catch {
    return undefined
  }
}
