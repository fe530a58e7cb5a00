import { z } from 'zod'
import type { ArchiveApi, ArchiveMethod, ArgOf, Envelope, ErrorCode } from './archiveApi'
import { ArchiveError } from './archiveError'
import { HIGHLIGHT_COLORS } from './annotations/annotationModel'
import { CSL_TYPES } from './cslItem'
import { MAX_STYLE_BYTES } from './citations/checkCslStyle'
import { EXPORT_FORMATS } from './citations/exportReferences'
import { MAX_REFERENCE_CHUNK } from './references/referenceChunks'

const id = z.string().trim().min(1, 'must not be empty').max(200)
const empty = z.object({}).strict()
const name = z
  .object({
    family: z.string().max(500).optional(),
    given: z.string().max(500).optional(),
    literal: z.string().max(500).optional(),
    'non-dropping-particle': z.string().max(100).optional(),
    'dropping-particle': z.string().max(100).optional(),
    suffix: z.string().max(100).optional(),
  })
  .strict()

const fileName = z.string().trim().min(1, 'must not be empty').max(1000)
// An entry as readReferenceFile gave it: only its outline is checked here. Its fields and sizes are
// checked per entry (describeEntryProblem), so that one bad entry refuses itself, never its chunk.
const referenceEntry = z
  .object({
    key: z.string().optional(),
    csl: z.looseObject({}),
    source: z.string(),
    line: z.number().int().positive().optional(),
    repeats: z.object({ entry: z.number().int().positive(), line: z.number().int().positive().optional() }).strict().optional(),
  })
  .strict()
const editableField = z.string().max(2000).optional()

const itemFilter = { collectionId: id.optional(), query: z.string().max(2000).optional() }
const itemIds = z.array(id).min(1, 'must name at least one item').max(1_000_000)
const tag = z.string().max(200)
const tags = z.array(tag).max(100).optional()

const citationStyle = z.string().trim().min(1, 'must not be empty').max(200).optional()
const citationLocale = z.string().trim().min(1, 'must not be empty').max(20).optional()

/** The shape of every method's argument, checked before the service sees it. */
const ARGUMENTS = {
  getLibraryInfo: empty,
  getLogFolder: empty,
  openLogFolder: empty,
  listPairingRequests: empty,
  approvePairing: z.object({ code: z.string().trim().min(1, 'must not be empty').max(20) }).strict(),
  listItems: z.object({ trash: z.boolean().optional(), offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(100_000).optional(), ...itemFilter }).strict(),
  matchItems: z.object(itemFilter).strict(),
  getItem: z.object({ id }).strict(),
  getContent: z.object({ id }).strict(),
  getPdf: z.object({ id }).strict(),
  importFiles: z
    .object({
      files: z
        .array(z.object({ name: z.string().trim().min(1).max(1000), dataBase64: z.string() }).strict())
        .min(1, 'must name at least one file')
        .max(10000),
      allowDuplicate: z.boolean().optional(),
    })
    .strict(),
  readReferenceFile: z.object({ name: fileName, dataBase64: z.string() }).strict(),
  addReferences: z
    .object({
      name: fileName,
      format: z.enum(['bibtex', 'ris', 'csl-json']),
      encoding: z.string().max(100).optional(),
      entries: z.array(referenceEntry).min(1, 'must hold at least one entry').max(MAX_REFERENCE_CHUNK),
      allowDuplicate: z.boolean().optional(),
    })
    .strict(),
  addDoi: z.object({ doi: z.string().trim().min(1, 'must not be empty').max(1000), allowDuplicate: z.boolean().optional() }).strict(),
  addWebPage: z
    .object({
      url: z.string().trim().min(1, 'must not be empty').max(8000),
      html: z.string().max(30 * 1024 * 1024).optional(),
      pdfBase64: z.string().max(30 * 1024 * 1024).optional(),
      allowDuplicate: z.boolean().optional(),
    })
    .strict()
    .refine((arg) => arg.html === undefined || arg.pdfBase64 === undefined, { path: ['pdfBase64'], message: 'cannot come with html: a page is saved as its html or as the PDF it showed' }),
  addSampleArticle: empty,
  updateItem: z
    .object({
      id,
      patch: z
        .object({
          title: z.string().max(2000).optional(),
          author: z.array(name).max(1000).optional(),
          editor: z.array(name).max(1000).optional(),
          translator: z.array(name).max(1000).optional(),
          // Its form is checked by the service, whose sentence quotes the date back to the user.
          issued: z.string().max(40).optional(),
          containerTitle: z.string().max(2000).optional(),
          URL: z.string().max(8000).optional(),
          type: z.enum(CSL_TYPES).optional(),
          language: z.string().max(100).optional(),
          tags: z.array(z.string().max(200)).max(1000).optional(),
          citekey: z.string().max(200).optional(),
          // The DOI's form is checked by the service, which says what a DOI looks like.
          DOI: z.string().max(1000).optional(),
          volume: editableField,
          issue: editableField,
          page: editableField,
          publisher: editableField,
        })
        .strict(),
    })
    .strict(),
  trashItem: z.object({ id }).strict(),
  restoreItem: z.object({ id }).strict(),
  listDuplicates: empty,
  mergeItems: z.object({ keep: id, other: id }).strict(),
  unmergeItems: z
    .object({
      keep: id,
      other: id,
      added: z
        .object({
          fields: z.array(z.string().min(1).max(200)).max(1000),
          tags: z.array(z.string().max(200)).max(1000),
          collections: z.array(id).max(1000),
          annotationIds: z.array(id).max(100_000),
        })
        .strict(),
    })
    .strict(),
  emptyTrash: empty,

  // Names are checked by the service, whose sentences say what is wrong with them.
  listCollections: empty,
  createCollection: z.object({ name: z.string().max(1000), parentId: id.nullable().optional() }).strict(),
  updateCollection: z.object({ id, name: z.string().max(1000).optional(), parentId: id.nullable().optional() }).strict(),
  deleteCollection: z.object({ id }).strict(),
  restoreCollections: z.object({ ids: z.array(id).min(1).max(10_000) }).strict(),
  addToCollection: z.object({ id, itemIds }).strict(),
  removeFromCollection: z.object({ id, itemIds }).strict(),
  listTags: empty,
  renameTag: z.object({ from: tag, to: tag }).strict(),
  editTags: z.object({ ids: itemIds, add: tags, remove: tags }).strict(),
  listSavedSearches: empty,
  saveSearch: z.object({ name: z.string().max(200), query: z.string().max(2000) }).strict(),
  deleteSavedSearch: z.object({ id }).strict(),

  listAnnotations: z.object({ id }).strict(),
  addHighlight: z
    .object({
      id,
      quote: z.string().min(1, 'must not be empty').max(20000),
      prefix: z.string().max(2000).optional(),
      suffix: z.string().max(2000).optional(),
      occurrence: z.number().int().min(1).optional(),
      start: z.number().int().min(0).optional(),
      end: z.number().int().min(0).optional(),
      color: z.enum(HIGHLIGHT_COLORS).optional(),
      note: z.string().max(100000).optional(),
    })
    .strict(),
  addAreaHighlight: z
    .object({
      id,
      area: z
        .object({
          page: z.number().int().min(1),
          // PDF points; a page is at most 14,400 points a side (PDF 1.7, annex C).
          x: z.number().min(0).max(14400),
          y: z.number().min(0).max(14400),
          width: z.number().gt(0, 'must be more than 0').max(14400),
          height: z.number().gt(0, 'must be more than 0').max(14400),
        })
        .strict(),
      color: z.enum(HIGHLIGHT_COLORS).optional(),
      note: z.string().max(100000).optional(),
    })
    .strict(),
  addNote: z.object({ id, note: z.string().max(100000) }).strict(),
  updateAnnotation: z.object({ id, annotationId: id, color: z.enum(HIGHLIGHT_COLORS).optional(), note: z.string().max(100000).optional() }).strict(),
  deleteAnnotation: z.object({ id, annotationId: id }).strict(),
  restoreAnnotation: z.object({ id, annotationId: id }).strict(),
  exportAnnotations: z.object({ id, format: z.enum(['markdown', 'jsonld']) }).strict(),
  importAnnotations: z.object({ id, content: z.string().max(50 * 1024 * 1024) }).strict(),

  search: z
    .object({
      query: z.string().max(2000),
      limit: z.number().int().min(1).max(1000).optional(),
      sort: z.enum(['relevance', 'date']).optional(),
      complete: z.boolean().optional(),
    })
    .strict(),

  getSettings: empty,
  updateSettings: z
    .object({
      highlightColors: z.array(z.object({ color: z.enum(HIGHLIGHT_COLORS), label: z.string().max(40) }).strict()).max(HIGHLIGHT_COLORS.length).optional(),
      // The style and locale are checked by the service, which knows the user's own styles.
      citationStyle: z.string().max(200).optional(),
      citationLocale: z.string().max(20).optional(),
    })
    .strict(),

  listCitationStyles: empty,
  addCitationStyle: z.object({ fileName: z.string().trim().min(1).max(1000), content: z.string().max(MAX_STYLE_BYTES + 1) }).strict(),
  removeCitationStyle: z.object({ id }).strict(),
  cite: z.object({ id, highlightId: id.optional(), style: citationStyle, locale: citationLocale }).strict(),
  exportReferences: z
    .object({
      format: z.enum(EXPORT_FORMATS),
      ids: z.array(id).max(1_000_000).optional(),
      tag: z.string().max(200).optional(),
      style: citationStyle,
      locale: citationLocale,
    })
    .strict(),
  listAutoExports: empty,
  addAutoExport: z.object({ path: z.string().trim().min(1).max(4000), format: z.enum(['bibtex', 'biblatex', 'csl-json']) }).strict(),
  removeAutoExport: z.object({ path: z.string().trim().min(1).max(4000) }).strict(),
  checkLibrary: z.object({ repair: z.boolean().optional(), quick: z.boolean().optional() }).strict(),
  listBackups: empty,
  takeBackup: empty,
  restoreBackup: z.object({ name: z.string().trim().min(1, 'must not be empty').max(200) }).strict(),
  getSyncStatus: empty,
  setDeviceName: z.object({ name: z.string().trim().max(80, 'must be at most 80 characters') }).strict(),
  listConflicts: empty,
  resolveConflict: z.object({ id: z.string().regex(/^[A-Za-z0-9._-]{1,200}\.json$/, 'must name a kept version'), keep: z.boolean() }).strict(),
} satisfies Record<ArchiveMethod, z.ZodType>

/** What a schema lets through, as the service receives it. */
export type CheckedArgOf<M extends ArchiveMethod> = z.output<(typeof ARGUMENTS)[M]>

// Checked both ways at build time: every argument a schema lets through is one the service takes, and
// every argument the service declares has the schema's shape, so a field added to one side only fails
// the build here. addReferences alone checks only the outline of each entry's CSL-JSON, which the
// service then reads entry by entry (describeCslProblem), naming each entry it refuses.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false
type Fits<A, B> = [A] extends [B] ? true : false
type Agrees<M extends ArchiveMethod> = M extends 'addReferences' ? Fits<ArgOf<M>, z.input<(typeof ARGUMENTS)[M]>> : Same<CheckedArgOf<M>, ArgOf<M>>
const ARGUMENTS_MATCH_THE_API: { [M in ArchiveMethod]: Agrees<M> } = Object.fromEntries(
  Object.keys(ARGUMENTS).map((method) => [method, true]),
) as { [M in ArchiveMethod]: true }
void ARGUMENTS_MATCH_THE_API

export const ARCHIVE_METHODS = Object.keys(ARGUMENTS) as ArchiveMethod[]

/**
 * The one entry point every transport uses: checks the method and its argument, calls the service,
 * and answers with an envelope. Errors keep only a code and a sentence, since IPC drops the rest.
 */
export async function dispatch(api: ArchiveApi, method: string, arg: unknown): Promise<Envelope<unknown>> {
  if (!Object.hasOwn(ARGUMENTS, method)) {
    return failure('unknown_method', `"${method}" is not an operation of the archive.`)
  }
  const schema = ARGUMENTS[method as ArchiveMethod]
  const parsed = schema.safeParse(arg ?? {})
  if (!parsed.success) {
    return failure('invalid_argument', `Invalid argument to ${method}: ${describeIssue(parsed.error.issues[0])}.`)
  }
  try {
    const call = api[method as ArchiveMethod] as (arg: unknown) => Promise<unknown>
    return { ok: true, value: await call.call(api, parsed.data) }
  } catch (error) {
    if (error instanceof ArchiveError) return failure(error.code, error.message, error.duplicateOf)
    const detail = error instanceof Error ? error.message : String(error)
    return failure('internal', `Scriptorium could not complete ${method}: ${detail}`)
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || 'the argument'
  switch (issue.code) {
    case 'unrecognized_keys': {
      const fields = `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      return issue.path.length ? `${path} has ${fields}` : fields
    }
    case 'invalid_type':
      return issue.message.endsWith('received undefined') ? `${path} is missing` : `${path} must be ${article(issue.expected)}`
    case 'invalid_value':
      return issue.values.length > 5
        ? `${path} must be one of ${issue.values.length} values, such as ${JSON.stringify(issue.values[0])}, ${JSON.stringify(issue.values[1])} or ${JSON.stringify(issue.values.at(-1))}`
        : `${path} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`
    default:
      return `${path} ${lowerFirst(issue.message)}`
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1)
}

export function failure(code: ErrorCode, message: string, duplicateOf?: string): Envelope<never> {
  return { ok: false, error: duplicateOf ? { code, message, duplicateOf } : { code, message } }
}
