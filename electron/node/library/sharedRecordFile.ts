import { stat } from 'node:fs/promises'
import { ArchiveError } from '../../core/archiveError'
import { DurableJsonFile } from './durableJsonFile'
import { errorCode, storageError } from './storageError'

interface SharedRecordContents {
  format: string
  version: number
  /** Keyed by each record's stable id, so a sync tool's two copies can be merged entry by entry. */
  records: Record<string, unknown>
}

const VERSION = 1

/**
 * A small file of records shared by every machine of a synced library (collections.json,
 * searches.json), written durably inside the library's write lock and read again only when its
 * file changed. Entries this version cannot read are kept as they are when it writes.
 */
export class SharedRecordFile<R extends { id: string }> {
  private readonly file: DurableJsonFile<SharedRecordContents>
  private cache: { stamp: string; records: R[]; unreadable: Record<string, unknown> } = { stamp: 'absent', records: [], unreadable: {} }
  /** Why the file cannot be used: only what needs its records is refused, never the rest of the library. */
  private problem: ArchiveError | null = null

  constructor(
    readonly path: string,
    private readonly format: string,
    private readonly isRecord: (value: unknown) => value is R,
  ) {
    this.file = new DurableJsonFile(path)
  }

  records(): R[] {
    if (this.problem) throw this.problem
    return this.cache.records
  }

  /** The file's stamp as last read: part of the library's revision, so a window sees a change another machine made. */
  get stamp(): string {
    return this.cache.stamp
  }

  async load(): Promise<void> {
    try {
      await this.read()
      this.problem = null
    } catch (error) {
      if (!(error instanceof ArchiveError)) throw error
      this.problem = error
    }
  }

  private async read(): Promise<void> {
    let stamp = 'absent'
    try {
      const info = await stat(this.path)
      stamp = `${info.ino}:${info.mtimeMs}:${info.size}`
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw storageError(error, `read ${this.path}`)
    }
    if (stamp === this.cache.stamp) return
    let contents: SharedRecordContents | null
    try {
      contents = stamp === 'absent' ? null : await this.file.read()
    } catch (error) {
      if (error instanceof SyntaxError) throw this.damaged('not valid JSON')
      throw storageError(error, `read ${this.path}`)
    }
    if (contents !== null && (typeof contents !== 'object' || contents.format !== this.format || typeof contents.records !== 'object' || contents.records === null)) throw this.damaged(`not a ${this.format} file`)
    if (contents && contents.version > VERSION) throw new ArchiveError('newer_library', `${this.path} was written by a newer Scriptorium (version ${contents.version}); update Scriptorium to use it.`)
    const records: R[] = []
    const unreadable: Record<string, unknown> = {}
    for (const [id, value] of Object.entries(contents?.records ?? {})) {
      if (this.isRecord(value) && value.id === id) records.push(value)
      else unreadable[id] = value
    }
    this.cache = { stamp, records, unreadable }
  }

  async write(records: R[]): Promise<void> {
    if (this.problem) throw this.problem
    const contents: SharedRecordContents = { format: this.format, version: VERSION, records: { ...this.cache.unreadable } }
    for (const record of records) contents.records[record.id] = record
    try {
      await this.file.write(contents)
    } catch (error) {
      throw storageError(error, `save ${this.path}`)
    }
    this.cache = { ...this.cache, stamp: '', records }
    await this.load()
  }

  private damaged(what: string): ArchiveError {
    return new ArchiveError('damaged_library', `The file ${this.path} is damaged (${what}); Scriptorium left it untouched. Restore it from a backup, or move it aside to start without its contents.`)
  }
}
