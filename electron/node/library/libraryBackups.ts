import { createHash } from 'node:crypto'
import { link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { backupsToKeep } from '../../core/backupsToKeep'
import { ArchiveError } from '../../core/archiveError'
import type { BackupReason, LibraryBackup } from '../../core/libraryHealth'
import { LIBRARY_SCHEMA_VERSION, type LibraryLayout } from './libraryLayout'
import { isRecordPath, listRecordFiles } from './recordFiles'
import { recordProblem } from './recordProblem'
import { syncFolder, writeFileDurably } from './writeFileDurably'

export const BACKUP_FORMAT = 'scriptorium-backup'
const MANIFEST = 'manifest.json'
const PARTIAL = '.partial'
const NAME = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-(daily|manual|before-migration|before-restore)(-\d+)?$/

/**
 * .local/<device>/backups/<name>/: files/ mirrors the library's records (so copying it back over the
 * library restores them by hand), manifest.json lists each file's size and SHA-256. A record that
 * did not change since the previous backup is a hard link to that backup's copy, so seven daily and
 * four weekly backups cost little more than one.
 */
interface Manifest {
  format: typeof BACKUP_FORMAT
  version: 1
  name: string
  createdAt: string
  reason: BackupReason
  schemaVersion: number
  library: string
  files: { path: string; size: number; sha256: string }[]
  unreadable: string[]
}

export interface BackupOptions {
  reason: BackupReason
  /** The clock; tests pass dates of their own to exercise the rotation. */
  now?: () => Date
}

/** Copies every record, reads the copies back against their checksums, and only then names the backup; then rotates. */
export async function takeBackup(layout: LibraryLayout, { reason, now = () => new Date() }: BackupOptions): Promise<LibraryBackup> {
  const createdAt = now()
  const existing = await listBackups(layout)
  const name = freeName(`${createdAt.toISOString().slice(0, 19).replace(/:/g, '-')}Z-${reason}`, existing)
  const partial = join(layout.backups, name + PARTIAL)
  const previous = existing[0] ? await readManifest(join(layout.backups, existing[0].name)).catch(() => null) : null
  const previousSums = new Map(previous?.files.map((file) => [file.path, file.sha256]) ?? [])
  await mkdir(partial, { recursive: true })
  try {
    const paths = await listRecordFiles(layout)
    const files: Manifest['files'] = []
    const unreadable: string[] = []
    let next = 0
    const copySome = async () => {
      for (let index = next++; index < paths.length; index = next++) {
        const path = paths[index]
        let bytes: Buffer
        try {
          bytes = await readFile(join(layout.location, path))
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue // deleted meanwhile
          throw error
        }
        const sha256 = sha(bytes)
        const target = join(partial, 'files', path)
        await mkdir(dirname(target), { recursive: true })
        if (previousSums.get(path) !== sha256 || !(await link(join(layout.backups, previous!.name, 'files', path), target).then(() => true, () => false))) {
          await writeFile(target, bytes)
        }
        files.push({ path, size: bytes.length, sha256 })
        if (recordProblem(path, bytes)) unreadable.push(path)
      }
    }
    await Promise.all(Array.from({ length: 16 }, copySome))
    files.sort((a, b) => a.path.localeCompare(b.path))
    const manifest: Manifest = { format: BACKUP_FORMAT, version: 1, name, createdAt: createdAt.toISOString(), reason, schemaVersion: await schemaOf(layout), library: layout.location, files, unreadable: unreadable.sort() }
    const mismatched = await mismatchedFiles(partial, manifest)
    if (mismatched.length) throw new Error(`the copy of ${mismatched[0]} read back differently from what was written`)
    await writeFileDurably(join(partial, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`)
    await rename(partial, join(layout.backups, name))
    await syncFolder(layout.backups)
    await rotateBackups(layout)
    return summary(layout, manifest)
  } catch (error) {
    await rm(partial, { recursive: true, force: true }).catch(() => {})
    throw new ArchiveError('storage_failed', `Scriptorium could not back up the library into ${layout.backups}: ${(error as Error).message}.`)
  }
}

/** Newest first; a folder without a readable manifest is not a backup (an interrupted one is a .partial leftover). */
export async function listBackups(layout: LibraryLayout): Promise<LibraryBackup[]> {
  let names: string[]
  try {
    names = await readdir(layout.backups)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const found: LibraryBackup[] = []
  for (const name of names.filter((candidate) => NAME.test(candidate))) {
    const manifest = await readManifest(join(layout.backups, name)).catch(() => null)
    if (manifest && manifest.name === name) found.push(summary(layout, manifest))
  }
  return found.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.name.localeCompare(a.name))
}

/** Folders of backups that were interrupted before their manifest was written. */
export async function unfinishedBackups(layout: LibraryLayout): Promise<string[]> {
  return (await readdir(layout.backups).catch(() => [] as string[])).filter((name) => name.endsWith(PARTIAL))
}

/**
 * A backup's records as it holds them, each read back and checked against its checksum; refused
 * in words when any differs or is missing, or when it names a path that is not a record's.
 */
export async function readVerifiedBackup(layout: LibraryLayout, name: string): Promise<{ backup: LibraryBackup; files: { path: string; bytes: Buffer }[] }> {
  if (!NAME.test(name)) throw new ArchiveError('not_found', `There is no backup named "${name.slice(0, 100)}"; "scriptorium backups" lists them.`)
  const folder = join(layout.backups, name)
  let manifest: Manifest
  try {
    manifest = await readManifest(folder)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ArchiveError('not_found', `There is no backup named "${name}"; "scriptorium backups" lists them.`)
    throw new ArchiveError('damaged_library', `The backup ${name} is damaged (its manifest cannot be read); choose another from "scriptorium backups".`)
  }
  const files: { path: string; bytes: Buffer }[] = []
  for (const file of manifest.files) {
    if (!isRecordPath(file.path)) throw new ArchiveError('damaged_library', `The backup ${name} names "${file.path.slice(0, 100)}", which is not a record of a library; Scriptorium will not restore it.`)
    const bytes = await readFile(join(folder, 'files', file.path)).catch(() => null)
    if (!bytes || sha(bytes) !== file.sha256) throw new ArchiveError('damaged_library', `The backup ${name} is damaged: its copy of ${file.path} is ${bytes ? 'not what was backed up' : 'missing'}. Choose another from "scriptorium backups".`)
    files.push({ path: file.path, bytes })
  }
  return { backup: summary(layout, manifest), files }
}

/** Keeps 7 daily and 4 weekly backups (see backupsToKeep); removes the other copies. */
export async function rotateBackups(layout: LibraryLayout): Promise<void> {
  const backups = await listBackups(layout)
  const keep = backupsToKeep(backups)
  for (const backup of backups) if (!keep.has(backup.name)) await rm(join(layout.backups, backup.name), { recursive: true, force: true })
}

async function mismatchedFiles(folder: string, manifest: Manifest): Promise<string[]> {
  const mismatched: string[] = []
  for (const file of manifest.files) {
    const bytes = await readFile(join(folder, 'files', file.path)).catch(() => null)
    if (!bytes || sha(bytes) !== file.sha256) mismatched.push(file.path)
  }
  return mismatched
}

async function readManifest(folder: string): Promise<Manifest> {
  const manifest = JSON.parse(await readFile(join(folder, MANIFEST), 'utf8')) as Manifest
  if (manifest?.format !== BACKUP_FORMAT || !Array.isArray(manifest.files) || typeof manifest.createdAt !== 'string') throw new Error('not a backup manifest')
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
    bytes: manifest.files.reduce((sum, file) => sum + file.size, 0),
    unreadable: manifest.unreadable ?? [],
    schemaVersion: manifest.schemaVersion,
    path: join(layout.backups, manifest.name),
  }
}

function freeName(base: string, existing: LibraryBackup[]): string {
  const taken = new Set(existing.map((backup) => backup.name))
  let name = base
  for (let count = 2; taken.has(name); count++) name = `${base}-${count}`
  return name
}

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** The newest backup's copy of one record that was readable when backed up and still matches its checksum. */
export async function newestGoodCopy(layout: LibraryLayout, path: string): Promise<{ backup: string; bytes: Buffer } | null> {
  for (const backup of await listBackups(layout)) {
    if (backup.unreadable.includes(path)) continue
    const manifest = await readManifest(backup.path).catch(() => null)
    const entry = manifest?.files.find((file) => file.path === path)
    if (!entry) continue
    const bytes = await readFile(join(backup.path, 'files', path)).catch(() => null)
    if (bytes && sha(bytes) === entry.sha256) return { backup: backup.name, bytes }
  }
  return null
}
