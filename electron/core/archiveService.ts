import type { ArchiveApi, ImportFailure, Item } from './archiveApi'
import { MAX_IMPORT_BYTES, tooLargeToImport } from './importLimit'
import { ArchiveError } from './archiveError'
import type { ArchiveStore } from './archiveStore'
import { countWords, renderArticleHtml } from './articleBlocks'
import { decodeBase64 } from './base64'
import { createAnnotationOperations } from './annotations/annotationOperations'
import { checkColorLabels, settingsWithDefaults } from './annotations/highlightColors'
import { applyItemPatch } from './applyItemPatch'
import type { CslItem } from './cslItem'
import { decodeText } from './decodeText'
import { detectLanguage } from './detectLanguage'
import { generateCitekey } from './generateCitekey'
import { importPlainText } from './importPlainText'
import { oneAtATime } from './oneAtATime'
import { randomId } from './randomId'
import { keepSearchIndexFresh } from './search/keepSearchIndexFresh'
import { createSearchOperations, type SearchContext } from './search/searchOperations'

export interface SampleFile {
  name: string
  bytes: Uint8Array
}

export interface ArchiveServiceOptions {
  store: ArchiveStore
  /** The bundled sample article, read on demand. */
  readSample: () => Promise<SampleFile>
  now?: () => Date
  /** Saves the search index a little later instead of at once, as the app and the bridge do. */
  deferSearchSave?: SearchContext['deferSave']
  onIndexProgress?: SearchContext['onIndexProgress']
}

const HTML_EXTENSIONS = new Set(['html', 'htm', 'xhtml'])

export function createArchiveService({ store, readSample, now = () => new Date(), deferSearchSave, onIndexProgress }: ArchiveServiceOptions): ArchiveApi {
  const search = createSearchOperations({ store, deferSave: deferSearchSave, onIndexProgress })

  function itemOrThrow(id: string): Item {
    const item = store.find(id) ?? store.all().find((candidate) => candidate.citekey === id)
    if (!item) throw new ArchiveError('not_found', `There is no item with id "${id}".`)
    return item
  }

  async function importOne(name: string, bytes: Uint8Array): Promise<Item> {
    // The extension names the kept source file, so only a short plain one is used.
    const extension = /\.([a-z0-9]{1,10})$/i.exec(name)?.[1]?.toLowerCase() ?? ''
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
      ...(article.titleInferred ? { titleInferred: true } : {}),
      wordCount: countWords(article.blocks),
      paragraphCount: article.blocks.filter((block) => block.kind === 'paragraph').length,
    }
    const files = { contentHtml: renderArticleHtml(article.blocks), source: bytes, sourceExtension: extension }
    // The id and the pinned citekey must be unique in the catalog as it is on disk right now.
    return store.mutate(async () => {
      item.id = item.csl.id = randomId((id) => Boolean(store.find(id)))
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

  const api: ArchiveApi = {
    ...createAnnotationOperations({ store, now, itemOrThrow }),
    ...search.operations,

    async getSettings() {
      await store.refresh()
      return settingsWithDefaults(store.settings())
    },

    async updateSettings({ highlightColors }) {
      return store.mutate(async () => {
        const settings = { ...store.settings() }
        if (highlightColors) settings.highlightColors = checkColorLabels(highlightColors)
        await store.putSettings(settings)
        return settingsWithDefaults(settings)
      })
    },

    async getLibraryInfo() {
      await store.refresh()
      const items = store.all()
      const trashCount = items.filter((item) => item.trashedAt).length
      return {
        location: store.location,
        revision: store.revision(),
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
      for (const [index, file] of files.entries()) {
        try {
          added.push(await importOne(file.name, decodeBase64(file.dataBase64)))
        } catch (error) {
          if (error instanceof ArchiveError && !isPerFileError(error)) {
            // The library itself refuses (read-only, full, damaged): stop, and account for every file.
            if (!added.length) throw error
            failed.push({ name: file.name, message: error.message })
            for (const rest of files.slice(index + 1)) {
              failed.push({ name: rest.name, message: `${rest.name} was not added: the import stopped at ${file.name}.` })
            }
            break
          }
          // One bad file must not cost the others.
          const message = error instanceof ArchiveError ? error.message : `${file.name} could not be read as an article: ${(error as Error).message}`
          failed.push({ name: file.name, message })
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
      return change(id, (item) => applyItemPatch(item, patch, (key) => store.hasCitekey(key)))
    },

    async trashItem({ id }) {
      return change(id, (item) => {
        item.trashedAt ??= now().toISOString()
      })
    },

    async emptyTrash() {
      return store.mutate(async () => {
        const trashed = store.all().filter((item) => item.trashedAt).map((item) => item.id)
        if (trashed.length) await store.remove(trashed)
        return { removed: trashed.length }
      })
    },

    async restoreItem({ id }) {
      return change(id, (item) => {
        item.trashedAt = null
      })
    },
  }
  const itemIdOf = (id: string) => (store.find(id) ?? store.all().find((item) => item.citekey === id))?.id
  return oneAtATime(keepSearchIndexFresh(api, search, itemIdOf))
}

function isPerFileError(error: ArchiveError): boolean {
  return error.code === 'unsupported_file' || error.code === 'file_too_large' || error.code === 'invalid_argument'
}
