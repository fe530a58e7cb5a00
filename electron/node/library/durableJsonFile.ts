import type { Adapter } from 'lowdb'
import { readPlainFileSync } from './readPlainFileSync'
import { writeFileDurably } from './writeFileDurably'

/**
 * lowdb's JSON adapter, but durable: every write is fsync'd with its folder under a temp name of its
 * own (lowdb's JSONFile neither syncs nor keeps concurrent writers' temp files apart). Reading
 * returns the raw text's parse; the caller checks its shape.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  constructor(readonly path: string) {}

  async read(): Promise<T | null> {
    let text: string
    try {
      // A synced-in file: a FIFO or a huge one is refused unread (readPlainFileSync), never waited on.
      text = readPlainFileSync(this.path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
    return JSON.parse(text) as T
  }

  async write(data: T): Promise<void> {
    await writeFileDurably(this.path, `${JSON.stringify(data, null, 2)}\n`)
  }
}
