import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { ftsSearch } from '../electron/node/library/ftsSearchBinding'
import { createLibraryStore } from '../electron/node/library/libraryStore'
import { openArchive } from '../electron/node/openArchive'
import { summarize } from './summarize'

const PICKUP_TARGET = 2000
const CHANGED = 1000
const RUNS = 3
/** Past the watch budget (see watchLibraryFolder) changes wait for a full scan, which at 100,000 items takes minutes. */
const BOUND_MS = 900_000

/**
 * What a sync tool brings while the app runs: 1,000 item records of a library of `size` replaced on
 * disk the way Syncthing replaces a file (a temp file renamed into place), each title given a word
 * no item had. Timed from the last rename until the running app's search finds all 1,000, through
 * its folder watcher, catalog and index.
 */
export async function measureOutsidePickup(size: number, buildLibrary: (dir: string, size: number) => Promise<string[]>): Promise<{ size: number; operation: string; median: number; p95: number; target: number }> {
  const dir = await mkdtemp(join(tmpdir(), `scriptorium-bench-pickup-${size}-`))
  try {
    const ids = await buildLibrary(dir, size)
    // The catalog and index made first, as a library the app has opened before.
    const store = createLibraryStore(dir, { search: ftsSearch })
    await store.refresh()
    await store.indexQueued()
    store.close()
    const app = openArchive({ libraryDir: dir, resourcesDir: fileURLToPath(new URL('../../resources', import.meta.url)), longRunning: true })
    await app.search({ query: 'report', complete: true })

    const rewrite = async (id: string, word: string) => {
      const path = join(dir, 'items', id, 'item.json')
      const record = JSON.parse(await readFile(path, 'utf8'))
      record.item.csl.title = `${record.item.csl.title} ${word}`
      record.revision += 1
      await writeFile(`${path}.syncthing.tmp`, JSON.stringify(record, null, 2))
      await rename(`${path}.syncthing.tmp`, path)
    }
    const foundWithin = async (word: string, count: number, from: number): Promise<number> => {
      for (;;) {
        if ((await app.search({ query: word, limit: 1 })).total >= count) return performance.now() - from
        if (performance.now() - from > BOUND_MS) throw new Error(`search found fewer than ${count} items with "${word}" after ${BOUND_MS / 1000} s`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    // The watcher is live once a first outside change is found.
    await rewrite(ids[0], 'warmupword')
    await foundWithin('warmupword', 1, performance.now())

    const samples: number[] = []
    for (let run = 0; run < RUNS; run++) {
      const word = `pickup${'abcdefghij'[run]}word`
      const chosen = Array.from({ length: CHANGED }, (_, n) => ids[(1 + run * CHANGED + n * Math.floor(size / CHANGED)) % size])
      for (const id of chosen) await rewrite(id, word)
      samples.push(await foundWithin(word, new Set(chosen).size, performance.now()))
      console.error(`pick-up at ${size.toLocaleString('en')} items, run ${run + 1}: ${Math.round(samples[run])} ms`)
    }
    return { size, operation: `pick up ${CHANGED.toLocaleString('en')} items changed outside (Syncthing-style renames) until search finds them, from the last write`, ...summarize(samples), target: PICKUP_TARGET }
  } finally {
    await rm(dir, { recursive: true, force: true, maxRetries: 5 })
  }
}
