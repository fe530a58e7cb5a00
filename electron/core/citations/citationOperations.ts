import type { AutoExport, AutoExportStatus, Citation, CitationStyle, ExportedFile, Item, ItemAnnotations, ReferenceExport } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import type { ArchiveStore } from '../archiveStore'
import { citableCsl } from './citableCsl'
import { checkCslStyle } from './checkCslStyle'
import { CITATION_LOCALES, DEFAULT_LOCALE, DEFAULT_STYLE, createStyleRegistry, type BundledCsl } from './citationStyles'
import { exportReferences, type ExportFormat } from './exportReferences'
import { formatQuoteCitation } from './formatQuoteCitation'
import { pageLocatorLabel, paragraphLocatorLabel, quoteMarks } from './localeTerms'
import { renderCitation, type CitationLocator } from './renderCitation'

export interface CitationOperationsOptions {
  store: ArchiveStore
  bundledCsl?: BundledCsl
  itemOrThrow: (id: string) => Item
  listAnnotations: (arg: { id: string }) => Promise<ItemAnnotations>
  now: () => Date
}

const AUTO_EXPORT_EXTENSIONS: Record<AutoExport['format'], RegExp> = { bibtex: /\.bib$/i, biblatex: /\.bib$/i, 'csl-json': /\.json$/i }

export function createCitationOperations({ store, bundledCsl, itemOrThrow, listAnnotations, now }: CitationOperationsOptions) {
  const registry = createStyleRegistry(bundledCsl, store)
  const autoExportResults = new Map<string, Pick<AutoExportStatus, 'lastWritten' | 'error' | 'itemCount'>>()

  async function styleAndLocale(options: { style?: string; locale?: string }) {
    const settings = store.settings()
    const style = await registry.useStyle(options.style ?? settings.citationStyle ?? DEFAULT_STYLE)
    const locale = await registry.useLocale(options.locale ?? settings.citationLocale ?? DEFAULT_LOCALE)
    return { style: style.id, template: style.template, locale }
  }

  function libraryItems(): Item[] {
    return store.list({ trash: false })
  }

  function itemsInScope({ ids, tag }: Pick<ReferenceExport, 'ids' | 'tag'>): Item[] {
    if (ids?.length) return [...new Map(ids.map(itemOrThrow).map((item) => [item.id, item])).values()]
    if (tag !== undefined) {
      const items = libraryItems().filter((item) => item.tags.includes(tag))
      if (!items.length) throw new ArchiveError('not_found', `No item in the library has the tag "${tag}".`)
      return items
    }
    return libraryItems()
  }

  async function writeAutoExports(): Promise<void> {
    const targets = store.settings().autoExports ?? []
    if (!targets.length) return
    const items = libraryItems()
    for (const { path, format } of targets) {
      // A failed export is reported in its status and never undoes the change the user made.
      try {
        // Data formats carry no style; the arguments only satisfy the signature bibliographies need.
        const { content } = await exportReferences(items, format, DEFAULT_STYLE, DEFAULT_LOCALE)
        await store.writeExportFile(path, content)
        autoExportResults.set(path, { lastWritten: now().toISOString(), error: null, itemCount: items.length })
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error)
        autoExportResults.set(path, { lastWritten: autoExportResults.get(path)?.lastWritten ?? null, error: message, itemCount: items.length })
      }
    }
  }

  async function autoExportStatus(): Promise<AutoExportStatus[]> {
    const targets = store.settings().autoExports ?? []
    return Promise.all(
      targets.map(async (target) => {
        const written = autoExportResults.get(target.path)
        if (written) return { ...target, ...written }
        // Written by an earlier run or another process: the file's own date; how many entries it holds is not known here.
        return { ...target, lastWritten: await store.exportFileModified(target.path), error: null, itemCount: null }
      }),
    )
  }

  const operations = {
    async listCitationStyles(): Promise<{ styles: CitationStyle[]; locales: string[] }> {
      return { styles: await registry.listStyles(), locales: [...CITATION_LOCALES] }
    },

    async addCitationStyle({ fileName, content }: { fileName: string; content: string }): Promise<CitationStyle> {
      const id = fileName.replace(/^.*[\\/]/, '').replace(/\.csl$/i, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')
      if (!id) throw new ArchiveError('invalid_argument', `"${fileName}" cannot name a style; give the file a name of letters or digits.`)
      if (bundledCsl?.styles.some((style) => style.id === id)) {
        throw new ArchiveError('invalid_argument', `"${id}" is the name of a style Scriptorium ships; rename ${fileName} to add it beside that one.`)
      }
      const title = await checkCslStyle(fileName, content)
      await store.putUserStyle(id, content)
      return { id, title, custom: true }
    },

    async removeCitationStyle({ id }: { id: string }): Promise<{ removed: string }> {
      const own = (await store.listUserStyles()).some((style) => style.id === id)
      if (!own) throw new ArchiveError('not_found', `There is no style "${id}" of your own to remove; the styles Scriptorium ships stay.`)
      // A default that names a removed style would break every citation: it falls back to APA.
      await store.mutate(async () => {
        if (store.settings().citationStyle === id) await store.putSettings({ ...store.settings(), citationStyle: DEFAULT_STYLE })
        await store.removeUserStyle(id)
      })
      return { removed: id }
    },

    async cite({ id, highlightId, ...options }: { id: string; highlightId?: string; style?: string; locale?: string }): Promise<Citation> {
      await store.refresh()
      const item = itemOrThrow(id)
      const { style, template, locale } = await styleAndLocale(options)
      const marks = quoteMarks(await registry.localeXml(locale))
      const csl = citableCsl(item)
      if (!highlightId) {
        const rendered = await renderCitation(csl, template, locale)
        return { citekey: item.citekey, style, locale, ...formatQuoteCitation({ citekey: item.citekey, rendered, marks }) }
      }
      const highlight = (await listAnnotations({ id: item.id })).highlights.find((candidate) => candidate.id === highlightId)
      if (!highlight) {
        throw new ArchiveError('not_found', `The item ${item.citekey} has no highlight "${highlightId}"; a highlight is cited from the item it was made in.`)
      }
      const { paragraph, lastParagraph, pages } = highlight
      // A PDF is cited by the page labels it prints ("p. 12", "pp. 12–13", "p. iv"); a web article by its paragraphs.
      const spans = pages ? pages.first !== pages.last : paragraph !== null && lastParagraph !== null && lastParagraph !== paragraph
      const locator: CitationLocator | undefined = pages
        ? { label: 'page', value: spans ? `${pages.firstLabel}-${pages.lastLabel}` : pages.firstLabel }
        : paragraph === null
          ? undefined
          : { label: 'paragraph', value: spans ? `${paragraph}-${lastParagraph}` : String(paragraph) }
      const rendered = await renderCitation(csl, template, locale, locator)
      const localeXml = await registry.localeXml(locale)
      const passage = {
        quote: highlight.quote,
        locatorText: locator ? `${(pages ? pageLocatorLabel : paragraphLocatorLabel)(localeXml, spans)} ${locator.value.replace('-', '\u2013')}` : '',
        ...(pages ? { postnote: locator!.value.replace('-', '--') } : {}),
      }
      return { citekey: item.citekey, style, locale, ...formatQuoteCitation({ citekey: item.citekey, rendered, marks, passage }) }
    },

    async exportReferences({ format, ...scope }: ReferenceExport): Promise<ExportedFile> {
      await store.refresh()
      const { template, locale } = await styleAndLocale(scope)
      return exportReferences(itemsInScope(scope), format as ExportFormat, template, locale)
    },

    async listAutoExports(): Promise<AutoExportStatus[]> {
      await store.refresh()
      return autoExportStatus()
    },

    async addAutoExport(target: AutoExport): Promise<AutoExportStatus[]> {
      if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(target.path)) {
        throw new ArchiveError('invalid_argument', `"${target.path}" is not a full path; auto-export needs the whole path of the file to keep current.`)
      }
      if (!AUTO_EXPORT_EXTENSIONS[target.format].test(target.path)) {
        throw new ArchiveError('invalid_argument', `A ${target.format} auto-export must go to a ${target.format === 'csl-json' ? '.json' : '.bib'} file, not ${target.path}.`)
      }
      await store.mutate(async () => {
        // Looked at under the lock, so nothing changes between the check and the first write.
        const place = await store.inspectExportTarget(target.path)
        if (place.insideLibrary) {
          throw new ArchiveError('invalid_argument', `${place.path} is inside the library folder; auto-export writes outside it, so it can never replace the library's own files.`)
        }
        if (place.kind === 'folder') throw new ArchiveError('invalid_argument', `${place.path} is a folder; give the name of the file to keep current.`)
        const targets = store.settings().autoExports ?? []
        // The file is replaced on every change from now on, so a file of the user's own is never taken over.
        if (place.kind === 'file' && !targets.some((existing) => existing.path === place.path)) {
          throw new ArchiveError('invalid_argument', `${place.path} exists already; auto-export replaces its file on every change, so give a new file name, or delete that file first.`)
        }
        // The first write happens before the setting is saved: a target that cannot be written is never kept.
        const items = libraryItems()
        const { content } = await exportReferences(items, target.format, DEFAULT_STYLE, DEFAULT_LOCALE)
        try {
          await store.writeExportFile(place.path, content)
        } catch (error) {
          throw new ArchiveError('storage_failed', `Auto-export was not set up. ${error instanceof Error ? error.message : String(error)}`)
        }
        autoExportResults.set(place.path, { lastWritten: now().toISOString(), error: null, itemCount: items.length })
        const others = targets.filter((existing) => existing.path !== place.path)
        await store.putSettings({ ...store.settings(), autoExports: [...others, { path: place.path, format: target.format }] })
      })
      return autoExportStatus()
    },

    async removeAutoExport({ path }: { path: string }): Promise<AutoExportStatus[]> {
      await store.mutate(async () => {
        const targets = store.settings().autoExports ?? []
        if (!targets.some((existing) => existing.path === path)) throw new ArchiveError('not_found', `Nothing is auto-exported to ${path}.`)
        await store.putSettings({ ...store.settings(), autoExports: targets.filter((existing) => existing.path !== path) })
      })
      autoExportResults.delete(path)
      return autoExportStatus()
    },
  }

  /** Checks a new default style and locale, answering them in their canonical form. */
  async function checkPreferences({ citationStyle, citationLocale }: { citationStyle?: string; citationLocale?: string }) {
    return {
      ...(citationStyle !== undefined ? { citationStyle: (await registry.useStyle(citationStyle)).id } : {}),
      ...(citationLocale !== undefined ? { citationLocale: await registry.useLocale(citationLocale) } : {}),
    }
  }

  /**
   * Loads citation-js and builds citeproc's engine for the default style and locale, which takes
   * most of a second the first time; the app does it in the background at start, so the first
   * quote a user copies is as quick as the later ones.
   */
  async function warmUp(): Promise<void> {
    await store.refresh()
    const { template, locale } = await styleAndLocale({})
    const trial = { id: 'warm-up', type: 'article-newspaper' as const, title: 'Warm-up', issued: { 'date-parts': [[2020]] } }
    await renderCitation(trial, template, locale, { label: 'paragraph', value: '1' })
  }

  /** The item's reference as text, in the library's default style and locale. */
  async function referenceOf(item: Item): Promise<string> {
    const { template, locale } = await styleAndLocale({})
    return (await renderCitation(citableCsl(item), template, locale)).referenceText
  }

  return { operations, writeAutoExports, checkPreferences, warmUp, referenceOf }
}
