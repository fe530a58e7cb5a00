import { performance } from 'node:perf_hooks'
import type { ArchiveApi } from '../electron/core/archiveApi'
import { withDescendants } from '../electron/core/organize/collectionTree'
import { itemsInView, matchesOf } from '../electron/core/organize/itemsInView'
import type { EngineRow } from './engineBench'
import { profileWindow } from './profileWindow'
import { summarize } from './summarize'
import { timeRuns } from './timeRuns'

const RUNS = 9
const COLLECTION_SIZE = 10_000
const TAGGED = 1_000
// A query as it is typed, a keystroke at a time: each prefix filters the table.
const TYPED = 'peace agreement'

/**
 * Collections, tags and the table's filter on an open library: typing a query (into a merged index) until the table's rows
 * are filtered (the archive's matching ids, then the window's filtering of the whole sorted list by
 * them, with the renderer's own itemsInView), opening a collection of 10,000 items as the app does and
 * as the CLI does, and tagging 1,000 selected items in one call.
 */
export async function measureOrganize(api: ArchiveApi, ids: string[], size: number, indexQueued: () => Promise<void>, mergeIndex: () => Promise<void>): Promise<EngineRow[]> {
  const rows: EngineRow[] = []
  const row = (operation: string, samples: number[], extra: Partial<EngineRow> = {}) => rows.push({ size, operation, ...summarize(samples), ...extra })
  const sorted = await api.listItems({})

  // The table is typed into as the app leaves the index when quiet: merged into one piece a moment after
  // a change of many items (a kept library comes with the last run's bulk tags, each its own segment).
  const mergeCpu = process.cpuUsage()
  const [merging] = await timeRuns(1, mergeIndex)
  const merged = process.cpuUsage(mergeCpu)
  rows.push({ size, operation: `merge the index into one piece first, in steps (the app's, when quiet; ${((merged.user + merged.system) / 1e6).toFixed(1)} s CPU, s)`, median: merging / 1000, p95: NaN, unit: 's' })

  const keystrokes = Array.from({ length: TYPED.length - 1 }, (_, at) => TYPED.slice(0, at + 2)).filter((prefix) => !prefix.endsWith(' '))
  let shown = 0
  // Each keystroke's two halves are timed apart too: the archive's matching ids, then the window's rows from them.
  const asking: number[] = []
  const filtering: number[] = []
  const keystrokeCpu: number[] = []
  // SCRIPTORIUM_BENCH_CPU_PROFILE=<path> writes the keystrokes' CPU profile (the archive's ids and the window's rows) there.
  const typing = () => timeRuns(keystrokes.length * 2, async (run) => {
    const cpu = process.cpuUsage()
    const asked = performance.now()
    const answer = await api.matchItems({ query: keystrokes[run % keystrokes.length] })
    const answered = performance.now()
    shown = itemsInView(sorted, { matching: [matchesOf(answer)] }).length
    asking.push(answered - asked)
    filtering.push(performance.now() - answered)
    const { user, system } = process.cpuUsage(cpu)
    keystrokeCpu.push((user + system) / 1000)
  })
  row('filter the table by a query, typed (each keystroke to rows)', await profileWindow(process.env.SCRIPTORIUM_BENCH_CPU_PROFILE, typing), { target: 50 })
  if (!shown) throw new Error('the typed query filtered every row away')
  row(`  of which the archive's matching ids (a keystroke's CPU time: median ${summarize(keystrokeCpu).median.toFixed(0)} ms)`, asking)
  row('  of which the window\'s rows from those ids (itemsInView)', filtering)

  // Each call tags items no earlier call of a kept library tagged, or tagged least: every tag leaves its
  // change stamp in the record, and the same 1,000 items tagged by a day of runs had grown to 73 tags
  // and 12 KB records (about 1 KB is usual), which slowed the row with every run.
  const benchTags = (item: (typeof sorted)[number]) => item.tags.filter((tag) => tag.startsWith('bench')).length
  const leastTagged = sorted.map((item) => ({ id: item.id, count: benchTags(item) })).sort((a, b) => a.count - b.count).map(({ id }) => id)
  let taken = 0
  // Round again from the least tagged when a small library runs out.
  const nextSelection = () => Array.from({ length: TAGGED }, () => leastTagged[taken++ % leastTagged.length])
  // On a shared machine the wall time waits on other processes: the CPU time says how much is this one's own work.
  // The call answers once records, catalog and tag: filter hold the tag; the words are indexed right after, as in the app.
  const label = () => `bench${Date.now().toString(36)}`
  const tagging: number[] = []
  let cpuMs = 0
  // The table filtered again once the tag's words are indexed: the first keystroke after those commits.
  const after: number[] = []
  const afterCpu: number[] = []
  for (let run = 0; run < 5; run++) {
    const cpu = process.cpuUsage()
    const selected = nextSelection()
    tagging.push(...(await timeRuns(1, () => api.editTags({ ids: selected, add: [label()] }))))
    const { user, system } = process.cpuUsage(cpu)
    cpuMs += (user + system) / 1000 / 5
    // Each run starts with the last one's words indexed, as when a user tags again a while later.
    await indexQueued()
    const keyCpu = process.cpuUsage()
    after.push(...(await timeRuns(1, () => api.matchItems({ query: TYPED }))))
    const used = process.cpuUsage(keyCpu)
    afterCpu.push((used.user + used.system) / 1000)
  }
  row(`tag ${TAGGED.toLocaleString('en')} selected items (one call, persisted, tag: filter at once; ${cpuMs.toFixed(0)} ms CPU each)`, tagging, { target: 1000 })
  row(`  the table's first keystroke after it is indexed, the archive's ids (CPU: median ${summarize(afterCpu).median.toFixed(0)} ms)`, after)
  let found = 0
  const words = await timeRuns(3, async () => {
    const tag = label()
    await api.editTags({ ids: nextSelection(), add: [tag] })
    await indexQueued()
    const answer = await api.matchItems({ query: tag })
    found = 'ids' in answer ? answer.ids.length : NaN
  })
  if (found !== TAGGED) throw new Error(`a search for the new tag found ${found} items`)
  row(`tag ${TAGGED.toLocaleString('en')} selected items, until a search for its word finds them all`, words)

  const members = ids.slice(0, Math.min(COLLECTION_SIZE, ids.length))
  const collection = await api.createCollection({ name: `Bench ${Date.now()}` })
  const adding = await timeRuns(1, () => api.addToCollection({ id: collection.id, itemIds: members }))
  rows.push({ size, operation: `put ${members.length.toLocaleString('en')} items in a collection (one call, s)`, median: adding[0] / 1000, p95: NaN, unit: 's' })
  // What a click on the collection does in the app: the window already holds the sorted library (reloaded
  // after the change, as every window does), and narrows it to the collection and its subcollections.
  const loaded = await api.listItems({})
  const records = await api.listCollections({})
  row(`open a collection of ${members.length.toLocaleString('en')} items (the app: its rows out of the loaded library)`, await timeRuns(RUNS, async () => {
    const shownRows = itemsInView(loaded, { collectionIds: withDescendants(records, collection.id) })
    if (shownRows.length !== members.length) throw new Error(`the collection showed ${shownRows.length} items`)
  }), { target: 150 })
  // The CLI's `list --collection` and the API's listItems read every member's record from the catalog.
  row(`list a collection of ${members.length.toLocaleString('en')} items through the archive (CLI list --collection)`, await timeRuns(RUNS, async () => {
    const listed = await api.listItems({ collectionId: collection.id })
    if (listed.length !== members.length) throw new Error(`the collection listed ${listed.length} items`)
  }))
  await api.deleteCollection({ id: collection.id })
  return rows
}
