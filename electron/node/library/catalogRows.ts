import type Database from 'better-sqlite3'
import type { Item } from '../../core/archiveApi'
import { DUPLICATE_REASONS, itemDuplicateKeys, type NormalizedKeys } from '../../core/capture/findDuplicate'

export interface CatalogRow {
  item: Item
  revision: number
  fileStamp: string
  annotationsStamp: string
}

const readers = new WeakMap<Database.Database, ReturnType<typeof prepareRows>>()
const writers = new WeakMap<Database.Database, ReturnType<typeof prepareWrites>>()

/**
 * The items columns that indexes are kept over. An UPDATE rewrites the entries of every index over a
 * column it names, though the value stays the same: an edited abstract wrote 6 pages of the catalog
 * where 1 holds the change (its citation key, DOI, URL, digest, work and listing entries). put names
 * only those that changed.
 */
const INDEXED_COLUMNS = ['citekey', 'trashed', 'added_at', 'url', 'doi', 'digest', 'work'] as const
type IndexedColumns = { [column in (typeof INDEXED_COLUMNS)[number]]: string | number | null }

/** A value of the record as SQLite's -> operator gives it (JSON text, in JSON.stringify's form), null when absent. */
function jsonOf(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}

/** The statements over the items table, prepared once per connection. */
export function catalogRows(db: Database.Database): ReturnType<typeof prepareRows> {
  let prepared = readers.get(db)
  if (!prepared) readers.set(db, (prepared = prepareRows(db)))
  return prepared
}

/** The statements that change the catalog; run only on the writer, inside its transaction. */
export function catalogWrites(db: Database.Database): ReturnType<typeof prepareWrites> {
  let prepared = writers.get(db)
  if (!prepared) writers.set(db, (prepared = prepareWrites(db)))
  return prepared
}

function prepareRows(db: Database.Database) {
  const statements = {
    byId: db.prepare<[string], { json: string; revision: number; file_stamp: string; annotations_stamp: string }>('SELECT json, revision, file_stamp, annotations_stamp FROM items WHERE id = ?'),
    byCitekey: db.prepare<[string], { json: string }>('SELECT json FROM items WHERE citekey = ? ORDER BY added_at LIMIT 1'),
    hasCitekey: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM items WHERE citekey = ? LIMIT 1'),
    withCitekey: db.prepare<[string], { id: string }>('SELECT id FROM items WHERE citekey = ? ORDER BY added_at, id'),
    list: db.prepare<[number, number, number], { json: string }>('SELECT json FROM items WHERE trashed = ? ORDER BY added_at DESC, id LIMIT ? OFFSET ?'),
    all: db.prepare<[], { json: string }>('SELECT json FROM items'),
    stamps: db.prepare<[], { id: string; file_stamp: string; annotations_stamp: string }>('SELECT id, file_stamp, annotations_stamp FROM items UNION ALL SELECT id, file_stamp, \'*\' FROM set_aside'),
    counts: db.prepare<[], { items: number; trashed: number }>('SELECT count(*) - coalesce(sum(trashed), 0) AS items, coalesce(sum(trashed), 0) AS trashed FROM items'),
    // The duplicate checks look up by their own index: without INDEXED BY the planner prefers the
    // listing index for trashed and added_at, and reads every item of the library for each entry.
    byDoi: db.prepare<[string], { json: string }>('SELECT json FROM items INDEXED BY items_doi WHERE doi = ? AND trashed = 0 ORDER BY added_at LIMIT 1'),
    byUrl: db.prepare<[string], { json: string }>('SELECT json FROM items INDEXED BY items_url WHERE url = ? AND trashed = 0 ORDER BY added_at LIMIT 1'),
    byDigest: db.prepare<[string], { json: string }>('SELECT json FROM items INDEXED BY items_digest WHERE digest = ? AND trashed = 0 ORDER BY added_at LIMIT 1'),
    // An item whose DOI differs is another work of the same title, year and author (see doisConflict).
    byWork: db.prepare<{ work: string; doi: string | null }, { json: string }>('SELECT json FROM items INDEXED BY items_work WHERE work = @work AND trashed = 0 AND (doi IS NULL OR @doi IS NULL OR doi = @doi) ORDER BY added_at LIMIT 1'),
    revision: db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'revision'"),
    queueSize: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM index_queue'),
    setAside: db.prepare<[], { id: string; reason: string }>('SELECT id, reason FROM set_aside ORDER BY id'),
    tagCounts: db.prepare<[], { tag: string; count: number }>('SELECT min(t.tag) AS tag, count(*) AS count FROM item_tags t JOIN items i ON i.id = t.item WHERE i.trashed = 0 GROUP BY t.tag ORDER BY t.tag'),
    withTag: db.prepare<[string], string>('SELECT item FROM item_tags WHERE tag = ?').pluck(),
  }
  // The collections' ids go in as one JSON array, so one prepared statement serves any number of them.
  // From the memberships to the items (CROSS JOIN keeps that order): the work grows with the collection, not the library.
  const members = "FROM item_collections m CROSS JOIN items i ON i.id = m.item WHERE m.collection IN (SELECT value FROM json_each(?)) AND i.trashed = 0"
  const memberStatements = {
    list: db.prepare<[string, number, number], string>(`SELECT i.json ${members} GROUP BY i.id ORDER BY i.added_at DESC, i.id LIMIT ? OFFSET ?`).pluck(),
    ids: db.prepare<[string], string>(`SELECT DISTINCT i.id ${members}`).pluck(),
    count: db.prepare<[string], number>(`SELECT count(DISTINCT i.id) ${members}`).pluck(),
  }
  const parse = (row: { json: string } | undefined) => (row ? (JSON.parse(row.json) as Item) : undefined)
  return {
    get(id: string): CatalogRow | undefined {
      const row = statements.byId.get(id)
      return row && { item: JSON.parse(row.json) as Item, revision: row.revision, fileStamp: row.file_stamp, annotationsStamp: row.annotations_stamp }
    },
    byCitekey: (citekey: string) => parse(statements.byCitekey.get(citekey)),
    hasCitekey: (citekey: string) => Boolean(statements.hasCitekey.get(citekey)),
    /** The items holding a citation key, first added first: two only after a sync brought in another machine's. */
    withCitekey: (citekey: string) => statements.withCitekey.all(citekey).map((row) => row.id),
    list: (trash: boolean, offset = 0, limit = -1) => statements.list.all(trash ? 1 : 0, limit, offset).map((row) => JSON.parse(row.json) as Item),
    all: () => statements.all.all().map((row) => JSON.parse(row.json) as Item),
    /** Each item's record and annotations stamps, as one string, for comparing with the files. */
    stamps: () => new Map(statements.stamps.all().map((row) => [row.id, `${row.file_stamp}|${row.annotations_stamp}`])),
    counts: () => statements.counts.get()!,
    duplicate(keys: NormalizedKeys): { item: Item; reason: string } | undefined {
      const lookups = { doi: statements.byDoi, url: statements.byUrl, digest: statements.byDigest }
      for (const kind of ['doi', 'url', 'digest'] as const) {
        const item = keys[kind] ? parse(lookups[kind].get(keys[kind])) : undefined
        if (item) return { item, reason: DUPLICATE_REASONS[kind] }
      }
      const work = keys.work ? parse(statements.byWork.get({ work: keys.work, doi: keys.doi })) : undefined
      return work ? { item: work, reason: DUPLICATE_REASONS.work } : undefined
    },
    revision: () => statements.revision.get()?.value ?? '0',
    /** Items still to be indexed: on the reader, those a committed change queued (never a change under way). */
    queueSize: () => statements.queueSize.get()!.n,
    setAside: () => statements.setAside.all(),
    listInCollections: (collections: string[], offset = 0, limit = -1) => memberStatements.list.all(JSON.stringify(collections), limit, offset).map((json) => JSON.parse(json) as Item),
    idsInCollections: (collections: string[]) => memberStatements.ids.all(JSON.stringify(collections)),
    countInCollections: (collections: string[]) => memberStatements.count.get(JSON.stringify(collections)) ?? 0,
    /** Tags that differ only in case are counted as one, under the first spelling in sort order. */
    tagCounts: () => statements.tagCounts.all(),
    idsWithTag: (tag: string) => statements.withTag.all(tag),
  }
}

function prepareWrites(db: Database.Database) {
  const insert = db.prepare(
    `INSERT INTO items (id, citekey, json, trashed, added_at, url, doi, digest, work, revision, file_stamp)
     VALUES (@id, @citekey, @json, @trashed, @added_at, @url, @doi, @digest, @work, @revision, @file_stamp)`,
  )
  // The indexed columns as stored, and the arrays the link rows were made from (see put).
  const current = db.prepare<[string], IndexedColumns & { tags: string | null; collections: string | null }>(
    `SELECT ${INDEXED_COLUMNS.join(', ')}, json -> '$.tags' AS tags, json -> '$.collections' AS collections FROM items WHERE id = ?`,
  )
  const updates = new Map<string, Database.Statement>()
  /** The row's record, revision and stamp, and of its indexed columns only those that changed. */
  const update = (id: string, values: IndexedColumns & { json: string; revision: number; file_stamp: string }, stored: IndexedColumns) => {
    const columns = ['json', 'revision', 'file_stamp', ...INDEXED_COLUMNS.filter((column) => values[column] !== stored[column])]
    const sql = `UPDATE items SET ${columns.map((column) => `${column} = @${column}`).join(', ')} WHERE id = @id`
    let statement = updates.get(sql)
    if (!statement) updates.set(sql, (statement = db.prepare(sql)))
    statement.run({ id, ...Object.fromEntries(columns.map((column) => [column, values[column as keyof typeof values]])) })
  }
  const annotationsStamp = db.prepare<[string, string]>('UPDATE items SET annotations_stamp = ? WHERE id = ?')
  const remove = db.prepare<[string]>('DELETE FROM items WHERE id = ?')
  const removeMemberships = db.prepare<[string]>('DELETE FROM item_collections WHERE item = ?')
  const removeTags = db.prepare<[string]>('DELETE FROM item_tags WHERE item = ?')
  const addMembership = db.prepare<[string, string]>('INSERT OR IGNORE INTO item_collections (collection, item) VALUES (?, ?)')
  const addTag = db.prepare<[string, string]>('INSERT OR IGNORE INTO item_tags (tag, item) VALUES (?, ?)')
  const membershipsOf = db.prepare<[string], string>('SELECT collection FROM item_collections WHERE item = ?').pluck()
  const tagsOf = db.prepare<[string], string>('SELECT tag FROM item_tags WHERE item = ?').pluck()
  const removeMembership = db.prepare<[string, string]>('DELETE FROM item_collections WHERE collection = ? AND item = ?')
  const removeTag = db.prepare<[string, string]>('DELETE FROM item_tags WHERE tag = ? AND item = ?')
  const removeLinks = (id: string) => {
    removeMemberships.run(id)
    removeTags.run(id)
  }
  const bump = db.prepare("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")
  const setAside = db.prepare<[string, string, string]>('INSERT OR REPLACE INTO set_aside (id, reason, file_stamp) VALUES (?, ?, ?)')
  const clearSetAside = db.prepare<[string]>('DELETE FROM set_aside WHERE id = ?')
  const queue = db.prepare<[string]>('INSERT OR IGNORE INTO index_queue (id) VALUES (?)')
  const unqueue = db.prepare<[string]>('DELETE FROM index_queue WHERE id = ?')
  const queued = db.prepare<[number], { id: string }>('SELECT id FROM index_queue LIMIT ?')
  return {
    put(item: Item, revision: number, fileStamp: string): void {
      const values = { citekey: item.citekey, json: JSON.stringify(item), trashed: item.trashedAt ? 1 : 0, added_at: item.addedAt, ...itemDuplicateKeys(item), revision, file_stamp: fileStamp }
      const stored = current.get(item.id)
      if (stored) update(item.id, values, stored)
      else insert.run({ id: item.id, ...values })
      clearSetAside.run(item.id)
      // The link rows are made from the record's tags and collections alone, and written with it: when
      // neither array changed they are right as they are, and their indexes are not read at all.
      if (stored && stored.tags === jsonOf(item.tags) && stored.collections === jsonOf(item.collections)) return
      // Only the links that change are written: a tag added to an item of seventy tags is one row, not seventy.
      const collections = linkChanges(membershipsOf.all(item.id), (Array.isArray(item.collections) ? item.collections : []).filter((collection) => typeof collection === 'string'), (collection) => collection)
      for (const collection of collections.gone) removeMembership.run(collection, item.id)
      for (const collection of collections.added) addMembership.run(collection, item.id)
      const tags = linkChanges(tagsOf.all(item.id), item.tags.filter((tag) => typeof tag === 'string' && tag), noCaseKey)
      for (const tag of tags.gone) removeTag.run(tag, item.id)
      for (const tag of tags.added) addTag.run(tag, item.id)
    },
    remove(id: string): void {
      remove.run(id)
      removeLinks(id)
      clearSetAside.run(id)
      unqueue.run(id)
    },
    setAside(id: string, reason: string, fileStamp: string): void {
      remove.run(id)
      removeLinks(id)
      setAside.run(id, reason, fileStamp)
    },
    bumpRevision: () => void bump.run(),
    annotationsStamp: (id: string, stamp: string) => void annotationsStamp.run(stamp, id),
    queueForIndex: (id: string) => void queue.run(id),
    unqueue: (id: string) => void unqueue.run(id),
    queued: (limit: number) => queued.all(limit).map((row) => row.id),
  }
}

/** SQLite's NOCASE, which item_tags compares tags by: it folds the ASCII letters only. */
const noCaseKey = (tag: string) => (/[A-Z]/.test(tag) ? tag.replace(/[A-Z]+/g, (letters) => letters.toLowerCase()) : tag)

/**
 * The rows to delete and insert to turn an item's stored links into those of its record, as
 * deleting them all and inserting each with INSERT OR IGNORE would leave them: one row per key,
 * spelled as the first value with that key.
 */
export function linkChanges(stored: readonly string[], wanted: readonly string[], keyOf: (value: string) => string): { gone: string[]; added: string[] } {
  const first = new Map<string, string>()
  for (const value of wanted) {
    const key = keyOf(value)
    if (!first.has(key)) first.set(key, value)
  }
  const kept = new Set<string>()
  const gone: string[] = []
  for (const value of stored) {
    if (first.get(keyOf(value)) === value) kept.add(value)
    else gone.push(value)
  }
  return { gone, added: [...first.values()].filter((value) => !kept.has(value)) }
}
