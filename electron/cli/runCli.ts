import { existsSync } from 'node:fs'
import { pageSpanText } from '../core/pdf/pageSpan'
import { readFile, stat } from 'node:fs/promises'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ArchiveApi, ArchiveMethod, ArgOf, ConflictSummary, Envelope, SyncStatus, ImportFailure, ImportReport, Item, ItemPatch, LibraryInfo, ReferenceFileContents, ResultOf } from '../core/archiveApi'
import { HIGHLIGHT_COLORS, type HighlightColor } from '../core/annotations/annotationModel'
import { CSL_TYPES, parseAuthor } from '../core/cslItem'
import { dispatch } from '../core/dispatch'
import { parseDoi } from '../core/references/resolveDoi'
import { referenceFormatOfName } from '../core/references/referenceFormat'
import { addReferencesInChunks } from '../core/references/addReferencesInChunks'
import { REFERENCE_CHUNK } from '../core/references/referenceChunks'
import { MAX_IMPORT_BYTES, tooLargeToImport } from '../core/importLimit'
import { startConnectorBridge } from '../node/connector/startConnectorBridge'
import { resolveLibraryDir } from '../node/libraryLocation'
import { connectorPorts } from '../node/connector/connectorPort'
import { pairingStore } from '../node/connector/pairingStore'
import { resolveStateFolder } from '../node/stateFolder'
import { runPairCommand } from './pairCommand'
import { openArchive } from '../node/openArchive'
import { syncLibrary } from '../node/syncLibrary'
import { fileFailure } from '../node/fileFailure'
import { resolveLogFolder } from '../node/log/logFolder'
import { flushLogging, startLogging } from '../node/log/startLogging'
import { logEvent } from '../node/log/logEvent'
import { summarizeError } from '../node/log/summarizeError'
import { libraryFolderProblem } from './libraryFolderProblem'
import { CITE_COMMAND_OPTIONS, CITE_USAGE, runCiteCommand } from './citeCommands'
import { MAINTENANCE_COMMAND_OPTIONS, MAINTENANCE_USAGE, runMaintenanceCommand } from './maintenanceCommands'
import { describeItem, formatItemTable } from './formatItem'
import { formatSearchResults } from './formatSearchResults'
import { DUPLICATE_COMMAND_OPTIONS, DUPLICATE_USAGE, runDuplicateCommand } from './duplicateCommands'
import { collectionNamed, ORGANIZE_COMMAND_OPTIONS, ORGANIZE_USAGE, runOrganizeCommand, savedSearchNamed } from './organizeCommands'

export interface CliEnvironment {
  argv: string[]
  env: NodeJS.ProcessEnv
  stdout: (text: string) => void
  stderr: (text: string) => void
  resourcesDir: string
  webRoot: string
  /** Resolves when a long-running command (serve) should stop. */
  untilStopped: () => Promise<void>
}

export const USAGE = `Usage: scriptorium [--library DIR] [--json] COMMAND

Commands:
  add FILE... [--allow-duplicate]
                       add articles: text, Markdown, saved web pages (.html), references
                       (.bib, .ris, CSL-JSON); in place of a FILE, a page by its http(s)
                       address or a reference by its DOI; something already in the
                       library is refused unless --allow-duplicate
  list [--trash]       list the library, or the trash (see --collection and --saved below)
  show ID              show an item (ID or citation key)
  edit ID [--title T] [--author "Family, Given"]... [--editor "Family, Given"]...
          [--translator "Family, Given"]... [--date YYYY[-MM[-DD]]] [--container C]
          [--url U] [--type T] [--language L] [--tag T]... [--citekey K]
          [--doi 10.x/Y] [--volume V] [--issue I] [--pages P] [--publisher P]
                       change an item's metadata; --author, --editor, --translator and --tag
                       replace the whole list
  delete ID            move an item to the trash
  restore ID           take an item back out of the trash
  empty-trash --yes    delete everything in the trash for good
  highlight ID --quote Q [--prefix P] [--suffix S] [--occurrence N] [--color C] [--note N]
                       highlight a passage; curly and straight quotes match each other
  note ID MARKDOWN     add a note to an item
  annotations ID [--format markdown|jsonld]
                       print an item's highlights and notes for Obsidian, or as W3C JSON-LD
  import-annotations ID FILE
                       add the W3C Web Annotations of a JSON-LD file to an item
${CITE_USAGE}
  search QUERY [--limit N] [--sort relevance|date]
                       full-text search: words, "phrases", OR, -word, author: title: tag:
                       type: lang: year:2018 year:2015..2019 in:notes in:highlights
${ORGANIZE_USAGE}
${DUPLICATE_USAGE}
${MAINTENANCE_USAGE}
  sync                 merge the conflict copies a sync tool (Syncthing, Dropbox, Nextcloud)
                       left, take in every record changed elsewhere, and list the versions
                       kept in conflicts/
  serve [--port N]     serve the app to a browser on 127.0.0.1, and the browser extension's
                       connector: port 23120 (or $SCRIPTORIUM_PORT), else the next free one
  pair                 list the browser extensions paired with this machine, and those waiting
  pair approve CODE    let the extension showing CODE save pages to Scriptorium
  pair revoke ID       take that right back

Options:
  --library DIR        the library folder (default: $SCRIPTORIUM_LIBRARY, else the app's own)
  --json               print machine-readable JSON
  --verbose            also print the log's lines on stderr
  --help               show this help`

const OPTIONS = {
  library: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  verbose: { type: 'boolean' },
  trash: { type: 'boolean' },
  title: { type: 'string' },
  author: { type: 'string', multiple: true },
  editor: { type: 'string', multiple: true },
  translator: { type: 'string', multiple: true },
  date: { type: 'string' },
  container: { type: 'string' },
  url: { type: 'string' },
  type: { type: 'string' },
  language: { type: 'string' },
  tag: { type: 'string', multiple: true },
  port: { type: 'string' },
  quote: { type: 'string' },
  prefix: { type: 'string' },
  suffix: { type: 'string' },
  occurrence: { type: 'string' },
  color: { type: 'string' },
  note: { type: 'string' },
  format: { type: 'string' },
  yes: { type: 'boolean' },
  citekey: { type: 'string' },
  highlight: { type: 'string' },
  style: { type: 'string' },
  locale: { type: 'string' },
  out: { type: 'string' },
  'allow-duplicate': { type: 'boolean' },
  doi: { type: 'string' },
  volume: { type: 'string' },
  issue: { type: 'string' },
  pages: { type: 'string' },
  publisher: { type: 'string' },
  limit: { type: 'string' },
  sort: { type: 'string' },
  repair: { type: 'boolean' },
  parent: { type: 'string' },
  collection: { type: 'string' },
  saved: { type: 'string' },
  'add-tag': { type: 'string', multiple: true },
  'remove-tag': { type: 'string', multiple: true },
} satisfies ParseArgsConfig['options']

type Options = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

// Which options each command accepts besides the global ones.
const COMMAND_OPTIONS: Record<string, readonly (keyof Options)[]> = {
  add: ['allow-duplicate'],
  list: ['trash', 'collection', 'saved'],
  show: [],
  edit: ['title', 'author', 'editor', 'translator', 'date', 'container', 'url', 'type', 'language', 'tag', 'citekey', 'doi', 'volume', 'issue', 'pages', 'publisher', 'add-tag', 'remove-tag'],
  delete: [],
  restore: [],
  serve: ['port'],
  pair: [],
  highlight: ['quote', 'prefix', 'suffix', 'occurrence', 'color', 'note'],
  note: [],
  annotations: ['format'],
  'import-annotations': [],
  'empty-trash': ['yes'],
  sync: [],
  ...CITE_COMMAND_OPTIONS,
  search: ['limit', 'sort'],
  ...MAINTENANCE_COMMAND_OPTIONS,
  ...ORGANIZE_COMMAND_OPTIONS,
  ...DUPLICATE_COMMAND_OPTIONS,
}
const GLOBAL_OPTIONS: (keyof Options)[] = ['library', 'json', 'help', 'verbose']

class UsageError extends Error {}
class RefusedError extends Error {}

/** Runs one command line; returns the exit code: 0 done, 1 refused, 2 bad usage. */
export async function runCli(io: CliEnvironment): Promise<number> {
  try {
    return await run(io)
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\nRun "scriptorium --help" for usage.`)
      return 2
    }
    if (error instanceof RefusedError) {
      io.stderr(error.message)
      return 1
    }
    logEvent({ event: 'unexpected-error', where: 'cli', error: summarizeError(error) })
    io.stderr(`Scriptorium failed unexpectedly: ${(error as Error)?.message ?? error}`)
    return 1
  } finally {
    await flushLogging()
  }
}

async function run(io: CliEnvironment): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: io.argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (error) {
    const sentence = ((error as Error).message.split('\n')[0] ?? '').replace(/\. To specify a positional.*$/, '.')
    throw new UsageError(sentence.endsWith('.') ? sentence : `${sentence}.`)
  }
  const { values: options, positionals } = parsed
  const [command, ...args] = positionals
  if (options.help || !command) {
    io.stdout(`${USAGE}\n\nLogs: ${resolveLogFolder(io.env)}\n  (errors, waits, repairs and slow operations; never article text, notes or tokens;\n  SCRIPTORIUM_LOG_DIR moves them)`)
    return options.help ? 0 : 2
  }
  if (!Object.hasOwn(COMMAND_OPTIONS, command)) throw new UsageError(`Unknown command "${command}".`)
  for (const key of Object.keys(options) as (keyof Options)[]) {
    if (!GLOBAL_OPTIONS.includes(key) && !COMMAND_OPTIONS[command].includes(key)) {
      throw new UsageError(`The option --${key} does not apply to "${command}".`)
    }
  }

  // Pairing is this machine's, not a library's.
  if (command === 'pair') {
    return runPairCommand({ args, json: options.json === true, store: pairingStore(resolveStateFolder(io.env)), stdout: io.stdout, usageError: (message) => new UsageError(message), refused: (message) => new RefusedError(message) })
  }
  const libraryDir = resolveLibraryDir(options.library, io.env)
  const folderProblem = await libraryFolderProblem(libraryDir)
  if (folderProblem) throw new RefusedError(folderProblem)
  const logFolder = resolveLogFolder(io.env)
  // A command writes its log when done; `serve` as things happen.
  await startLogging({ folder: logFolder, process: command === 'serve' ? 'serve' : 'cli', verbose: options.verbose ? io.stderr : undefined, deferred: command !== 'serve' })
  logEvent({ event: 'started', command, library: libraryDir })
  const api = openArchive({
    libraryDir,
    resourcesDir: io.resourcesDir,
    warmCitations: command === 'serve',
    longRunning: command === 'serve',
    onWaiting: io.stderr,
    logFolder,
    // `serve` shows the app, which approves extensions' pairing requests.
    stateFolder: command === 'serve' ? resolveStateFolder(io.env) : undefined,
  })
  const call = async <M extends ArchiveMethod>(method: M, arg: ArgOf<M>): Promise<ResultOf<M>> => {
    const envelope = await dispatch(api, method, arg)
    if (!envelope.ok) throw new RefusedError(envelope.error.message)
    return envelope.value as ResultOf<M>
  }
  const print = (value: unknown, human: () => string) => io.stdout(options.json ? JSON.stringify(value, null, 2) : human())
  const oneId = () => {
    if (args.length !== 1) throw new UsageError(`"${command}" takes exactly one item ID.`)
    return args[0]
  }

  switch (command) {
    case 'add':
      return add(args, api, io, options.json === true, options['allow-duplicate'] === true)
    case 'list': {
      if (args.length) throw new UsageError('"list" takes no arguments.')
      if ([options.trash, options.collection, options.saved].filter((given) => given !== undefined).length > 1) throw new UsageError('"list" takes one of --trash, --collection and --saved.')
      const lookups = { call, refused: (message: string) => new RefusedError(message) }
      const filter = {
        ...(options.collection !== undefined ? { collectionId: (await collectionNamed(options.collection, lookups)).collection.id } : {}),
        ...(options.saved !== undefined ? { query: (await savedSearchNamed(options.saved, lookups)).query } : {}),
      }
      const items = await call('listItems', { trash: options.trash === true, ...filter })
      if (options.collection !== undefined || options.saved !== undefined) {
        print(items, () => (items.length ? formatItemTable(items) : options.saved !== undefined ? `The saved search "${options.saved}" finds nothing now.` : `The collection "${options.collection}" is empty.`))
        return 0
      }
      print(items, () => (items.length ? formatItemTable(items) : options.trash ? 'The trash is empty.' : 'The library is empty. Add an article with: scriptorium add FILE'))
      return 0
    }
    case 'show': {
      const item = await call('getItem', { id: oneId() })
      const annotations = await call('listAnnotations', { id: item.id })
      print({ ...item, highlights: annotations.highlights, notes: annotations.notes }, () => describeItem(item, annotations))
      return 0
    }
    case 'highlight': {
      if (options.quote === undefined) throw new UsageError('"highlight" needs the passage to mark, as --quote "…".')
      const occurrence = options.occurrence === undefined ? undefined : Number(options.occurrence)
      if (occurrence !== undefined && !(Number.isInteger(occurrence) && occurrence >= 1)) {
        throw new UsageError(`--occurrence must be a whole number from 1 up, not "${options.occurrence}".`)
      }
      if (options.color !== undefined && !(HIGHLIGHT_COLORS as readonly string[]).includes(options.color)) {
        throw new UsageError(`--color must be one of ${HIGHLIGHT_COLORS.join(', ')}, not "${options.color}".`)
      }
      const highlight = await call('addHighlight', {
        id: oneId(),
        quote: options.quote,
        prefix: options.prefix,
        suffix: options.suffix,
        occurrence,
        color: options.color as HighlightColor | undefined,
        note: options.note,
      })
      print(highlight, () => `Highlighted ${highlight.id} ${highlight.pages ? `on ${pageSpanText(highlight.pages)}` : `in paragraph ${highlight.paragraph ?? '—'}`}: “${highlight.quote}”`)
      return 0
    }
    case 'note': {
      if (args.length !== 2) throw new UsageError('"note" takes an item ID and the note\'s Markdown text.')
      const note = await call('addNote', { id: args[0], note: args[1] })
      print(note, () => `Added note ${note.id}.`)
      return 0
    }
    case 'annotations': {
      const format = options.format ?? 'markdown'
      if (format !== 'markdown' && format !== 'jsonld') throw new UsageError(`--format must be markdown or jsonld, not "${format}".`)
      const file = await call('exportAnnotations', { id: oneId(), format })
      io.stdout(file.content.trimEnd())
      return 0
    }
    case 'import-annotations': {
      if (args.length !== 2) throw new UsageError('"import-annotations" takes an item ID and a JSON-LD file.')
      let content: string
      try {
        content = await readFile(args[1], 'utf8')
      } catch (error) {
        throw new RefusedError(`Could not read ${args[1]}: ${fileFailure(error, 'read')}.`)
      }
      const result = await call('importAnnotations', { id: args[0], content })
      print(result, () =>
        [
          `Imported ${result.imported} annotation${result.imported === 1 ? '' : 's'}${result.unchanged ? `; ${result.unchanged} were already there` : ''}.`,
          ...(result.orphaned ? [`${result.orphaned} of them quote text this article does not hold; they are kept as orphans.`] : []),
        ].join('\n'),
      )
      return 0
    }
    case 'edit': {
      if (options['add-tag'] !== undefined || options['remove-tag'] !== undefined) {
        if (Object.keys(patchFromOptions(options)).length) throw new UsageError('"edit" with --add-tag or --remove-tag changes tags only; change other fields in a command of their own.')
        if (!args.length) throw new UsageError('"edit" needs at least one item ID.')
        const result = await call('editTags', { ids: args, add: options['add-tag'] ?? [], remove: options['remove-tag'] ?? [] })
        print(result, () => `Changed the tags of ${result.changed} of ${args.length} item${args.length === 1 ? '' : 's'}.`)
        return 0
      }
      const id = oneId()
      const patch = patchFromOptions(options)
      if (!Object.keys(patch).length) throw new UsageError('"edit" needs at least one field to change, such as --title.')
      const item = await call('updateItem', { id, patch })
      print(item, () => `Updated ${item.id}.\n${describeItem(item)}`)
      return 0
    }
    case 'delete': {
      const item = await call('trashItem', { id: oneId() })
      print(item, () => `Moved ${item.id} "${item.csl.title}" to the trash. Undo with: scriptorium restore ${item.id}`)
      return 0
    }
    case 'restore': {
      const item = await call('restoreItem', { id: oneId() })
      print(item, () => `Restored ${item.id} "${item.csl.title}".`)
      return 0
    }
    case 'empty-trash': {
      if (args.length) throw new UsageError('"empty-trash" takes no arguments.')
      if (!options.yes) {
        // Deleting for good is the one thing Undo cannot reach: it takes an explicit --yes.
        const trashed = await call('listItems', { trash: true })
        if (trashed.length) {
          throw new RefusedError(`This deletes ${trashed.length} item${trashed.length === 1 ? '' : 's'} in the trash for good; run "scriptorium empty-trash --yes" to do it.`)
        }
      }
      const result = await call('emptyTrash', {})
      const { removed, notes = [] } = result
      print(result, () => [removed ? `Deleted ${removed} item${removed === 1 ? '' : 's'} for good.` : notes.length ? 'No item was deleted.' : 'The trash was already empty.', ...notes].join('\n'))
      return 0
    }
    case 'search': {
      if (args[0] === 'save' && args.length === 3) {
        if (options.limit !== undefined || options.sort !== undefined) throw new UsageError('"search save" takes a NAME and a QUERY, without --limit or --sort.')
        const saved = await call('saveSearch', { name: args[1], query: args[2] })
        print(saved, () => `Saved the search "${saved.name}": ${saved.query}\nList what it finds with: scriptorium list --saved "${saved.name}"`)
        return 0
      }
      if (args[0] === 'delete' && args.length === 2) {
        const saved = await savedSearchNamed(args[1], { call, refused: (message) => new RefusedError(message) })
        const result = await call('deleteSavedSearch', { id: saved.id })
        print(result, () => `Deleted the saved search "${result.removed}".`)
        return 0
      }
      if (args.length !== 1) throw new UsageError('"search" takes one query; put it in quotes, as in: scriptorium search "tijdperk vrede".')
      const limit = options.limit === undefined ? 20 : /^\d{1,4}$/.test(options.limit) ? Number(options.limit) : NaN
      if (!(limit >= 1 && limit <= 1000)) throw new UsageError(`--limit must be a number from 1 to 1000, not "${options.limit}".`)
      const sort = options.sort ?? 'relevance'
      if (sort !== 'relevance' && sort !== 'date') throw new UsageError(`--sort must be relevance or date, not "${sort}".`)
      const results = await call('search', { query: args[0], limit, sort, complete: true })
      print(results, () => formatSearchResults(results))
      return 0
    }
    case 'sync': {
      if (args.length) throw new UsageError('"sync" takes no arguments.')
      const status = await syncLibrary(libraryDir)
      const conflicts = await call('listConflicts', {})
      print({ ...status, conflicts }, () => describeSync(status, conflicts))
      return 0
    }
    case 'serve':
      return serve(api, options, io, args)
  }
  if (Object.hasOwn(MAINTENANCE_COMMAND_OPTIONS, command)) {
    return runMaintenanceCommand({
      command: command as keyof typeof MAINTENANCE_COMMAND_OPTIONS,
      args,
      options,
      call,
      stdout: io.stdout,
      usageError: (message) => new UsageError(message),
    })
  }
  if (Object.hasOwn(ORGANIZE_COMMAND_OPTIONS, command)) {
    return runOrganizeCommand(command as keyof typeof ORGANIZE_COMMAND_OPTIONS, {
      args,
      options,
      call,
      stdout: io.stdout,
      usageError: (message) => new UsageError(message),
      refused: (message) => new RefusedError(message),
    })
  }
  if (Object.hasOwn(DUPLICATE_COMMAND_OPTIONS, command)) {
    return runDuplicateCommand(command as keyof typeof DUPLICATE_COMMAND_OPTIONS, { args, json: options.json === true, call, stdout: io.stdout, usageError: (message) => new UsageError(message) })
  }
  if (Object.hasOwn(CITE_COMMAND_OPTIONS, command)) {
    return runCiteCommand({
      command: command as keyof typeof CITE_COMMAND_OPTIONS,
      args,
      options,
      libraryDir,
      call,
      stdout: io.stdout,
      stderr: io.stderr,
      usageError: (message) => new UsageError(message),
      refused: (message) => new RefusedError(message),
    })
  }
  return 2
}

// Above this many inputs, an add reports its progress on stderr.
const BULK_INPUTS = 20
const CHUNK = 10

async function add(inputs: string[], api: ArchiveApi, io: CliEnvironment, json: boolean, allowDuplicate: boolean): Promise<number> {
  if (!inputs.length) throw new UsageError('"add" needs at least one file.')
  const added: Item[] = []
  const failed: ImportFailure[] = []
  const notes: ImportFailure[] = []
  const bulk = inputs.length > BULK_INPUTS
  let done = 0
  const progress = (count: number) => {
    done += count
    if (bulk) io.stderr(`Progress: ${done} of ${inputs.length}`)
  }
  const refused = (envelope: Envelope<unknown>, name: string) => {
    if (envelope.ok) return
    // A library that refuses everything (damaged, read-only, newer) stops the whole command.
    if (!PER_FILE_REFUSALS.includes(envelope.error.code)) throw new RefusedError(envelope.error.message)
    failed.push({ name, message: envelope.error.message, ...(envelope.error.duplicateOf ? { duplicateOf: envelope.error.duplicateOf } : {}) })
  }

  const isDoi = (input: string) => parseDoi(input) !== undefined && !existsSync(input)
  const isReferenceFile = (input: string) => referenceFormatOfName(input) !== undefined
  const files = inputs.filter((input) => !/^https?:\/\//i.test(input) && !isDoi(input) && !isReferenceFile(input))
  for (const file of inputs.filter((input) => !/^https?:\/\//i.test(input) && !isDoi(input) && isReferenceFile(input))) {
    await addReferenceFile(file, api, io, allowDuplicate, added, failed, notes)
    progress(1)
  }
  for (let start = 0; start < files.length; start += bulk ? CHUNK : files.length) {
    const chunk = files.slice(start, start + (bulk ? CHUNK : files.length))
    const uploads = []
    for (const file of chunk) {
      try {
        // Refuse an oversized file by its size, before reading it into memory.
        const { size } = await stat(file)
        if (size > MAX_IMPORT_BYTES) failed.push({ name: file, message: tooLargeToImport(file, size) })
        else uploads.push({ name: file, dataBase64: (await readFile(file)).toString('base64') })
      } catch (error) {
        failed.push({ name: file, message: `Could not read ${file}: ${fileFailure(error, 'read')}.` })
      }
    }
    if (uploads.length) {
      const envelope = await dispatch(api, 'importFiles', { files: uploads, ...(allowDuplicate ? { allowDuplicate } : {}) })
      if (!envelope.ok) throw new RefusedError(envelope.error.message)
      const report = envelope.value as ImportReport
      added.push(...report.added)
      failed.push(...report.failed)
      notes.push(...(report.notes ?? []))
    }
    progress(chunk.length)
  }
  for (const doi of inputs.filter(isDoi)) {
    const envelope = await dispatch(api, 'addDoi', { doi, ...(allowDuplicate ? { allowDuplicate } : {}) })
    if (envelope.ok) added.push(envelope.value as Item)
    else refused(envelope, doi)
    progress(1)
  }
  for (const url of inputs.filter((input) => /^https?:\/\//i.test(input) && !isDoi(input))) {
    const envelope = await dispatch(api, 'addWebPage', { url, ...(allowDuplicate ? { allowDuplicate } : {}) })
    if (envelope.ok) added.push(envelope.value as Item)
    else refused(envelope, url)
    progress(1)
  }

  if (json) io.stdout(JSON.stringify(added, null, 2))
  else for (const item of added) io.stdout(`Added ${item.id} ${item.citekey}: ${item.csl.title}`)
  // Told, not failed: the entry is in, under another key.
  for (const note of notes) io.stderr(note.message)
  for (const failure of failed) io.stderr(failure.duplicateOf ? `${failure.message} Add it again with --allow-duplicate.` : failure.message)
  return failed.length ? 1 : 0
}

/**
 * A .bib, .ris or CSL-JSON file, read once, then added a chunk at a time as the app does, with
 * "Progress: N of M" on stderr when it holds more than one chunk.
 */
async function addReferenceFile(file: string, api: ArchiveApi, io: CliEnvironment, allowDuplicate: boolean, added: Item[], failed: ImportFailure[], notes: ImportFailure[]): Promise<void> {
  let dataBase64: string
  try {
    const { size } = await stat(file)
    if (size > MAX_IMPORT_BYTES) return void failed.push({ name: file, message: tooLargeToImport(file, size) })
    dataBase64 = (await readFile(file)).toString('base64')
  } catch (error) {
    return void failed.push({ name: file, message: `Could not read ${file}: ${fileFailure(error, 'read')}.` })
  }
  const read = await dispatch(api, 'readReferenceFile', { name: file, dataBase64 })
  if (!read.ok) {
    if (!PER_FILE_REFUSALS.includes(read.error.code)) throw new RefusedError(read.error.message)
    return void failed.push({ name: file, message: read.error.message })
  }
  const contents = read.value as ReferenceFileContents
  failed.push(...contents.problems.map((problem) => ({ name: file, message: `${file}: ${problem}` })))
  const { done, total, refusal } = await addReferencesInChunks(
    file,
    contents,
    async (chunk) => {
      const envelope = await dispatch(api, 'addReferences', chunk)
      if (!envelope.ok) throw new Error(envelope.error.message)
      return envelope.value as ImportReport
    },
    {
      allowDuplicate,
      onChunk: (report, _entries, progress) => {
        added.push(...report.added)
        failed.push(...report.failed)
        notes.push(...(report.notes ?? []))
        if (progress.total > REFERENCE_CHUNK) io.stderr(`Progress: ${progress.done} of ${progress.total}`)
      },
    },
  )
  if (refusal) {
    // The library refuses (read-only, full): what was added stays, and the rest is accounted for.
    failed.push({ name: file, message: refusal.message })
    const chunk = Math.min(REFERENCE_CHUNK, total - done)
    if (total - done > chunk) failed.push({ name: file, message: `${total - done - chunk} more entries of ${file} were not added.` })
  }
}

const PER_FILE_REFUSALS = ['duplicate', 'fetch_failed', 'unsupported_file', 'file_too_large', 'invalid_argument']

function patchFromOptions(options: Options): ItemPatch {
  const patch: ItemPatch = {}
  if (options.title !== undefined) patch.title = options.title
  if (options.author !== undefined) patch.author = options.author.filter((name) => name.trim()).map(parseAuthor)
  if (options.editor !== undefined) patch.editor = options.editor.filter((name) => name.trim()).map(parseAuthor)
  if (options.translator !== undefined) patch.translator = options.translator.filter((name) => name.trim()).map(parseAuthor)
  if (options.date !== undefined) patch.issued = options.date
  if (options.container !== undefined) patch.containerTitle = options.container
  if (options.url !== undefined) patch.URL = options.url
  if (options.type !== undefined) {
    if (!(CSL_TYPES as readonly string[]).includes(options.type)) {
      throw new UsageError(`--type "${options.type}" is not a CSL item type; use one of: ${CSL_TYPES.join(', ')}.`)
    }
    patch.type = options.type as ItemPatch['type']
  }
  if (options.language !== undefined) patch.language = options.language
  if (options.tag !== undefined) patch.tags = options.tag
  if (options.citekey !== undefined) patch.citekey = options.citekey
  if (options.doi !== undefined) patch.DOI = options.doi
  if (options.volume !== undefined) patch.volume = options.volume
  if (options.issue !== undefined) patch.issue = options.issue
  if (options.pages !== undefined) patch.page = options.pages
  if (options.publisher !== undefined) patch.publisher = options.publisher
  return patch
}

function describeSync(status: SyncStatus & { changed: number }, conflicts: ConflictSummary[]): string {
  const lines = [
    `${status.changed} record${status.changed === 1 ? '' : 's'} changed elsewhere taken in; ${status.merged} conflict cop${status.merged === 1 ? 'y' : 'ies'} merged.`,
    status.tool ? `The library folder is synced by ${status.tool}; this machine is "${status.device}".` : `No sync tool was found around the library folder; this machine is "${status.device}".`,
  ]
  if (status.problem) lines.push(status.problem)
  if (!conflicts.length) lines.push('No version is waiting in conflicts/.')
  for (const conflict of conflicts) {
    lines.push(`Kept version ${conflict.id} of "${conflict.title}" (from ${conflict.from}, ${conflict.savedAt}):`)
    for (const difference of conflict.differences) lines.push(`  ${difference.key}: ${difference.value}`)
  }
  return lines.join('\n')
}

async function serve(api: ArchiveApi, options: Options, io: CliEnvironment, args: string[]): Promise<number> {
  if (args.length) throw new UsageError('"serve" takes no arguments.')
  const port = options.port === undefined ? undefined : /^\d{1,5}$/.test(options.port) ? Number(options.port) : NaN
  if (port !== undefined && !(port >= 0 && port <= 65535)) throw new UsageError(`--port must be a number from 0 to 65535, not "${options.port}".`)
  // Without --port, the connector's fixed port, where the browser extension looks, or the next free one.
  const ports = port !== undefined ? [port] : connectorPorts(io.env)
  if (typeof ports === 'string') throw new UsageError(ports)
  const info = await dispatch(api, 'getLibraryInfo', {})
  const pairing = pairingStore(resolveStateFolder(io.env))
  let bridge
  try {
    bridge = await startConnectorBridge({ api, webRoot: io.webRoot, pairing }, ports)
  } catch (error) {
    throw new RefusedError(`Could not start the server: ${(error as Error).message}`)
  }
  if (typeof bridge === 'string') throw new RefusedError(bridge)
  const location = info.ok ? (info.value as LibraryInfo).location : resolveLibraryDir(options.library, io.env)
  if (options.json) io.stdout(JSON.stringify({ url: bridge.url, library: location }))
  else {
    io.stdout(`Scriptorium is serving the library at ${location}`)
    if (!info.ok) io.stderr(info.error.message)
    io.stdout(`Open ${bridge.url}`)
    io.stdout(`The browser extension finds Scriptorium on port ${bridge.port}; approve its pairing code with: scriptorium pair approve CODE`)
    io.stdout('Press Ctrl+C to stop.')
  }
  await io.untilStopped()
  await bridge.close()
  return 0
}

