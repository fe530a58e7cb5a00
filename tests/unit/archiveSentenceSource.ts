import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

/**
 * Every English sentence (and part of a sentence) the archive's core and Node layers can put into an
 * error, a note or a report, read from their source: the string and template literals that read as
 * prose. A template's `${…}` becomes {0}, {1}… in order; a `${a ? 'x' : 'y'}` of literal branches
 * becomes one form per branch, as the UI meets each. This is the list the Dutch forms are held to, so a
 * new sentence written in the archive fails the test until it has its Dutch.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
// The renderer's own transports stand in for the archive when it cannot be reached.
const LAYERS = ['electron/core', 'electron/node', 'renderer/src/client']
/** Tables of words (field names, stop words, types) and schema text: data, never shown as prose. */
const DATA_FILES = new Set([
  'electron/core/citations/biberDataModel.ts',
  'electron/core/citations/cslJsonForExport.ts',
  'electron/core/generateCitekey.ts',
  'electron/core/references/bibtexTypes.ts',
  'electron/node/library/catalogDatabase.ts',
  // Written into the browser's page by the connector, not shown by the app.
  'electron/node/connectorSave.ts',
  // Policies, patterns, selectors and MIME types.
  'electron/core/contentSecurityPolicy.ts',
  'electron/core/capture/parseByline.ts',
  'electron/core/capture/readPageMetadata.ts',
  'electron/node/resolveStaticFile.ts',
  // Writes the text of an exported file, not the app's.
  'electron/core/annotations/exportAnnotations.ts',
])
/** Protocol values and names, which no language translates. */
const NOT_WORDS = /charset=|^Bearer |max-age=|^Mozilla\/|^American Psychological Association$|^(pp?|paras?)\. |\\[a-zA-Z]/
/** Calls whose words go to a log or a developer, not to the user. */
const LOGGING_CALL = /(^|\.)(log|logger|console)$|\.(debug|info|warn|trace|fatal)$/

export interface SourceSentence {
  /** The English form, with {0}, {1}… where the archive puts a value. */
  english: string
  /** Where it is written, as path:line. */
  at: string
}

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : []
  })
}

const HOLE = '\u0000'

/** The forms a text expression can take, with HOLE for every value; undefined for an expression that is not text. */
function textForms(node: ts.Expression): string[] | undefined {
  if (ts.isParenthesizedExpression(node)) return textForms(node.expression)
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text]
  if (ts.isConditionalExpression(node)) {
    const yes = textForms(node.whenTrue)
    const no = textForms(node.whenFalse)
    return yes && no ? [...yes, ...no] : undefined
  }
  if (ts.isTemplateExpression(node)) {
    let forms = [node.head.text]
    for (const span of node.templateSpans) {
      const inner = textForms(span.expression) ?? [HOLE]
      forms = forms.flatMap((form) => inner.map((part) => form + part + span.literal.text))
    }
    return forms
  }
  return undefined
}

function numbered(form: string): string {
  let index = 0
  return form.replace(new RegExp(HOLE, 'g'), () => `{${index++}}`)
}

function isProse(text: string): boolean {
  const words = text.split(HOLE).join(' ')
  if (/\n/.test(words) || /^\s*(<|\/\/)/.test(words)) return false
  // SQL, and lists of names (CSS selectors, tags to drop).
  if (/^\s*(SELECT|UPDATE|DELETE|INSERT|CREATE|DROP|ROLLBACK|AND|FROM|WITH|PRAGMA)\b|= \?|\b(DESC|ASC|WHEN|THEN|INDEXED BY)\b|\b(search_)?bm25\(|\/ \?\)/.test(words) || /^[\w-]+(, [\w-]+)+$/.test(words)) return false
  if (NOT_WORDS.test(words)) return false
  // OR, NOT and AND of a search expression are operators, not words.
  const count = words.match(/[A-Za-z]{2,}/g)?.filter((word) => !/^(OR|NOT|AND)$/.test(word)).length ?? 0
  const least = text.includes(HOLE) ? (/[.?…]$/.test(text) ? 0 : 1) : /[.?…]$/.test(text) ? 2 : 3
  return /\S\s+\S/.test(text.split(HOLE).join('x')) && count >= least
}

function isLogged(node: ts.Node): boolean {
  for (let parent = node.parent; parent && !ts.isSourceFile(parent); parent = parent.parent) {
    if (ts.isCallExpression(parent) && LOGGING_CALL.test(parent.expression.getText())) return true
    if (ts.isBlock(parent)) return false
  }
  return false
}

export function archiveSentencesInSource(): SourceSentence[] {
  const found: SourceSentence[] = []
  for (const layer of LAYERS) {
    for (const file of sourceFiles(join(ROOT, layer))) {
      const path = relative(ROOT, file).split('\\').join('/')
      if (DATA_FILES.has(path)) continue
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
      const visit = (node: ts.Node): void => {
        // A type's string literals ('a' | 'b') and import paths are not words for anyone.
        if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return
        const forms = ts.isExpression(node) ? textForms(node) : undefined
        if (forms) {
          if (!isLogged(node)) {
            const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1
            for (const form of forms) if (isProse(form)) found.push({ english: numbered(form), at: `${path}:${line}` })
          }
          // Values inside a template may hold text of their own (a call with a literal argument).
          if (ts.isTemplateExpression(node)) for (const span of node.templateSpans) if (!textForms(span.expression)) visit(span.expression)
          return
        }
        ts.forEachChild(node, visit)
      }
      visit(source)
    }
  }
  return found
}
