import type Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { openCatalogDatabase, type CatalogDatabase } from '../../electron/node/library/catalogDatabase'
import { catalogRows, catalogWrites } from '../../electron/node/library/catalogRows'
import { useTempDir } from '../support/tempLibrary'

const temp = useTempDir()
let catalog: CatalogDatabase

beforeEach(async () => {
  catalog = openCatalogDatabase(join(temp.dir, 'catalog.sqlite'), () => false)
})

afterEach(async () => {
  catalog.close()
})

function article(id: string, changes: Omit<Partial<Item>, 'csl'> & { csl?: Partial<Item['csl']> } = {}): Item {
  const { csl, ...rest } = changes
  return {
    id,
    citekey: `kim2024${id}`,
    csl: { id, type: 'article-journal', title: `Het verbindingsbureau ${id}`, DOI: `10.1000/${id}`, URL: `https://example.org/${id}`, issued: { 'date-parts': [[2024]] }, abstract: 'Eerste samenvatting.', ...csl },
    tags: ['korea', 'Grens'],
    collections: ['c1'],
    addedAt: `2024-01-0${id.length}T00:00:00.000Z`,
    modifiedAt: '2024-01-01T00:00:00.000Z',
    trashedAt: null,
    source: { fileName: `${id}.txt`, mediaType: 'text/plain', encoding: 'utf-8', byteLength: 100 },
    wordCount: 10,
    paragraphCount: 1,
    contentDigest: `digest-${id}`,
    ...rest,
  }
}

function put(item: Item, revision = 1): void {
  catalog.writer.transaction(() => catalogWrites(catalog.writer).put(item, revision, `stamp-${revision}`))()
}

/** The pages one change wrote: the frames the write-ahead log holds after it, emptied before. */
function pagesWritten(db: Database.Database, change: () => void): number {
  db.pragma('wal_checkpoint(TRUNCATE)')
  change()
  return (db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[])[0].log
}

it('writes the entries of no index for a change of the record that keeps every indexed column: only the pages an update of its JSON alone writes', () => {
  // Enough items that each index has pages of its own beside the table's.
  for (let n = 0; n < 300; n++) put(article(`item${n}`))
  const edited = article('item150', { csl: { abstract: 'Een andere samenvatting.' } })
  const jsonAlone = pagesWritten(catalog.writer, () => catalog.writer.prepare("UPDATE items SET json = ?, revision = 2, file_stamp = 'x' WHERE id = 'item150'").run(JSON.stringify(edited)))
  const byPut = pagesWritten(catalog.writer, () => put({ ...edited, csl: { ...edited.csl, abstract: 'Nog een samenvatting.' } }, 3))
  expect(byPut).toBe(jsonAlone)
  expect(catalogRows(catalog.reader).get('item150')).toMatchObject({ revision: 3, fileStamp: 'stamp-3', item: { csl: { abstract: 'Nog een samenvatting.' } } })
})

it('keeps every lookup right when indexed columns, tags or collections change, and when they stay', () => {
  put(article('a'))
  put(article('bb'))
  const rows = () => catalogRows(catalog.reader)
  // Only the DOI and the citation key change: the other keys still find it.
  put(article('a', { citekey: 'lee2025', csl: { DOI: '10.1000/other' } }), 2)
  expect(rows().byCitekey('lee2025')?.id).toBe('a')
  expect(rows().hasCitekey('kim2024a')).toBe(false)
  expect(rows().duplicate({ doi: '10.1000/other', url: null, digest: null, work: null })?.item.id).toBe('a')
  expect(rows().duplicate({ doi: '10.1000/a', url: null, digest: null, work: null })).toBeUndefined()
  expect(rows().duplicate({ doi: null, url: null, digest: 'digest-a', work: null })?.item.id).toBe('a')
  // Trashed: the listing and the counts follow.
  put(article('a', { citekey: 'lee2025', csl: { DOI: '10.1000/other' }, trashedAt: '2024-02-01T00:00:00.000Z' }), 3)
  expect(rows().list(true).map((item) => item.id)).toEqual(['a'])
  expect(rows().list(false).map((item) => item.id)).toEqual(['bb'])
  expect(rows().counts()).toEqual({ items: 1, trashed: 1 })
  // Back from the trash, its tags and collections changed: the links follow.
  put(article('a', { citekey: 'lee2025', tags: ['korea', 'haven'], collections: ['c2'] }), 4)
  expect(rows().counts()).toEqual({ items: 2, trashed: 0 })
  expect(rows().idsWithTag('haven')).toEqual(['a'])
  expect(rows().idsWithTag('grens')).toEqual(['bb'])
  expect(rows().idsInCollections(['c2'])).toEqual(['a'])
  expect(rows().idsInCollections(['c1'])).toEqual(['bb'])
  // The same tags and collections again, with another title: the links stay as they were.
  put(article('a', { citekey: 'lee2025', csl: { title: 'Een andere titel' }, tags: ['korea', 'haven'], collections: ['c2'] }), 5)
  expect(rows().idsWithTag('haven')).toEqual(['a'])
  expect(rows().idsWithTag('korea').sort()).toEqual(['a', 'bb'])
  expect(rows().idsInCollections(['c2'])).toEqual(['a'])
  // Out of every collection (the field absent), then back in one.
  put(article('a', { collections: undefined }), 6)
  expect(rows().idsInCollections(['c2'])).toEqual([])
  put(article('a', { collections: ['c2'] }), 7)
  expect(rows().idsInCollections(['c2'])).toEqual(['a'])
  expect(rows().byCitekey('kim2024a')?.id).toBe('a')
})
