import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { performance } from 'node:perf_hooks'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createArchiveService } from '../electron/core/archiveService'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { libraryLayout } from '../electron/node/library/libraryLayout'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { mergeItemConflicts } from '../electron/node/library/mergeConflictCopies'
import { summarize } from './summarize'

const MERGE_TARGET = 20
const RUNS = 30

/**
 * Merging one Syncthing conflict copy of item.json: read both, merge field by field, write the result
 * durably (fsync), remove the copy. Each run lays a fresh copy whose title and tags clash with the record.
 */
export async function measureConflictMerge(): Promise<{ size: number; operation: string; median: number; p95: number; target: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-sync-'))
  try {
    const store = createLibraryStore(dir, { search: ftsSearch })
    const service = createArchiveService({ store, readSample: async () => ({ name: 'a.txt', bytes: new TextEncoder().encode('Title: Kaesong\n\nHet verbindingsbureau in Kaesong is geopend.\n') }) })
    const { id } = await service.addSampleArticle({})
    await service.updateItem({ id, patch: { title: 'Kaesong, edited here', tags: ['korea'] } })
    const layout = libraryLayout(dir)
    const recordPath = join(layout.itemFolder(id), 'item.json')
    const record = JSON.parse(await readFile(recordPath, 'utf8'))
    const device = Object.keys(record.changes.versions)[0]
    const copy = { ...record, item: { ...record.item, csl: { ...record.item.csl, title: 'Kaesong, edited there', publisher: 'NOS' }, tags: ['korea', 'border'] } }
    copy.changes = { versions: { [device]: 1, laptop: 1 }, changes: { 'csl.title': { at: '2026-01-01T00:00:00.000Z', by: 'laptop', n: 1 }, 'csl.publisher': { at: '2026-01-01T00:00:00.000Z', by: 'laptop', n: 1 }, 'tags[border]': { at: '2026-01-01T00:00:00.000Z', by: 'laptop', n: 1 } } }
    const copyText = JSON.stringify(copy, null, 2)
    const original = await readFile(recordPath, 'utf8')
    const copyPath = join(layout.itemFolder(id), 'item.sync-conflict-20260101-000000-LAPTOP7.json')
    const samples: number[] = []
    // The first run warms the modules up and is not counted; only the merge itself is timed.
    for (let run = 0; run <= RUNS; run++) {
      await writeFile(copyPath, copyText)
      await writeFile(recordPath, original)
      const start = performance.now()
      const outcome = await mergeItemConflicts(layout, id)
      if (run) samples.push(performance.now() - start)
      if (outcome.merged !== 1) throw new Error('the conflict copy was not merged')
    }
    store.close()
    return { size: 1, operation: 'merge one conflict copy of item.json (read, merge, fsync, remove)', ...summarize(samples), target: MERGE_TARGET }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
