import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import type { Collection, Item, SavedSearch, TagCount } from '../../electron/core/archiveApi'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { repoRoot, SAMPLE, samplePath, useTempDir } from '../support/tempLibrary'

// Four real references (biblatex's examples as pandoc ships them) and the bundled Dutch news article.
const AVERROES = join(repoRoot, 'tests', 'fixtures', 'references', 'real', 'pandoc-averroes.bib')

const temp = useTempDir()
const cli = (...args: string[]) => runScriptorium(['--library', temp.libraryDir, ...args])
const json = <T>(run: Run): T => {
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as T
}
const ids = (items: Item[]) => items.map((item) => item.citekey).sort()

beforeEach(async () => {
  const added = await cli('add', samplePath, AVERROES)
  expect(added.code).toBe(0)
})

describe('scriptorium collection', { timeout: 90_000 }, () => {
  it('creates nested collections, fills them by ID or citation key, and lists a collection with its subcollections', async () => {
    expect(await cli('collection', 'create', 'Thesis')).toMatchObject({ code: 0, stdout: 'Created the collection "Thesis".\n' })
    expect(await cli('collection', 'create', 'Averroes', '--parent', 'thesis')).toMatchObject({ code: 0, stdout: 'Created the collection "Thesis/Averroes".\n' })
    expect((await cli('collection', 'add', 'Averroes', 'averroes/bland', 'averroes/hannes')).stdout).toBe('Added 2 items to "Averroes".\n')
    expect((await cli('collection', 'add', 'Thesis', SAMPLE.citekey)).stdout).toBe('Added 1 item to "Thesis".\n')

    expect((await cli('collection', 'list')).stdout).toBe('Thesis (3)\n  Averroes (2)\n')
    const listed = json<Collection[]>(await cli('collection', 'list', '--json'))
    expect(listed.map((collection) => collection.name)).toEqual(['Thesis', 'Averroes'])
    expect(listed[1].parentId).toBe(listed[0].id)

    expect(ids(json<Item[]>(await cli('list', '--collection', 'Thesis', '--json')))).toEqual(['averroes/bland', 'averroes/hannes', SAMPLE.citekey].sort())
    expect(ids(json<Item[]>(await cli('list', '--collection', 'Thesis/Averroes', '--json')))).toEqual(['averroes/bland', 'averroes/hannes'])
    expect((await cli('list', '--collection', 'Averroes')).stdout).toMatch(/^ID +CITEKEY/)

    expect((await cli('collection', 'remove', 'Averroes', 'averroes/hannes')).stdout).toBe('Took 1 item out of "Averroes"; they stay in the library.\n')
    expect(ids(json<Item[]>(await cli('list', '--collection', 'Averroes', '--json')))).toEqual(['averroes/bland'])
    expect((await cli('search', 'collection:averroes', '--json')).stdout).toContain('averroes/bland')
  })

  it('renames, moves and deletes collections and never deletes an item', async () => {
    await cli('collection', 'create', 'Sources')
    await cli('collection', 'create', 'Latin', '--parent', 'Sources')
    await cli('collection', 'add', 'Latin', 'cicero', 'averroes/hercz')
    expect((await cli('collection', 'rename', 'Latin', 'Classics')).stdout).toBe('Renamed "Latin" to "Classics".\n')
    expect((await cli('collection', 'move', 'Classics')).stdout).toBe('Moved "Classics" to "Classics".\n')
    expect((await cli('collection', 'move', 'Sources', '--parent', 'Classics')).stdout).toBe('Moved "Sources" to "Classics/Sources".\n')
    expect((await cli('collection', 'delete', 'Classics')).stdout).toBe('Deleted the collection "Classics" and its 1 subcollection; the items stay in the library.\n')
    expect((await cli('collection', 'list')).stdout).toBe('There are no collections. Make one with: scriptorium collection create NAME\n')
    expect(json<Item[]>(await cli('list', '--json'))).toHaveLength(5)
    expect(json<Item[]>(await cli('list', '--trash', '--json'))).toHaveLength(0)
  })

  it('answers a name it does not know, a duplicate and a malformed command line in one sentence', async () => {
    await cli('collection', 'create', 'Thesis')
    expect(await cli('collection', 'create', 'thesis')).toMatchObject({ code: 1, stderr: 'There is already a collection named "Thesis".\n' })
    expect(await cli('collection', 'add', 'Nowhere', 'cicero')).toMatchObject({ code: 1, stderr: 'There is no collection named "Nowhere".\n' })
    expect(await cli('list', '--collection', 'Nowhere')).toMatchObject({ code: 1, stderr: 'There is no collection named "Nowhere".\n' })
    expect(await cli('collection', 'add', 'Thesis', 'NOSUCHITEM')).toMatchObject({ code: 1, stderr: 'There is no item with id "NOSUCHITEM".\n' })
    expect(await cli('collection', 'add', 'Thesis')).toMatchObject({ code: 2, stderr: '"collection add" takes a collection NAME and one or more item IDs.\nRun "scriptorium --help" for usage.\n' })
    expect(await cli('collection', 'rename', 'Thesis', '--parent', 'X', 'Y')).toMatchObject({ code: 2, stderr: 'The option --parent does not apply to "collection rename".\nRun "scriptorium --help" for usage.\n' })
    expect(await cli('collection', 'frobnicate')).toMatchObject({ code: 2 })
    expect(await cli('list', '--collection', 'Thesis', '--trash')).toMatchObject({ code: 2, stderr: '"list" takes one of --trash, --collection and --saved.\nRun "scriptorium --help" for usage.\n' })
  })

  it('keeps the collections in collections.json and the memberships in each item record', async () => {
    await cli('collection', 'create', 'Kept')
    await cli('collection', 'add', 'Kept', 'cicero')
    const [kept] = json<Collection[]>(await cli('collection', 'list', '--json'))
    const file = JSON.parse(await readFile(join(temp.libraryDir, 'collections.json'), 'utf8'))
    expect(file).toMatchObject({ format: 'scriptorium-collections', records: { [kept.id]: { id: kept.id, name: 'Kept', parentId: null } } })
    const cicero = json<Item>(await cli('show', 'cicero', '--json'))
    const record = JSON.parse(await readFile(join(temp.libraryDir, 'items', cicero.id, 'item.json'), 'utf8'))
    expect(record.item.collections).toEqual([kept.id])
  })
})

describe('scriptorium tags and tag rename', { timeout: 90_000 }, () => {
  it('tags several items at once, counts the tags, renames and merges them', async () => {
    expect((await cli('edit', 'averroes/bland', 'averroes/hannes', 'cicero', '--add-tag', 'latin', '--add-tag', 'reading')).stdout).toBe('Changed the tags of 3 of 3 items.\n')
    expect((await cli('edit', 'cicero', '--remove-tag', 'READING')).stdout).toBe('Changed the tags of 1 of 1 item.\n')
    expect(json<TagCount[]>(await cli('tags', '--json'))).toEqual([
      { tag: 'latin', count: 3 },
      { tag: 'reading', count: 2 },
    ])
    expect((await cli('tags')).stdout).toBe('latin    3\nreading  2\n')
    expect((await cli('tag', 'rename', 'reading', 'Latin')).stdout).toBe('Renamed the tag "reading" to "Latin" on 2 items.\n')
    // Merged into the tag the items already had, whose spelling stays.
    expect(json<TagCount[]>(await cli('tags', '--json'))).toEqual([{ tag: 'latin', count: 3 }])
    expect(json<Item>(await cli('show', 'averroes/bland', '--json')).tags).toEqual(['latin'])
    expect(ids(json<Item[]>(await cli('list', '--json'))).length).toBe(5)
    expect(await cli('edit', 'cicero', '--add-tag', 'x', '--title', 'Y')).toMatchObject({ code: 2 })
    expect(await cli('tag', 'rename', 'nothing', 'x')).toMatchObject({ code: 1, stderr: 'No item has the tag "nothing".\n' })
  })
})

describe('scriptorium search save, searches and list --saved', { timeout: 90_000 }, () => {
  it('saves a query under a name and lists what it finds now', async () => {
    const saved = await cli('search', 'save', 'Averroes books', 'averroes type:book')
    expect(saved.stdout).toBe('Saved the search "Averroes books": averroes type:book\nList what it finds with: scriptorium list --saved "Averroes books"\n')
    expect(json<SavedSearch[]>(await cli('searches', '--json')).map(({ name, query }) => ({ name, query }))).toEqual([{ name: 'Averroes books', query: 'averroes type:book' }])
    expect((await cli('searches')).stdout).toBe('Averroes books  averroes type:book\n')
    expect(ids(json<Item[]>(await cli('list', '--saved', 'averroes books', '--json')))).toEqual(['averroes/bland', 'averroes/hannes', 'averroes/hercz'])
    // Live: an edit that takes an item out of the query takes it out of the list.
    await cli('edit', 'averroes/hercz', '--type', 'article-journal')
    expect(ids(json<Item[]>(await cli('list', '--saved', 'Averroes books', '--json')))).toEqual(['averroes/bland', 'averroes/hannes'])
    expect(await cli('search', 'save', 'Bad', 'year:18')).toMatchObject({ code: 1, stderr: 'The query cannot be saved: year: takes a year such as year:2018 or a range such as year:2015..2019, not "18".\n' })
    expect((await cli('search', 'delete', 'Averroes books')).stdout).toBe('Deleted the saved search "Averroes books".\n')
    expect(await cli('list', '--saved', 'Averroes books')).toMatchObject({ code: 1, stderr: 'There is no saved search named "Averroes books"; "scriptorium searches" lists them.\n' })
    // A search for the word "save" is still a search.
    expect((await cli('search', 'save')).code).toBe(0)
  })
})
