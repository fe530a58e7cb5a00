import { cp, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium } from '../support/runScriptorium'
import { makeTempDir, repoRoot, resourcesDir, useTempDir } from '../support/tempLibrary'

// Written by Scriptorium 0.1 (schema 1), see tests/fixtures/libraries/README.md.
const V1_LIBRARY = join(repoRoot, 'tests', 'fixtures', 'libraries', 'v1-library')

const temp = useTempDir()
let v1Catalog: { items: Record<string, { citekey: string; trashedAt: string | null; csl: { title: string } }>; settings: unknown }

beforeEach(async () => {
  await cp(V1_LIBRARY, temp.libraryDir, { recursive: true })
  v1Catalog = JSON.parse(await readFile(join(V1_LIBRARY, 'catalog.json'), 'utf8'))
})

/** The citation keys of the 0.1 catalog's items outside the trash. */
const liveCitekeys = () =>
  Object.values(v1Catalog.items)
    .filter((item) => !item.trashedAt)
    .map((item) => item.citekey)
    .sort()

describe('a library written by Scriptorium 0.1', () => {
  it('opens converted, once, with every item, highlight, note and setting, and the old catalog kept beside it', async () => {
    const api = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
    const live = Object.values(v1Catalog.items).filter((item) => !item.trashedAt)
    expect((await api.listItems({})).map((item) => item.citekey).sort()).toEqual(live.map((item) => item.citekey).sort())
    expect((await api.listItems({ trash: true })).map((item) => item.citekey)).toEqual(['vries2018verbindingsbureau'])
    expect(await api.getSettings({})).toMatchObject({ citationStyle: 'apa', citationLocale: 'nl-NL' })

    const korea = (await api.getItem({ id: 'noord2018zuidkorea' }))
    expect(korea.tags).toEqual(['korea'])
    const annotations = await api.listAnnotations({ id: korea.id })
    expect(annotations.highlights.map((highlight) => [highlight.quote, highlight.note, highlight.paragraph])).toEqual([["een nieuw tijdperk van vrede", "Moon's words", 3]])
    expect(annotations.notes.map((note) => note.note)).toEqual(['Compare with the **Yonhap** report.'])
    expect((await api.search({ query: 'tijdperk vrede', complete: true })).hits.map((hit) => hit.citekey)).toEqual(['noord2018zuidkorea'])
    expect((await api.cite({ id: korea.id, highlightId: annotations.highlights[0].id })).text).toContain('par. 3')

    // The old catalog is kept byte for byte; catalog.json is a stub that 0.1 refuses as newer.
    expect(await readFile(join(temp.libraryDir, 'catalog.v1.json'), 'utf8')).toBe(await readFile(join(V1_LIBRARY, 'catalog.json'), 'utf8'))
    expect(JSON.parse(await readFile(join(temp.libraryDir, 'catalog.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, items: {} })
    expect((await readdir(temp.libraryDir)).sort()).toEqual(['.local', '.stignore', 'catalog.json', 'catalog.v1.json', 'items', 'library.json', 'settings.json'])

    // Once: a second open finds the new layout and leaves the backup alone.
    const again = openArchive({ libraryDir: temp.libraryDir, resourcesDir })
    expect(await again.listItems({})).toEqual(await api.listItems({}))
  })

  it('finishes a conversion killed after the old catalog was replaced by its stub, from the kept copy', async () => {
    const killed = await runScriptorium(['--library', temp.libraryDir, 'list'], { env: { SCRIPTORIUM_CRASH_AT: 'before-migration-marker' } })
    expect(killed.code).toBeNull()
    expect(JSON.parse(await readFile(join(temp.libraryDir, 'catalog.json'), 'utf8'))).toMatchObject({ schemaVersion: 2, items: {} })
    const listed = await runScriptorium(['--library', temp.libraryDir, 'list', '--json'])
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout).map((item: { citekey: string }) => item.citekey).sort()).toEqual(liveCitekeys())
    expect(await readFile(join(temp.libraryDir, 'catalog.v1.json'), 'utf8')).toBe(await readFile(join(V1_LIBRARY, 'catalog.json'), 'utf8'))
  })

  it('never opens half-converted: a conversion killed midway runs again at the next start', async () => {
    const killed = await runScriptorium(['--library', temp.libraryDir, 'list'], { env: { SCRIPTORIUM_CRASH_AT: 'during-migration' } })
    expect(killed.code).toBeNull()
    // Some records were written, but no marker: the old catalog is still the truth.
    expect((await readdir(temp.libraryDir)).includes('library.json')).toBe(false)
    const listed = await runScriptorium(['--library', temp.libraryDir, 'list', '--json'])
    expect(listed.code).toBe(0)
    expect(JSON.parse(listed.stdout).map((item: { citekey: string }) => item.citekey).sort()).toEqual(liveCitekeys())
  })
})

describe('a new library', () => {
  it('opens when a process making it stopped between the stub catalog and the marker, as another process sees it mid-way', async () => {
    const temp = await makeTempDir()
    try {
      const fresh = join(temp.dir, 'library')
      expect((await runScriptorium(['--library', fresh, 'add', join(resourcesDir, 'samples', 'korea-liaison-office-2018.txt')])).code).toBe(0)
      // initializeLibrary writes the stub, then library.json: the state another process can meet.
      await rm(join(fresh, 'library.json'))
      const listed = await runScriptorium(['--library', fresh, 'list', '--json'])
      expect(listed.stderr).toBe('')
      expect(listed.code).toBe(0)
      expect(JSON.parse(listed.stdout)).toHaveLength(1)
      expect((await readdir(fresh)).includes('library.json')).toBe(true)
      // A new library has nothing to convert: no conversion backup was taken.
      expect((await readdir(fresh)).includes('catalog.v1.json')).toBe(false)
    } finally {
      await temp.remove()
    }
  })
})
