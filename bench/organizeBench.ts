import type { ArchiveApi } from '../electron/core/archiveApi'
import type { EngineRow } from './engineBench'
import { summarize } from './summarize'
import { timeRuns } from './timeRuns'

const RUNS = 9
const COLLECTION_SIZE = 10_000
const TAGGED = 1_000
// A query as it is typed, a keystroke at a time: each prefix filters the table.
const TYPED = 'peace agreement'

/**
 * Collections, tags and the table's filter on an open library: typing a query until the table's rows
 * are filtered (the archive's matching ids, then the renderer's filtering of the whole sorted list by
 * them), opening a collection of 10,000 items, and tagging 1,000 selected items in one call.
 */
export async function measureOrganize(api: ArchiveApi, ids: string[], size: number): Promise<EngineRow[]> {
  const rows: EngineRow[] = []
  const row = (operation: string, samples: number[], extra: Partial<EngineRow> = {}) => rows.push({ size, operation, ...summarize(samples), ...extra })
  const sorted = await api.listItems({})

  const keystrokes = Array.from({ length: TYPED.length - 1 }, (_, at) => TYPED.slice(0, at + 2)).filter((prefix) => !prefix.endsWith(' '))
  let shown = 0
  row('filter the table by a query, typed (each keystroke to rows)', await timeRuns(keystrokes.length * 2, async (run) => {
    const { ids: matched } = await api.matchItems({ query: keystrokes[run % keystrokes.length] })
    const wanted = new Set(matched)
    shown = sorted.filter((item) => wanted.has(item.id)).length
  }), { target: 50 })
  if (!shown) throw new Error('the typed query filtered every row away')

  const selected = ids.slice(0, TAGGED)
  // On a shared machine the wall time waits on other processes: the CPU time says how much is this one's own work.
  const cpu = process.cpuUsage()
  const tagging = await timeRuns(5, (run) => api.editTags({ ids: selected, add: [`bench-${run}`] }))
  const { user, system } = process.cpuUsage(cpu)
  row(`tag ${TAGGED.toLocaleString('en')} selected items (one call, persisted and indexed; ${((user + system) / 5000).toFixed(0)} ms CPU each)`, tagging, { target: 1000 })

  const members = ids.slice(0, Math.min(COLLECTION_SIZE, ids.length))
  const collection = await api.createCollection({ name: `Bench ${Date.now()}` })
  const adding = await timeRuns(1, () => api.addToCollection({ id: collection.id, itemIds: members }))
  rows.push({ size, operation: `put ${members.length.toLocaleString('en')} items in a collection (one call, s)`, median: adding[0] / 1000, p95: NaN, unit: 's' })
  row(`open a collection of ${members.length.toLocaleString('en')} items (all its rows)`, await timeRuns(RUNS, async () => {
    const listed = await api.listItems({ collectionId: collection.id })
    if (listed.length !== members.length) throw new Error(`the collection listed ${listed.length} items`)
  }), { target: 150 })
  await api.deleteCollection({ id: collection.id })
  return rows
}
