import { spawn } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { isAnnotationFileName } from '../../electron/core/sync/annotationFileName'
import { openArchive } from '../../electron/node/openArchive'
import Database from 'better-sqlite3'
import { catalogDatabaseOf, readItemRecords } from '../support/libraryFiles'
import { libraryLeftovers } from '../support/libraryLeftovers'
import { cliPath, resourcesDir } from '../support/tempLibrary'

export const WAITING = 'Waiting for another Scriptorium process to finish saving…'

export interface KillRun {
  code: number | null
  /** Killed by the harness (SIGKILL) before it finished. */
  killed: boolean
  stdout: string
  stderr: string
  ms: number
}

/** One CLI command in a new process; with `killAfterMs`, SIGKILLed then unless it finished first. */
export function runCli(libraryDir: string, args: string[], killAfterMs?: number): Promise<KillRun> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, '--library', libraryDir, ...args], { env: { ...process.env, SCRIPTORIUM_LIBRARY: '' } })
    let stdout = ''
    let stderr = ''
    let killed = false
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => (killed = child.kill('SIGKILL')), killAfterMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, killed: killed && signal === 'SIGKILL', stdout, stderr, ms: performance.now() - started })
    })
  })
}

/** A seeded generator, so that a failing run can be repeated with KILLTEST_SEED. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1
  return () => {
    state ^= state << 13
    state ^= state >>> 17
    state ^= state << 5
    return (state >>> 0) / 2 ** 32
  }
}

const SENTENCES = 24
const sentence = (k: number) => `Sentence number ${k} of this report mentions the harbour.`

interface Owned {
  id: string
  /** The last acknowledged title, and those of edits killed since (any of which may have landed). */
  title: string
  maybeTitles: string[]
  nextSentence: number
}

export interface KillReport {
  kills: number
  operations: number
  acknowledged: number
  rounds: number
  /** How long taking the write lock (BEGIN IMMEDIATE on the catalog) took right after each round with kills, at most. */
  maxLockWaitMs: number
  /** The write command run after each round with kills: the longest it took (process start included), and its median. */
  maxAfterKillMs: number
  medianAfterKillMs: number
  /** Merges tried, and those acknowledged; every one is checked whole or not done at all. */
  merges: number
  mergesAcknowledged: number
  problems: string[]
  checkedBy: 'scriptorium check --json' | 'the harness'
}

/**
 * Random operations of real CLI processes on one library, `workers` at a time, a random share of them
 * SIGKILLed at a random moment, until `kills` kills. After each round a write runs alone: it must
 * succeed without waiting for a lock, and leave no leftover. At the end every acknowledged write must
 * be there, once, in the list and in search.
 */
export async function runKillTest({ libraryDir, scratch, kills: wantedKills = 50, workers = 4, seed = Date.now(), log = () => {} }: { libraryDir: string; scratch: string; kills?: number; workers?: number; seed?: number; log?: (line: string) => void }): Promise<KillReport> {
  const next = random(seed)
  log(`kill test: seed ${seed}`)
  const problems: string[] = []
  const owned: Owned[] = []
  const doomed: string[] = []
  const trashed = new Set<string>()
  const goneForGood = new Set<string>()
  /** Items a delete was tried on (acknowledged or killed), and those an empty-trash may since have removed. */
  const deleteTried = new Set<string>()
  const mayBeGone = new Set<string>()
  const ackedNotes: { id: string; token: string }[] = []
  const ackedHighlights: { id: string; token: string }[] = []
  const ackedAdds: { id: string; title: string }[] = []
  const imports: { prefix: string; entries: number; acked: boolean }[] = []
  const merges: Merge[] = []
  /** The acknowledged highlights and notes each item holds, its own and those an acknowledged merge brought it. */
  const tokensOn = new Map<string, string[]>()
  const holds = (id: string, token: string) => tokensOn.set(id, [...(tokensOn.get(id) ?? []), token])
  let counter = 0
  const token = () => `kt${seed.toString(36)}x${(counter++).toString(36)}`

  const must = async (args: string[]) => {
    const run = await runCli(libraryDir, args)
    if (run.code !== 0) throw new Error(`scriptorium ${args.join(' ')} failed: ${run.stderr}`)
    return run
  }
  const textFile = async (title: string) => {
    const file = join(scratch, `${title}.txt`)
    await writeFile(file, `Title: ${title}\nLanguage: en\n\n${Array.from({ length: SENTENCES }, (_, k) => sentence(k)).join('\n\n')}`)
    return file
  }
  const addText = async (title: string, killAfterMs?: number) => runCli(libraryDir, ['add', '--json', await textFile(title)], killAfterMs)
  // The items worked on, and one that the command after each round of kills writes to.
  const titles = Array.from({ length: workers * 2 + 1 }, token)
  const [sentinel, ...first] = JSON.parse((await must(['add', '--json', ...(await Promise.all(titles.map(textFile)))])).stdout) as Item[]
  for (const item of first) owned.push({ id: item.id, title: item.csl.title!, maybeTitles: [], nextSentence: 0 })

  /** One random operation; what it acknowledged is remembered. */
  const operation = async (item: Owned, killAfterMs: number | undefined): Promise<KillRun> => {
    const dice = next()
    if (dice < 0.25) {
      const title = token()
      const run = await addText(title, killAfterMs)
      if (run.code === 0) {
        const [added] = JSON.parse(run.stdout) as Item[]
        ackedAdds.push({ id: added.id, title })
        // Half of the new items are later deleted; the rest are worked on.
        if (next() < 0.5) doomed.push(added.id)
        else owned.push({ id: added.id, title, maybeTitles: [], nextSentence: 0 })
      }
      return run
    }
    if (dice < 0.45) {
      const title = token()
      const run = await runCli(libraryDir, ['edit', item.id, '--title', title], killAfterMs)
      if (run.code === 0) Object.assign(item, { title, maybeTitles: [] })
      else item.maybeTitles.push(title)
      return run
    }
    if (dice < 0.6 && item.nextSentence < SENTENCES) {
      const note = token()
      const run = await runCli(libraryDir, ['highlight', item.id, '--quote', `Sentence number ${item.nextSentence++} of`, '--note', note], killAfterMs)
      if (run.code === 0) {
        ackedHighlights.push({ id: item.id, token: note })
        holds(item.id, note)
      }
      return run
    }
    if (dice < 0.75) {
      const note = token()
      const run = await runCli(libraryDir, ['note', item.id, `Note ${note}`], killAfterMs)
      if (run.code === 0) {
        ackedNotes.push({ id: item.id, token: note })
        holds(item.id, note)
      }
      return run
    }
    if (dice < 0.8) {
      const prefix = token()
      const entries = 150 + Math.floor(next() * 150)
      const bib = join(scratch, `${prefix}.bib`)
      // No DOI or address: a run again after a kill knows an entry is there by the entry alone.
      await writeFile(bib, Array.from({ length: entries }, (_, n) => `@article{${prefix}e${n},\n  author = {Jansen, Pieter},\n  title = {Report ${n} of ${prefix}},\n  journal = {Kill Test Studies},\n  year = {2001}\n}\n`).join('\n'))
      const record = { prefix, entries, acked: false }
      imports.push(record)
      const run = await runCli(libraryDir, ['add', bib], killAfterMs)
      // A killed import is run again, as a user would: it resumes.
      if (run.killed) {
        const again = await runCli(libraryDir, ['add', bib])
        record.acked = again.code === 0 || again.stderr.split('\n').filter((line) => line.includes('is already in the library')).length > 0
        if (again.code !== 0 && !/is already in the library/.test(again.stderr)) problems.push(`the import of ${prefix}.bib, run again, failed: ${again.stderr.slice(0, 300)}`)
      } else record.acked = run.code === 0
      return run
    }
    if (dice < 0.9) {
      // The item merges into a new one of this worker's own; from now on that one is worked on instead.
      const title = token()
      const [keep] = JSON.parse((await must(['add', '--json', await textFile(title)])).stdout) as Item[]
      ackedAdds.push({ id: keep.id, title })
      owned.splice(owned.indexOf(item), 1)
      owned.push({ id: keep.id, title, maybeTitles: [], nextSentence: 0 })
      const merge: Merge = { keep: keep.id, other: item.id, tokens: [...(tokensOn.get(item.id) ?? [])], acked: false }
      merges.push(merge)
      // Merged, it is in the trash, where an empty-trash may take it.
      deleteTried.add(item.id)
      const run = await runCli(libraryDir, ['merge', keep.id, item.id], killAfterMs)
      if (run.code === 0) {
        merge.acked = true
        trashed.add(item.id)
        for (const each of merge.tokens) holds(keep.id, each)
      }
      return run
    }
    if (dice < 0.95 && doomed.length) {
      const id = doomed.shift()!
      deleteTried.add(id)
      const run = await runCli(libraryDir, ['delete', id], killAfterMs)
      if (run.code === 0) trashed.add(id)
      return run
    }
    const before = [...trashed]
    const run = await runCli(libraryDir, ['empty-trash', '--yes'], killAfterMs)
    if (run.code === 0) for (const id of before) goneForGood.add(id)
    // Killed or not, it may have removed any item in the trash by the time it ended: one whose delete
    // ran beside it, or was killed after its change committed.
    for (const id of deleteTried) mayBeGone.add(id)
    return run
  }

  let kills = 0
  let operations = 0
  let acknowledged = 0
  let rounds = 0
  const afterKill: number[] = []
  const lockWaits: number[] = []
  while (kills < wantedKills) {
    rounds++
    // Each worker works on an item of its own this round: what the last acknowledged edit says is then well defined.
    const items = [...owned].sort(() => next() - 0.5).slice(0, workers)
    const runs = await Promise.all(items.map((item) => operation(item, next() < 0.8 ? 50 + Math.floor(next() * 2500) : undefined)))
    operations += runs.length
    for (const run of runs) {
      if (run.killed) kills++
      else if (run.code === 0) acknowledged++
      else problems.push(`round ${rounds}: a command failed with ${run.code}: ${run.stderr.slice(0, 300)}`)
    }
    if (!runs.some((run) => run.killed)) continue
    lockWaits.push(await timeToTakeTheLock(libraryDir))
    // The next command after the kills, alone: it must neither wait for a lock nor fail, and leaves nothing behind.
    const note = token()
    const run = await runCli(libraryDir, ['note', sentinel.id, `Note ${note}`])
    afterKill.push(run.ms)
    if (run.code !== 0) problems.push(`round ${rounds}: the command after a kill failed: ${run.stderr}`)
    else ackedNotes.push({ id: sentinel.id, token: note })
    if (run.stderr.includes(WAITING)) problems.push(`round ${rounds}: the command after a kill waited for the lock (${Math.round(run.ms)} ms)`)
    const leftovers = await libraryLeftovers(libraryDir)
    if (leftovers.length) problems.push(`round ${rounds}: leftovers after the next command: ${leftovers.join(', ')}`)
    log(`round ${rounds}: ${kills} kills so far; the command after them took ${Math.round(run.ms)} ms`)
  }

  const help = await runCli(libraryDir, ['--help'])
  let checkedBy: KillReport['checkedBy'] = 'the harness'
  if (/^\s+check\b/m.test(help.stdout)) {
    checkedBy = 'scriptorium check --json'
    const check = await runCli(libraryDir, ['check', '--json'])
    const report = JSON.parse(check.stdout || '{}') as { ok?: boolean; problems?: unknown[] }
    if (check.code !== 0 || report.ok !== true) problems.push(`scriptorium check --json found: ${JSON.stringify(report.problems ?? check.stderr).slice(0, 1000)}`)
  }
  problems.push(...(await checkInvariants(libraryDir, { owned, ackedAdds, ackedNotes, ackedHighlights, imports, merges, trashed, goneForGood, mayBeGone })))
  await must(['list'])
  const sorted = [...afterKill].sort((a, b) => a - b)
  return { kills, operations, acknowledged, rounds, maxLockWaitMs: Math.max(0, ...lockWaits), maxAfterKillMs: sorted.at(-1) ?? 0, medianAfterKillMs: sorted[sorted.length >> 1] ?? 0, merges: merges.length, mergesAcknowledged: merges.filter((merge) => merge.acked).length, problems, checkedBy }
}

/** A merge of `other` into `keep`, acknowledged or killed, with the acknowledged highlights and notes other held then. */
interface Merge {
  keep: string
  other: string
  tokens: string[]
  acked: boolean
}

/** SQLite's write lock, taken as every Scriptorium process takes it: a killed holder's is free at once. */
async function timeToTakeTheLock(libraryDir: string): Promise<number> {
  const db = new Database(await catalogDatabaseOf(libraryDir))
  try {
    db.pragma('busy_timeout = 10000')
    const started = performance.now()
    db.exec('BEGIN IMMEDIATE')
    const waited = performance.now() - started
    db.exec('ROLLBACK')
    return waited
  } finally {
    db.close()
  }
}

/** Every acknowledged write is there, once, in the records, the catalog and search; nothing is left over. */
async function checkInvariants(
  libraryDir: string,
  expected: {
    owned: Owned[]
    ackedAdds: { id: string; title: string }[]
    ackedNotes: { id: string; token: string }[]
    ackedHighlights: { id: string; token: string }[]
    imports: { prefix: string; entries: number; acked: boolean }[]
    merges: Merge[]
    trashed: Set<string>
    goneForGood: Set<string>
    mayBeGone: Set<string>
  },
): Promise<string[]> {
  const problems: string[] = []
  const leftovers = await libraryLeftovers(libraryDir)
  if (leftovers.length) problems.push(`leftovers: ${leftovers.join(', ')}`)
  const api: ArchiveApi = openArchive({ libraryDir, resourcesDir })
  const records = await readItemRecords(libraryDir)
  const info = await api.getLibraryInfo({})
  if (info.setAside.length) problems.push(`set aside: ${JSON.stringify(info.setAside).slice(0, 500)}`)
  const listed = [...(await api.listItems({})), ...(await api.listItems({ trash: true }))]
  const recordIds = records.map((item) => item.id).sort()
  const listedIds = listed.map((item) => item.id).sort()
  if (JSON.stringify(recordIds) !== JSON.stringify(listedIds)) problems.push(`the catalog lists ${listedIds.length} items, the records are ${recordIds.length}`)
  const byId = new Map(listed.map((item) => [item.id, item]))
  const titles = new Map<string, number>()
  for (const item of listed) titles.set(item.csl.title ?? '', (titles.get(item.csl.title ?? '') ?? 0) + 1)

  // An acknowledged addition is there (by its id: an edit may have retitled it since), unless a delete
  // and an empty-trash were tried on it since.
  for (const { id, title } of expected.ackedAdds) if (!byId.has(id) && !expected.mayBeGone.has(id)) problems.push(`an acknowledged addition is missing: ${title} (${id})`)
  for (const [title, count] of titles) if (title.startsWith('kt') && count > 1) problems.push(`${title} is there ${count} times`)
  for (const item of expected.owned) {
    const title = byId.get(item.id)?.csl.title
    if (title !== item.title && !item.maybeTitles.includes(title ?? '')) problems.push(`item ${item.id} is titled ${title}, not its last acknowledged title ${item.title}`)
  }
  const find = async (query: string) => (await api.search({ query, limit: 50 })).hits.map((hit) => hit.id)
  // A highlight or note is found on its item, or on an item that item was merged into (acknowledged or killed).
  const holders = (id: string): Set<string> => {
    const found = new Set([id])
    for (let grew = true; grew; ) {
      grew = false
      for (const { keep, other } of expected.merges) {
        if (found.has(other) && !found.has(keep)) {
          found.add(keep)
          grew = true
        }
      }
    }
    return found
  }
  const foundOn = (hits: string[], id: string) => hits.some((hit) => holders(id).has(hit))
  for (const { id, token } of expected.ackedHighlights) if (!foundOn(await find(`${token} in:highlights`), id)) problems.push(`an acknowledged highlight (${token}) is not found`)
  for (const { id, token } of expected.ackedNotes) if (!foundOn(await find(`${token} in:notes`), id)) problems.push(`an acknowledged note (${token}) is not found`)
  // A merge happened whole or not at all: other in the trash (or emptied from it) with its highlights
  // and notes copied to keep, or other as it was and keep without them; never both, never neither.
  for (const { keep, other, tokens, acked } of expected.merges) {
    const otherGone = !byId.get(other) || Boolean(byId.get(other)!.trashedAt)
    // keep may itself have been merged on later: what it holds is then on the items it went into too.
    const held = (await Promise.all([...holders(keep)].map((id) => readLiveAnnotations(libraryDir, id)))).join('\n')
    const copied = tokens.filter((token) => held.includes(token))
    const whole = otherGone && copied.length === tokens.length
    const none = !otherGone && copied.length === 0
    if (acked ? !whole : !(whole || none)) {
      problems.push(`the ${acked ? 'acknowledged' : 'killed'} merge of ${other} into ${keep} is half done: ${other} is ${otherGone ? 'in the trash' : 'not in the trash'}, and ${copied.length} of its ${tokens.length} highlights and notes are on ${keep}`)
    }
  }
  for (const id of expected.goneForGood) if (byId.has(id)) problems.push(`item ${id} was deleted for good but is there`)
  for (const id of expected.trashed) if (byId.get(id) && !byId.get(id)!.trashedAt) problems.push(`item ${id} was deleted but is not in the trash`)
  const keys = new Map<string, number>()
  for (const item of listed) keys.set(item.citekey, (keys.get(item.citekey) ?? 0) + 1)
  for (const { prefix, entries, acked } of expected.imports) {
    const present = listed.filter((item) => item.csl['container-title'] === 'Kill Test Studies' && item.citekey.startsWith(`${prefix}e`))
    const duplicated = present.filter((item) => !/e\d+$/.test(item.citekey))
    if (duplicated.length) problems.push(`the import ${prefix} added ${duplicated.length} entries twice`)
    if (acked && present.length !== entries) problems.push(`the acknowledged import ${prefix} has ${present.length} of its ${entries} entries`)
  }
  return problems
}

/** The text of an item's highlights and notes that are not deleted, as its annotation files on disk (one per device) hold them. */
async function readLiveAnnotations(libraryDir: string, id: string): Promise<string> {
  const folder = join(libraryDir, 'items', id)
  const names = (await readdir(folder).catch(() => [] as string[])).filter(isAnnotationFileName).sort()
  const live: unknown[] = []
  for (const name of names) {
    const file = JSON.parse(await readFile(join(folder, name), 'utf8')) as { annotations: { 'scriptorium:deleted'?: string }[] }
    live.push(...file.annotations.filter((annotation) => !annotation['scriptorium:deleted']))
  }
  return JSON.stringify(live)
}
