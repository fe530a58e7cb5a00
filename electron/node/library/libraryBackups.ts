import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { gunzip, gzip } from 'node:zlib'
import { ArchiveError } from '../../core/archiveError'
import { backupsToKeep } from '../../core/backupsToKeep'
import type { BackupReason, LibraryBackup } from '../../core/libraryHealth'
import { LIBRARY_SCHEMA_VERSION, type LibraryLayout } from './libraryLayout'
import { isRecordPath, listRecordFiles } from './recordFiles'
import { recordProblem } from './recordProblem'
import { readTarEntries, tarEntries } from './tarArchive'
import { syncFolder, writeFileDurably } from './writeFileDurably'

export const BACKUP_FORMAT = 'scriptorium-backup'
const NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-(daily|manual|before-migration|before-restore)(-\d+)?$/
/** An archive without its manifest this long is an interrupted backup, not one being written. */
const UNFINISHED_AFTER_MS = 10 * 60 * 1000

/**
 * .local/<device>/backups/<name>.tar.gz holds the library's records under their own paths, so
 * `tar -xzf <name>.tar.gz -C <library>` restores them by hand; <name>.json beside it, written last,
 * lists each file's size and SHA-256 and the archive's own, and makes the backup count.
 */
interface Manifest {
  format: typeof BACKUP_FORMAT
  version: 1
  name: string
  createdAt: string
  reason: BackupReason
  schemaVersion: number
  library: string
  archive: { bytes: number; sha256: string }
  files: { path: string; size: number; sha256: string }[]
  unreadable: string[]
}

export interface BackupOptions {
  reason: BackupReason
  /** The clock; tests pass dates of their own to exercise the rotation. */
  now?: () => Date
}

/** Copies every record into one archive, reads it back against the checksums, and only then names the backup; then rotates. */
export async function takeBackup(layout: LibraryLayout, { reason, now = () => new Date() }: BackupOptions): Promise<LibraryBackup> {
  const createdAt = now()
  const name = freeName(`${createdAt.toISOString().slice(0, 19).replace(/:/g, '-')}Z-${reason}`, await listBackups(layout))
  try {
    const paths = await listRecordFiles(layout)
    const entries: { path: string; bytes: Buffer }[] = []
    let next = 0
    const readSome = async () => {
      for (let index = next++; index < paths.length; index = next++) {
        const bytes = await readFile(join(layout.location, paths[index])).catch((error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return null // deleted meanwhile
          throw error
        })
        if (bytes) entries[index] = { path: paths[index], bytes }
      }
    }
    await Promise.all(Array.from({ length: 16 }, readSome))
    const files = entries.filter(Boolean)
    const archive = await promisify(gzip)(tarEntries(files, createdAt))
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      version: 1,
      name,
      createdAt: createdAt.toISOString(),
      reason,
      schemaVersion: await schemaOf(layout),
      library: layout.location,
      archive: { bytes: archive.length, sha256: sha(archive) },
      files: files.map(({ path, bytes }) => ({ path, size: bytes.length, sha256: sha(bytes) })),
      unreadable: files.filter(({ path, bytes }) => recordProblem(path, bytes)).map(({ path }) => path),
    }
    await mkdir(layout.backups, { recursive: true })
    await writeFileDurably(archivePath(layout, name), archive)
    // Verified from the disk: what a restore would read.
    await readArchive(layout, manifest)
    // One line: at 10,000 items an indented manifest would outweigh the compressed archive.
    await writeFileDurably(manifestPath(layout, name), `${JSON.stringify(manifest)}\n`)
    await syncFolder(layout.backups)
    await rotateBackups(layout)
    return summary(layout, manifest)
  } catch (error) {
    await rm(archivePath(layout, name), { force: true }).catch(() => {})
    throw new ArchiveError('storage_failed', `Scriptorium could not back up the library into ${layout.backups}: ${(error as Error).message}.`)
  }
}

/** Newest first; an archive without a readable manifest is not a backup. */
export async function listBackups(layout: LibraryLayout): Promise<LibraryBackup[]> {
  const found: LibraryBackup[] = []
  for (const file of await namesIn(layout.backups)) {
    const name = file.replace(/\.json$/, '')
    if (name === file || !NAME.test(name)) continue
    const manifest = await readManifest(layout, name).catch(() => null)
    if (manifest) found.push(summary(layout, manifest))
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name))
}

/** Archives whose manifest was never written: a backup interrupted some time ago. */
export async function unfinishedBackups(layout: LibraryLayout, now: number): Promise<string[]> {
  const names = await namesIn(layout.backups)
  const unfinished: string[] = []
  for (const file of names.filter((candidate) => candidate.endsWith('.tar.gz'))) {
    if (names.includes(file.replace(/\.tar\.gz$/, '.json'))) continue
    const info = await stat(join(layout.backups, file)).catch(() => null)
    if (info && now - info.mtimeMs > UNFINISHED_AFTER_MS) unfinished.push(file)
  }
  return unfinished
}

/**
 * A backup's records, read back and checked against the manifest's checksums; refused in words
 * when anything differs or is missing, or when a path is not a record's (a manifest is a file like
 * any other, and nothing read from a file may lead a write outside the library's records).
 */
export async function readVerifiedBackup(layout: LibraryLayout, name: string): Promise<{ backup: LibraryBackup; files: { path: string; bytes: Buffer }[] }> {
  if (!NAME.test(name)) throw new ArchiveError('not_found', `There is no backup named "${name.slice(0, 100)}"; "scriptorium backups" lists them.`)
  let manifest: Manifest
  try {
    manifest = await readManifest(layout, name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArchiveError('not_found', `There is no backup named "${name}"; "scriptorium backups" lists them.`)
    throw new ArchiveError('damaged_library', `The backup ${name} is damaged (its manifest ${name}.json cannot be read); choose another from "scriptorium backups".`)
  }
  const bad = manifest.files.find((file) => !isRecordPath(file.path))
  if (bad) throw new ArchiveError('damaged_library', `The backup ${name} names "${bad.path.slice(0, 100)}", which is not a record of a library; Scriptorium will not restore it.`)
  try {
    return { backup: summary(layout, manifest), files: await readArchive(layout, manifest) }
  } catch (error) {
    throw new ArchiveError('damaged_library', `The backup ${name} is damaged: ${(error as Error).message}. Choose another from "scriptorium backups".`)
  }
}

/** The newest backup's copy of one record that was readable when backed up and still matches its checksum. */
export async function newestGoodCopy(layout: LibraryLayout, path: string): Promise<{ backup: string; bytes: Buffer } | null> {
  for (const backup of await listBackups(layout)) {
    if (backup.unreadable.includes(path)) continue
    const manifest = await readManifest(layout, backup.name).catch(() => null)
    if (!manifest?.files.some((file) => file.path === path)) continue
    const files = await readArchive(layout, manifest).catch(() => null)
    const copy = files?.find((file) => file.path === path)
    if (copy) return { backup: backup.name, bytes: copy.bytes }
  }
  return null
}

/** Keeps 7 daily and 4 weekly backups (see backupsToKeep); removes the others. */
export async function rotateBackups(layout: LibraryLayout): Promise<void> {
  const backups = await listBackups(layout)
  const keep = backupsToKeep(backups)
  for (const backup of backups) {
    if (keep.has(backup.name)) continue
    // The manifest first: an archive left without one is removed by check --repair.
    await rm(manifestPath(layout, backup.name), { force: true })
    await rm(archivePath(layout, backup.name), { force: true })
  }
}

/** The archive's files, each checked against the manifest; throws a reason in words. */
async function readArchive(layout: LibraryLayout, manifest: Manifest): Promise<{ path: string; bytes: Buffer }[]> {
  const archive = await readFile(archivePath(layout, manifest.name)).catch(() => null)
  if (!archive) throw new Error(`its archive ${manifest.name}.tar.gz is missing`)
  if (archive.length !== manifest.archive.bytes || sha(archive) !== manifest.archive.sha256) throw new Error(`its archive ${manifest.name}.tar.gz is not what was written`)
  const entries = new Map(readTarEntries(await promisify(gunzip)(archive)).map((entry) => [entry.path, entry.bytes]))
  return manifest.files.map((file) => {
    const bytes = entries.get(file.path)
    if (!bytes || sha(bytes) !== file.sha256) throw new Error(`its copy of ${file.path} is ${bytes ? 'not what was backed up' : 'missing'}`)
    return { path: file.path, bytes }
  })
}

async function readManifest(layout: LibraryLayout, name: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(manifestPath(layout, name), 'utf8')) as Manifest
  if (manifest?.format !== BACKUP_FORMAT || manifest.name !== name || !Array.isArray(manifest.files) || typeof manifest.createdAt !== 'string' || !manifest.archive) throw new Error('not a backup manifest')
  return manifest
}

async function schemaOf(layout: LibraryLayout): Promise<number> {
  try {
    const marker = JSON.parse(await readFile(layout.marker, 'utf8')) as { schemaVersion?: unknown }
    return typeof marker.schemaVersion === 'number' ? marker.schemaVersion : LIBRARY_SCHEMA_VERSION
  } catch {
    // No marker yet: a library of schema 1 about to be converted.
    return 1
  }
}

function summary(layout: LibraryLayout, manifest: Manifest): LibraryBackup {
  return {
    name: manifest.name,
    createdAt: manifest.createdAt,
    reason: manifest.reason,
    files: manifest.files.length,
    bytes: manifest.archive.bytes,
    unreadable: manifest.unreadable ?? [],
    schemaVersion: manifest.schemaVersion,
    path: archivePath(layout, manifest.name),
  }
}

const archivePath = (layout: LibraryLayout, name: string) => join(layout.backups, `${name}.tar.gz`)
const manifestPath = (layout: LibraryLayout, name: string) => join(layout.backups, `${name}.json`)

function freeName(base: string, existing: LibraryBackup[]): string {
  const taken = new Set(existing.map((backup) => backup.name))
  let name = base
  for (let count = 2; taken.has(name); count++) name = `${base}-${count}`
  return name
}

async function namesIn(folder: string): Promise<string[]> {
  return readdir(folder).catch(() => [] as string[])
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}
