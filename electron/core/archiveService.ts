import type { ArchiveApi, ImportFailure, Item, ItemPatch } from './archiveApi'
import { MAX_IMPORT_BYTES, tooLargeToImport } from './importLimit'
import { ArchiveError } from './archiveError'
import type { ArchiveStore } from './archiveStore'
import { countWords, renderArticleHtml } from './articleBlocks'
import { decodeBase64 } from './base64'
import { CSL_TYPES, parsePartialDate, type CslItem } from './cslItem'
import { decodeText } from './decodeText'
import { detectLanguage } from './detectLanguage'
import { generateCitekey } from './generateCitekey'
import { importPlainText } from './importPlainText'

export interface SampleFile {
  name: string
  bytes: Uint8Array
}

export interface ArchiveServiceOptions {
  store: ArchiveStore
  /** The bundled sample article, read on demand. */
  readSample: () => Promise<SampleFile>
  now?: () => Date
}

const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml'])
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ'

export function createArchiveService({ store, readSample, now = () => new Date() }: ArchiveServiceOptions): ArchiveApi {
  function itemOrThrow(id: string): Item {
    const item = store.find(id) ?? store.all().find((candidate) => candidate.citekey === id)
    if (!item) throw new ArchiveError('not_found', `There is no item with id "${id}".`)
    return item
  }

  function newId(): string {
    for (;;) {
      const bytes = crypto.getRandomValues(new Uint8Array(8))
      const id = Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')
      if (!store.find(id)) return id
    }
  }

  async function importOne(name: string, bytes: Uint8Array): Promise<Item> {
    const extension = /\.([^./\\]+)$/.exec(name)?.[1]?.toLowerCase() ?? ''
    if (bytes.length > MAX_IMPORT_BYTES) throw new ArchiveError('file_too_large', tooLargeToImport(name, bytes.length))
    if (HTML_EXTENSIONS.has(extension)) {
      throw new ArchiveError('unsupported_file', `${name} is an HTML page; this version imports plain-text files only.`)
    }
    const { text, encoding } = decodeText(bytes, name)
    return addTextArticle(name, extension || 'txt', bytes, text, encoding)
  }

  async function addTextArticle(name: string, extension: string, bytes: Uint8Array, text: string, encoding: string) {
    const article = importPlainText(text)
    if (!article.blocks.some((block) => block.kind === 'paragraph')) {
      throw new ArchiveError('unsupported_file', `${name} has no paragraphs of text to archive.`)
    }
    const plainText = article.blocks.map((block) => block.text).join('\n\n')
    const csl: CslItem = {
      ...article.csl,
      id: '',
      type: article.csl.type ?? 'article',
      language: article.csl.language ?? detectLanguage(plainText),
    }
    if (!csl.language) delete csl.language
    const stamp = now().toISOString()
    const item: Item = {
      id: '',
      citekey: '',
      csl,
      tags: article.tags,
      addedAt: stamp,
      modifiedAt: stamp,
      trashedAt: null,
      source: { fileName: name.split(/[\\/]/).pop() ?? name, mediaType: 'text/plain', encoding, byteLength: bytes.length },
      wordCount: countWords(article.blocks),
      paragraphCount: article.blocks.filter((block) => block.kind === 'paragraph').length,
    }
    const files = { contentHtml: renderArticleHtml(article.blocks), source: bytes, sourceExtension: extension }
    // The id and the pinned citekey must be unique in the catalog as it is on disk right now.
    return store.mutate(async () => {
      item.id = item.csl.id = newId()
      item.citekey = generateCitekey(csl, (key) => store.hasCitekey(key))
      await store.add(item, files)
      return item
    })
  }

  function change(id: string, edit: (item: Item) => void): Promise<Item> {
    return store.mutate(async () => {
      const item = structuredClone(itemOrThrow(id))
      edit(item)
      item.modifiedAt = now().toISOString()
      await store.put(item)
      return item
    })
  }

  return serialized({
    async getLibraryInfo() {
      await store.refresh()
      const items = store.all()
      const trashCount = items.filter((item) => item.trashedAt).length
      return {
        location: store.location,
        schemaVersion: store.schemaVersion,
        itemCount: items.length - trashCount,
        trashCount,
      }
    },

    async listItems({ trash = false }) {
      await store.refresh()
      return store
        .all()
        .filter((item) => Boolean(item.trashedAt) === trash)
        .sort((a, b) => b.addedAt.localeCompare(a.addedAt))
    },

    async getItem({ id }) {
      await store.refresh()
      return itemOrThrow(id)
    },

    async getContent({ id }) {
      await store.refresh()
      const item = itemOrThrow(id)
      return { id: item.id, html: await store.readContent(item.id) }
    },

    async importFiles({ files }) {
      await store.refresh()
      const added: Item[] = []
      const failed: ImportFailure[] = []
      for (const file of files) {
        try {
          added.push(await importOne(file.name, decodeBase64(file.dataBase64)))
        } catch (error) {
          // One bad file must not cost the others; storage failures stop the batch.
          if (!(error instanceof ArchiveError) || !isPerFileError(error)) throw error
          failed.push({ name: file.name, message: error.message })
        }
      }
      return { added, failed }
    },

    async addSampleArticle() {
      await store.refresh()
      const sample = await readSample()
      return importOne(sample.name, sample.bytes)
    },

    async updateItem({ id, patch }) {
      return change(id, (item) => applyPatch(item, patch))
    },

    async trashItem({ id }) {
      return change(id, (item) => {
        item.trashedAt ??= now().toISOString()
      })
    },

    async restoreItem({ id }) {
      return change(id, (item) => {
        item.trashedAt = null
      })
    },
  })
}

/**
 * Runs the archive's operations one at a time. Each starts by reloading a catalog that another
 * process changed, which must never happen between another operation's change and its write.
 */
function serialized(api: ArchiveApi): ArchiveApi {
  let queue: Promise<unknown> = Promise.resolve()
  const wrapped = {} as Record<string, (arg: unknown) => Promise<unknown>>
  for (const [method, call] of Object.entries(api) as [string, (arg: unknown) => Promise<unknown>][]) {
    wrapped[method] = (arg) => {
      const run = queue.then(() => call(arg))
      queue = run.catch(() => undefined)
      return run
    }
  }
  return wrapped as unknown as ArchiveApi
}

function isPerFileError(error: ArchiveError): boolean {
  return error.code === 'unsupported_file' || error.code === 'file_too_large' || error.code === 'invalid_argument'
}

/** Applies a metadata edit; an empty string (or empty list) clears the field. */
export function applyPatch(item: Item, patch: ItemPatch): void {
  const csl = item.csl
  const set = (field: string, value: string | undefined) => {
    if (value === undefined) return
    if (value.trim()) csl[field] = value.trim()
    else delete csl[field]
  }
  if (patch.title !== undefined) {
    if (!patch.title.trim()) throw new ArchiveError('invalid_argument', 'The title cannot be empty.')
    csl.title = patch.title.trim()
  }
  if (patch.author !== undefined) {
    const authors = patch.author
      .map((name) => Object.fromEntries(Object.entries(name).map(([key, value]) => [key, value?.trim()]).filter(([, value]) => value)))
      .filter((name) => Object.keys(name).length > 0)
    if (authors.length) csl.author = authors
    else delete csl.author
  }
  if (patch.issued !== undefined) {
    if (!patch.issued.trim()) delete csl.issued
    else {
      const issued = parsePartialDate(patch.issued)
      if (!issued) {
        throw new ArchiveError('invalid_argument', `The date "${patch.issued}" is not a real date of the form YYYY, YYYY-MM or YYYY-MM-DD.`)
      }
      csl.issued = issued
    }
  }
  set('container-title', patch.containerTitle)
  if (patch.URL !== undefined && patch.URL.trim() && !isWebUrl(patch.URL.trim())) {
    throw new ArchiveError('invalid_argument', `The URL "${patch.URL}" is not an http or https address.`)
  }
  set('URL', patch.URL)
  if (patch.type !== undefined) {
    if (!(CSL_TYPES as readonly string[]).includes(patch.type)) {
      throw new ArchiveError('invalid_argument', `"${patch.type}" is not a CSL item type.`)
    }
    csl.type = patch.type
  }
  set('language', patch.language && canonicalLanguage(patch.language))
  if (patch.tags !== undefined) item.tags = [...new Set(patch.tags.map((tag) => tag.trim()).filter(Boolean))]
}

/** "en-gb" becomes "en-GB", as BCP 47 writes it. */
function canonicalLanguage(code: string): string {
  try {
    return Intl.getCanonicalLocales(code.trim())[0]
  } catch {
    throw new ArchiveError('invalid_argument', `"${code}" is not a language code such as "nl" or "en-GB".`)
  }
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}
