import { readFile } from 'node:fs/promises'
import { errorCode } from './storageError'

/** Whether the file holds exactly these bytes (null: whether it is absent). */
export async function fileHolds(path: string, bytes: string | Buffer | null): Promise<boolean> {
  const now = await readFile(path).catch((error: unknown) => (errorCode(error) === 'ENOENT' ? null : Promise.reject(error)))
  return now === null || bytes === null ? now === bytes : now.equals(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
}
