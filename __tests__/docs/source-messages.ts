// Finds every message the action can show a user (ActionError, InputError, core.error, core.warning and the
// fatal verdicts of the wait) in the TypeScript sources, and picks from each a fragment that the troubleshooting
// guide must quote. Syntax only (no type checker), so it stays fast and does not depend on how src/ is split up.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

/** A piece of a message: literal text, or a value only known at run time. */
type Piece = string | typeof HOLE
const HOLE = Symbol('hole')

export interface SourceMessage {
  /** `src/file.ts:line`, for the failure message. */
  readonly where: string
  /** The source text of the message expression. */
  readonly expression: string
  /** The literal stretches of the message, in order, with whitespace collapsed. */
  readonly chunks: readonly string[]
}

/** Shortest literal stretch that is distinctive enough to search for in the docs. */
export const MIN_FRAGMENT = 12
/** Literal stretches at least this long are preferred, earliest first: the start of a message is what users paste. */
export const PREFERRED_FRAGMENT = 20
/** Fragments end at the first word boundary after this length, so rewording the end of a message stays cheap. */
export const MAX_FRAGMENT = 60

const collapse = (text: string): string => text.replace(/\s+/g, ' ')
const trimEdges = (text: string): string => text.replace(/^[\s:;,.'")\]-]+/, '').replace(/[\s:;,'"(-]+$/, '')

function shorten(text: string): string {
  const space = text.indexOf(' ', MAX_FRAGMENT)
  return space < 0 ? text : text.slice(0, space)
}

/**
 * The fragment of each message that the docs must contain: the first literal stretch of at least
 * PREFERRED_FRAGMENT characters that no other message shares, else the longest unshared one of at least
 * MIN_FRAGMENT, else the first long one even if shared, else the longest of at least MIN_FRAGMENT; cut after
 * about MAX_FRAGMENT characters. Undefined when a message has no literal text worth searching for (it only passes
 * on a message made elsewhere).
 */
export function fragmentsOf(messages: readonly SourceMessage[]): Map<SourceMessage, string | undefined> {
  const usable = (message: SourceMessage): string[] =>
    message.chunks
      .map(trimEdges)
      .filter((chunk) => chunk.length >= MIN_FRAGMENT)
      .map(shorten)
  const owners = new Map<string, Set<SourceMessage>>()
  for (const message of messages) {
    for (const chunk of usable(message)) owners.set(chunk, (owners.get(chunk) ?? new Set()).add(message))
  }
  const own = (chunk: string): boolean => owners.get(chunk)?.size === 1
  const longestFirst = (chunks: string[]): string[] => [...chunks].sort((a, b) => b.length - a.length)
  return new Map(
    messages.map((message) => {
      const chunks = usable(message)
      const preferred = chunks.filter((chunk) => chunk.length >= PREFERRED_FRAGMENT)
      const fragment =
        preferred.find(own) ?? longestFirst(chunks).find(own) ?? preferred[0] ?? longestFirst(chunks)[0]
      return [message, fragment]
    })
  )
}

/** The docs' text as the fragments are compared with it: whitespace collapsed, Markdown escapes undone. */
export function searchableText(markdown: string): string {
  return collapse(markdown.replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1'))
}

/** The literal stretches between the run-time values, whitespace collapsed. */
function chunksOf(pieces: readonly Piece[]): string[] {
  const chunks: string[] = []
  let current = ''
  for (const piece of pieces) {
    if (piece === HOLE) {
      if (current.trim() !== '') chunks.push(collapse(current))
      current = ''
    } else current += piece
  }
  if (current.trim() !== '') chunks.push(collapse(current))
  return chunks
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return listSources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

function unwrap(node: ts.Expression): ts.Expression {
  let current = node
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    ts.isTypeAssertionExpression(current)
  ) {
    current = current.expression
  }
  return current
}

/** The block (or file) a `const` is visible in: declaration → list → statement → block. */
const blockOf = (declaration: ts.VariableDeclaration): ts.Node => declaration.parent.parent.parent

/** Declarations a message can refer to by name: consts (at any depth) and functions of the same file. */
class FileScope {
  readonly consts = new Map<string, ts.VariableDeclaration[]>()
  readonly functions = new Map<string, ts.FunctionDeclaration>()

  constructor(file: ts.SourceFile) {
    const visit = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer !== undefined &&
        ts.isVariableDeclarationList(node.parent) &&
        (node.parent.flags & ts.NodeFlags.Const) !== 0
      ) {
        const list = this.consts.get(node.name.text) ?? []
        list.push(node)
        this.consts.set(node.name.text, list)
      }
      if (ts.isFunctionDeclaration(node) && node.name !== undefined) this.functions.set(node.name.text, node)
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
}

/** Resolves names across files: a name declared once as a top-level const anywhere in src/. */
class Project {
  readonly scopes = new Map<ts.SourceFile, FileScope>()
  readonly exported = new Map<string, ts.VariableDeclaration>()

  add(file: ts.SourceFile): void {
    const scope = new FileScope(file)
    this.scopes.set(file, scope)
    for (const [name, declarations] of scope.consts) {
      const topLevel = declarations.filter((d) => blockOf(d) === file)
      if (topLevel.length === 1 && topLevel[0] !== undefined) this.exported.set(name, topLevel[0])
    }
  }

  /** The initializer a name stands for, when it is unambiguous: same file first (innermost), then src/. */
  constant(name: string, at: ts.Node): ts.Expression | undefined {
    const local = this.scopes.get(at.getSourceFile())?.consts.get(name) ?? []
    const size = (d: ts.VariableDeclaration): number => blockOf(d).end - blockOf(d).pos
    const innermost = local
      .filter((d) => blockOf(d).pos <= at.pos && at.end <= blockOf(d).end)
      .sort((a, b) => size(a) - size(b))[0]
    return innermost?.initializer ?? this.exported.get(name)?.initializer
  }
}

class Extractor {
  readonly messages: SourceMessage[] = []
  private readonly project: Project
  private readonly root: string
  private readonly seen = new Set<ts.Node>()

  constructor(project: Project, root: string) {
    this.project = project
    this.root = root
  }

  where(node: ts.Node): string {
    const file = node.getSourceFile()
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1
    return `${relative(this.root, file.fileName)}:${line}`
  }

  /** Records `node` as a message shown to users; `input` is the first argument of an InputError. */
  message(node: ts.Expression, input?: ts.Expression, optional = false): void {
    const expression = unwrap(node)
    if (this.seen.has(expression)) return
    this.seen.add(expression)
    const returns = this.helperReturns(expression)
    if (returns !== undefined) {
      // A helper that builds the message: each of its return values is a message.
      for (const value of returns) this.message(value, input, optional)
      return
    }
    // InputError(input, message) shows `Input '<input>': <message>`.
    const prefix: Piece[] = input === undefined ? [] : ["Input '", ...this.spanPieces(input), "': "]
    const chunks = chunksOf([...prefix, ...this.pieces(expression)])
    // Text that a helper adds to a message counts only when it says something (not, say, a quoted value).
    if (optional && !chunks.some((chunk) => trimEdges(chunk).length >= MIN_FRAGMENT)) return
    this.messages.push({ where: this.where(node), expression: collapse(expression.getText()), chunks })
  }

  /** The return values of a function of the same file that `expression` calls, if it is such a call. */
  helperReturns(expression: ts.Expression): ts.Expression[] | undefined {
    if (!ts.isCallExpression(expression) || !ts.isIdentifier(expression.expression)) return undefined
    const fn = this.project.scopes.get(expression.getSourceFile())?.functions.get(expression.expression.text)
    if (fn?.body === undefined) return undefined
    const returns: ts.Expression[] = []
    const visit = (child: ts.Node): void => {
      if (ts.isReturnStatement(child) && child.expression !== undefined) returns.push(child.expression)
      if (!ts.isFunctionLike(child)) ts.forEachChild(child, visit)
    }
    ts.forEachChild(fn.body, visit)
    return returns
  }

  /** The literal and run-time pieces of an expression; names of constant text are read through. */
  pieces(node: ts.Expression): Piece[] {
    const expression = unwrap(node)
    if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression))
      return [expression.text]
    if (ts.isTemplateExpression(expression)) {
      const out: Piece[] = [expression.head.text]
      for (const span of expression.templateSpans)
        out.push(...this.spanPieces(span.expression), span.literal.text)
      return out
    }
    if (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      return [...this.pieces(expression.left), ...this.pieces(expression.right)]
    }
    if (ts.isIdentifier(expression)) {
      const value = this.project.constant(expression.text, expression)
      return value === undefined ? [HOLE] : this.pieces(value)
    }
    if (ts.isPropertyAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
      const object = this.project.constant(expression.expression.text, expression)
      const target = object === undefined ? undefined : unwrap(object)
      if (target !== undefined && ts.isObjectLiteralExpression(target)) {
        const property = target.properties.find(
          (p) => ts.isPropertyAssignment(p) && p.name.getText() === expression.name.text
        )
        if (property !== undefined && ts.isPropertyAssignment(property))
          return this.pieces(property.initializer)
      }
    }
    return [HOLE]
  }

  /** A `${...}` inside a template: constant text is inlined; a lookup in a table of texts makes each a message. */
  spanPieces(node: ts.Expression): Piece[] {
    const expression = unwrap(node)
    if (ts.isElementAccessExpression(expression) && ts.isIdentifier(expression.expression)) {
      const table = this.project.constant(expression.expression.text, expression)
      const target = table === undefined ? undefined : unwrap(table)
      if (target !== undefined && ts.isObjectLiteralExpression(target)) {
        for (const property of target.properties) {
          if (ts.isPropertyAssignment(property)) this.message(property.initializer)
        }
      }
      return [HOLE]
    }
    const returns = this.helperReturns(expression)
    if (returns !== undefined) {
      for (const value of returns) this.message(value, undefined, true)
      return [HOLE]
    }
    const pieces = this.pieces(expression)
    return pieces.includes(HOLE) ? [HOLE] : pieces
  }
}

const isCoreCall = (node: ts.CallExpression, method: string): boolean =>
  ts.isPropertyAccessExpression(node.expression) &&
  ts.isIdentifier(node.expression.expression) &&
  node.expression.expression.text === 'core' &&
  node.expression.name.text === method

/** The message expression of a node that shows something to the user, if it is one. */
function messageSite(node: ts.Node): { message: ts.Expression; input?: ts.Expression } | undefined {
  if (ts.isNewExpression(node) && ts.isIdentifier(node.expression)) {
    const args = node.arguments ?? []
    if (node.expression.text === 'ActionError' && args[0] !== undefined) return { message: args[0] }
    if (node.expression.text === 'InputError' && args[1] !== undefined)
      return { message: args[1], input: args[0] }
  }
  if (ts.isCallExpression(node) && (isCoreCall(node, 'error') || isCoreCall(node, 'warning'))) {
    const first = node.arguments[0]
    if (first !== undefined) return { message: first }
  }
  // A verdict the wait turns into an error: `{ kind: 'fatal', message: ... }`.
  if (ts.isObjectLiteralExpression(node)) {
    const fatal = node.properties.some(
      (p) =>
        ts.isPropertyAssignment(p) &&
        p.name.getText() === 'kind' &&
        ts.isStringLiteral(p.initializer) &&
        p.initializer.text === 'fatal'
    )
    const message = node.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText() === 'message')
    if (fatal && message !== undefined && ts.isPropertyAssignment(message))
      return { message: message.initializer }
  }
  return undefined
}

/** Every user-facing message in the TypeScript files under `srcDir`. */
export function extractMessages(srcDir: string, root: string = join(srcDir, '..')): SourceMessage[] {
  const project = new Project()
  const files = listSources(srcDir).map((path) =>
    ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  )
  for (const file of files) project.add(file)
  const extractor = new Extractor(project, root)
  for (const file of files) {
    const visit = (node: ts.Node): void => {
      const site = messageSite(node)
      if (site !== undefined) extractor.message(site.message, site.input)
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return extractor.messages
}
