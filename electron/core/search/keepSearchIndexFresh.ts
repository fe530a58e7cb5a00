import type { ArchiveApi, Item } from '../archiveApi'

type Changes = (arg: never, result: never) => string[]

// Which items each change touches, read from its argument or its result.
const CATALOG_CHANGES: Partial<Record<keyof ArchiveApi, Changes>> = {
  importFiles: (_arg: unknown, result: { added: Item[] }) => result.added.map((item) => item.id),
  addReferences: (_arg: unknown, result: { added: Item[] }) => result.added.map((item) => item.id),
  addSampleArticle: (_arg: unknown, result: Item) => [result.id],
  addWebPage: (_arg: unknown, result: Item) => [result.id],
  addDoi: (_arg: unknown, result: Item) => [result.id],
  updateItem: (_arg: unknown, result: Item) => [result.id],
  trashItem: (_arg: unknown, result: Item) => [result.id],
  restoreItem: (_arg: unknown, result: Item) => [result.id],
}
const ANNOTATION_CHANGES = new Set<keyof ArchiveApi>(['addHighlight', 'addNote', 'updateAnnotation', 'deleteAnnotation', 'restoreAnnotation', 'importAnnotations'])

export interface SearchIndexListener {
  itemsChanged(ids: string[], kind: { annotations: boolean }): Promise<void>
}

/**
 * Tells the search index of every change, after it succeeded. A failure to index never fails the
 * change itself: the next query compares the index with the catalog again.
 */
export function keepSearchIndexFresh(api: ArchiveApi, index: SearchIndexListener, itemIdOf: (idOrCitekey: string) => string | undefined): ArchiveApi {
  const wrapped = { ...api } as Record<string, (arg: unknown) => Promise<unknown>>
  for (const [method, call] of Object.entries(api) as [keyof ArchiveApi, (arg: unknown) => Promise<unknown>][]) {
    const catalog = CATALOG_CHANGES[method] as ((arg: unknown, result: unknown) => string[]) | undefined
    const annotations = ANNOTATION_CHANGES.has(method)
    if (!catalog && !annotations) continue
    wrapped[method] = async (arg) => {
      const result = await call(arg)
      const ids = catalog ? catalog(arg, result) : [itemIdOf((arg as { id: string }).id)].filter((id): id is string => Boolean(id))
      await index.itemsChanged(ids, { annotations }).catch(() => {})
      return result
    }
  }
  return wrapped as unknown as ArchiveApi
}
