/**
 * The ABAC condition grammar (conditionVersion 2.0) that delegated role-assignment writers carry, as far as the
 * action needs to read it: `ActionMatches{'...'}`, `@Request[...]`/`@Resource[...]` attributes of
 * `Microsoft.Authorization/roleAssignments`, the GUID and string operators (with the `ForAnyOf...`/`ForAllOf...`
 * prefixes), value lists, AND/OR/NOT and parentheses. Pure: text in, tree out; anything else is `undefined`.
 */

export const ATTRIBUTES = ['RoleDefinitionId', 'PrincipalId', 'PrincipalType'] as const
export type Attribute = (typeof ATTRIBUTES)[number]
export type Source = 'Request' | 'Resource'
export const QUANTIFIERS = [
  'ForAnyOfAnyValues',
  'ForAnyOfAllValues',
  'ForAllOfAnyValues',
  'ForAllOfAllValues'
] as const
export type Quantifier = (typeof QUANTIFIERS)[number]
export const OPERATORS = [
  'GuidEquals',
  'GuidNotEquals',
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase'
] as const
export type Operator = (typeof OPERATORS)[number]

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'action'; readonly pattern: string }
  | {
      readonly kind: 'compare'
      readonly source: Source
      readonly attribute: Attribute
      readonly quantifier?: Quantifier
      readonly operator: Operator
      readonly values: readonly string[]
    }

const NAMESPACE = 'Microsoft.Authorization/roleAssignments'

/** Tokens: punctuation, quoted strings, attribute references and words (operators, GUIDs, AND/OR/NOT). */
const TOKEN =
  /\s*(?:(\(|\)|\{|\}|,|!)|'([^']*)'|"([^"]*)"|@(Request|Resource)\[([^\]]*)\]|([A-Za-z0-9_:.\-/*]+))/y

type Token =
  | { readonly t: 'punct'; readonly v: string }
  | { readonly t: 'string'; readonly v: string }
  | { readonly t: 'attr'; readonly source: Source; readonly name: string }
  | { readonly t: 'word'; readonly v: string }

function tokenize(text: string): Token[] | undefined {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break
    const m = TOKEN.exec(text)
    if (m === null) return undefined
    if (m[1] !== undefined) tokens.push({ t: 'punct', v: m[1] })
    else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ t: 'string', v: m[2] ?? m[3] ?? '' })
    else if (m[4] !== undefined) tokens.push({ t: 'attr', source: m[4] as Source, name: m[5] ?? '' })
    else tokens.push({ t: 'word', v: m[6] ?? '' })
  }
  return tokens
}

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase()
const oneOf = <T extends string>(list: readonly T[], word: string): T | undefined =>
  list.find((known) => same(known, word))

class Parser {
  private at = 0
  private readonly tokens: readonly Token[]
  constructor(tokens: readonly Token[]) {
    this.tokens = tokens
  }

  private peek(): Token | undefined {
    return this.tokens[this.at]
  }
  private isPunct(v: string): boolean {
    const token = this.peek()
    return token?.t === 'punct' && token.v === v
  }
  private isWord(v: string): boolean {
    const token = this.peek()
    return token?.t === 'word' && same(token.v, v)
  }
  private expect(v: string): void {
    if (!this.isPunct(v)) throw new SyntaxError(`expected '${v}'`)
    this.at++
  }

  whole(): Condition {
    const condition = this.or()
    if (this.peek() !== undefined) throw new SyntaxError('unexpected text after the condition')
    return condition
  }

  private or(): Condition {
    let left = this.and()
    while (this.isWord('OR')) {
      this.at++
      left = { kind: 'or', left, right: this.and() }
    }
    return left
  }

  private and(): Condition {
    let left = this.unary()
    while (this.isWord('AND')) {
      this.at++
      left = { kind: 'and', left, right: this.unary() }
    }
    return left
  }

  private unary(): Condition {
    if (this.isPunct('!') || this.isWord('NOT')) {
      this.at++
      return { kind: 'not', operand: this.unary() }
    }
    if (this.isPunct('(')) {
      this.at++
      const inner = this.or()
      this.expect(')')
      return inner
    }
    return this.atom()
  }

  private atom(): Condition {
    const token = this.tokens[this.at++]
    if (token?.t === 'word' && same(token.v, 'ActionMatches')) {
      const [pattern, ...more] = this.values()
      if (pattern === undefined || more.length > 0) throw new SyntaxError('ActionMatches takes one action')
      return { kind: 'action', pattern }
    }
    if (token?.t !== 'attr') throw new SyntaxError('expected ActionMatches or an attribute')
    const [namespace, name, ...rest] = token.name.trim().split(':')
    const attribute = oneOf(ATTRIBUTES, name ?? '')
    if (!same(namespace ?? '', NAMESPACE) || attribute === undefined || rest.length > 0)
      throw new SyntaxError(`unknown attribute ${token.name}`)
    const op = this.tokens[this.at++]
    if (op?.t !== 'word') throw new SyntaxError('expected an operator')
    const [first, second] = op.v.split(':')
    const quantifier = second === undefined ? undefined : oneOf(QUANTIFIERS, first ?? '')
    const operator = oneOf(OPERATORS, second ?? first ?? '')
    if (operator === undefined || (second !== undefined && quantifier === undefined))
      throw new SyntaxError(`unknown operator ${op.v}`)
    const values = this.values()
    return { kind: 'compare', source: token.source, attribute, quantifier, operator, values }
  }

  /** `{a, 'b'}` or a single value. */
  private values(): string[] {
    const single = (): string => {
      const token = this.tokens[this.at++]
      if (token?.t === 'string' || token?.t === 'word') return token.v
      throw new SyntaxError('expected a value')
    }
    if (!this.isPunct('{')) return [single()]
    this.at++
    const values = [single()]
    while (this.isPunct(',')) {
      this.at++
      values.push(single())
    }
    this.expect('}')
    return values
  }
}

/** Pure: the condition's tree, or undefined for text outside the grammar the action reads. */
export function parseCondition(text: string): Condition | undefined {
  const tokens = tokenize(text)
  if (tokens === undefined || tokens.length === 0) return undefined
  try {
    return new Parser(tokens).whole()
  } catch {
    return undefined
  }
}

const GUIDLIKE = /^[0-9a-fA-F-]+$/

function printValues(values: readonly string[]): string {
  const quoted = values.map((value) => (GUIDLIKE.test(value) ? value : `'${value}'`))
  return `{${quoted.join(', ')}}`
}

/** Pure: the condition as Azure writes it (fully parenthesised), which `parseCondition` reads back. */
export function printCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'and':
    case 'or':
      return `(${printCondition(condition.left)}) ${condition.kind.toUpperCase()} (${printCondition(condition.right)})`
    case 'not':
      return `!(${printCondition(condition.operand)})`
    case 'action':
      return `ActionMatches{'${condition.pattern}'}`
    case 'compare': {
      const op =
        condition.quantifier === undefined
          ? condition.operator
          : `${condition.quantifier}:${condition.operator}`
      return `@${condition.source}[${NAMESPACE}:${condition.attribute}] ${op} ${printValues(condition.values)}`
    }
  }
}
