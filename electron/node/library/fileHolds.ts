import { readPlainFileOrAbsent } from './readPlainFile'

/** Whether the file holds exactly these bytes (null: whether it is absent). */
export async function fileHolds(path: string, bytes: string | Buffer | null): Promise<boolean> {
  const now = await readPlainFileOrAbsent(path)
  return now === null || bytes === null ? now === bytes : now.equals(typeof bytes === 'string' ? Buffer.from(bytes) : bytes)
}
