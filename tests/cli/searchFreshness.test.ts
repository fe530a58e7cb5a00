import { existsSync } from 'node:fs'
import { appendFile, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { createArchiveService } from '../../electron/core/archiveService'
import { createLibraryStore } from '../../electron/node/libraryStore'
import { openArchive } from '../../electron/node/openArchive'
import { runScriptorium, type Run } from '../support/runScriptorium'
import { makeTempDir, repoRoot, resourcesDir, samplePath } from '../support/tempLibrary'

let removeTemp: () => Promise<void>
let libraryDir: string
const indexPath = () => join(libraryDir, 'index', 'search-index.json')
const journalPath = () => join(libraryDir, 'index', 'search-changes.log')

const cli = async (...args: string[]): Promise<Run> => {
  const run = await runScriptorium(['--library', libraryDir, ...args])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  return run
}
const found = async (api: ArchiveApi, query: string) => (await api.search({ query })).hits.map((hit) => hit.id)

async function addTwo(): Promise<[Item, Item]> {
  const [sample] = JSON.parse((await cli('add', '--json', samplePath)).stdout) as Item[]
  const other = join(libraryDir, '..', 'harbour.txt')
  await writeFile(other, 'Title: Harbour report\nLanguage: en\n\nThe harbour of Rotterdam handled more containers this year than ever before.')
  const [second] = JSON.parse((await cli('add', '--json', other)).stdout) as Item[]
  return [sample, second]
}

/** The app's service, as openArchive makes it for a long-running process, with its deferred save in the test's hand. */
function appWithSaveInHand(): { api: ArchiveApi; saveNow: () => void } {
  let pending: (() => void) | null = null
  const api = createArchiveService({
    store: createLibraryStore(libraryDir),
    readSample: () => Promise.reject(new Error('no sample here')),
    // Saved after every change here; the app waits for 32, reading fewer from the journal.
    searchSaveAfterChanges: 1,
    deferSearchSave: (save) => {
      pending = save
    },
  })
  return {
    api,
    saveNow: () => {
      const save = pending
      pending = null
      save?.()
    },
  }
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error('the condition never held')
}

const journalLines = async () => (await readFile(journalPath(), 'utf8')).trimEnd().split('\n')
const fileStamp = async (path: string) => {
  const info = await stat(path)
  return `${info.ino}:${info.mtimeMs}:${info.size}`
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'out', 'main', 'cli.js'))) throw new Error('Run "npm run build" before the CLI tests.')
})
beforeEach(async () => {
  const temp = await makeTempDir()
  removeTemp = temp.remove
  libraryDir = join(temp.dir, 'library')
})
afterEach(() => removeTemp())

describe('the search index of a running app and the CLI', () => {
  it('an open app finds a highlight and a note made by a separate CLI process at its next query, and the CLI leaves the index file alone', async () => {
    const [sample] = await addTwo()
    await cli('search', 'vrede')
    const app = openArchive({ libraryDir, resourcesDir, deferSearchSave: true })
    expect(await found(app, 'tijdperk')).toEqual([sample.id])
    expect(await found(app, 'zeppelin')).toEqual([])

    const indexBefore = await fileStamp(indexPath())
    const journalBefore = (await stat(journalPath())).size
    await cli('highlight', sample.id, '--quote', 'Kaesong', '--note', 'zeppelin')
    await cli('note', sample.id, 'Vergelijk met **Yonhap** en de Koreaanse pers')
    // The CLI recorded both changes in the journal and did not rewrite the index.
    expect(await fileStamp(indexPath())).toBe(indexBefore)
    expect((await stat(journalPath())).size).toBeGreaterThan(journalBefore)
    expect((await journalLines()).slice(-2)).toEqual([sample.id, sample.id])

    expect(await found(app, 'zeppelin in:highlights')).toEqual([sample.id])
    expect(await found(app, 'koreaanse pers in:notes')).toEqual([sample.id])
  })

  it("compacts the journal at the app's deferred save, keeping a line another process appended after the app read it", async () => {
    const [sample, harbour] = await addTwo()
    await cli('search', 'vrede')
    const { api: app, saveNow } = appWithSaveInHand()
    await cli('highlight', sample.id, '--quote', 'Kaesong', '--note', 'zeppelin')
    // The app reads the journal and indexes the highlight; its save is now due.
    expect(await found(app, 'zeppelin')).toEqual([sample.id])
    // Another process appends after the app's read and before its save.
    await cli('note', harbour.id, 'Containers via **Maasvlakte**')
    const indexBefore = await fileStamp(indexPath())
    saveNow()
    await until(async () => (await fileStamp(indexPath())) !== indexBefore)
    await until(async () => (await journalLines()).length === 2)

    // The journal keeps only the line the saved index lacks, under the index's new generation.
    const [header, ...lines] = await journalLines()
    expect(lines).toEqual([harbour.id])
    const { journal } = JSON.parse((await readFile(indexPath(), 'utf8')).split('\n')[0]) as { journal: string }
    expect(header).toBe(`#scriptorium-search-changes ${journal}`)
    // Nothing is lost: the app, and a process starting now, find both.
    expect(await found(app, 'maasvlakte')).toEqual([harbour.id])
    const fresh = openArchive({ libraryDir, resourcesDir })
    expect(await found(fresh, 'maasvlakte')).toEqual([harbour.id])
    expect(await found(fresh, 'zeppelin')).toEqual([sample.id])
  })

  it('a second app loads the index again when the first saved it, and misses nothing', async () => {
    const [sample, harbour] = await addTwo()
    await cli('search', 'vrede')
    const first = appWithSaveInHand()
    const second = appWithSaveInHand()
    expect(await found(second.api, 'zeppelin')).toEqual([])
    await cli('highlight', sample.id, '--quote', 'Kaesong', '--note', 'zeppelin')
    expect(await found(first.api, 'zeppelin')).toEqual([sample.id])
    expect(await found(second.api, 'zeppelin')).toEqual([sample.id])
    const indexBefore = await fileStamp(indexPath())
    first.saveNow()
    await until(async () => (await fileStamp(indexPath())) !== indexBefore)
    // The second app's save comes too late: the journal is of the first's generation, so it is refused.
    const savedByFirst = await readFile(indexPath(), 'utf8')
    second.saveNow()
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(await readFile(indexPath(), 'utf8')).toBe(savedByFirst)
    // The journal the second app read is gone; it finds the highlight from the saved index.
    await cli('note', harbour.id, 'Containers via **Maasvlakte**')
    expect(await found(second.api, 'zeppelin')).toEqual([sample.id])
    expect(await found(second.api, 'maasvlakte')).toEqual([harbour.id])
  })

  it('ignores damaged journal lines, lets no torn line swallow the next, and does without a journal', async () => {
    const [sample, harbour] = await addTwo()
    await cli('search', 'vrede')
    const app = openArchive({ libraryDir, resourcesDir, deferSearchSave: true })
    expect(await found(app, 'tijdperk')).toEqual([sample.id])
    await appendFile(journalPath(), '{"not": "an id"}\n\u0000\u0001\n../../etc/passwd\nNOSUCHITEM\n')
    await cli('highlight', sample.id, '--quote', 'Kaesong', '--note', 'zeppelin')
    expect(await found(app, 'zeppelin')).toEqual([sample.id])
    // A process that died halfway through a line: the next change starts a line of its own.
    await appendFile(journalPath(), harbour.id.slice(0, 4))
    expect(await found(app, 'tijdperk')).toEqual([sample.id])
    await cli('note', harbour.id, 'Containers via **Maasvlakte**')
    expect(await found(app, 'maasvlakte')).toEqual([harbour.id])
    // A new process is not stopped by a damaged journal either.
    expect(await found(openArchive({ libraryDir, resourcesDir }), 'zeppelin')).toEqual([sample.id])
    // A deleted journal is started again; the app, which knew its lines, saves the index at once.
    const indexBefore = await fileStamp(indexPath())
    await rm(journalPath())
    await cli('note', harbour.id, 'De Rotterdamse **sluizen**')
    expect(await found(app, 'sluizen')).toEqual([harbour.id])
    await until(async () => (await fileStamp(indexPath())) !== indexBefore)
    const fresh = openArchive({ libraryDir, resourcesDir })
    expect(await found(fresh, 'sluizen')).toEqual([harbour.id])
    expect(await found(fresh, 'zeppelin')).toEqual([sample.id])
  })
})
