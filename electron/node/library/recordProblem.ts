import { readAnnotationFile } from '../../core/annotations/readAnnotationFile'
import { isAnnotationFileName } from '../../core/sync/annotationFileName'
import { readItemRecord } from './itemRecord'

/** Why a record file's bytes cannot be used, in words; undefined when they can. */
export function recordProblem(path: string, bytes: Uint8Array): string | undefined {
  const text = Buffer.from(bytes).toString('utf8')
  const name = path.slice(path.lastIndexOf('/') + 1)
  if (isAnnotationFileName(name)) {
    try {
      readAnnotationFile(text, path)
      return undefined
    } catch (error) {
      return /newer/.test((error as Error).message) ? 'it was written by a newer Scriptorium' : 'it is not a valid annotations file'
    }
  }
  if (!name.endsWith('.json')) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return 'it is not valid JSON'
  }
  if (name === 'item.json') {
    const record = readItemRecord(parsed, path.split('/')[1] ?? '')
    return 'problem' in record ? record.problem : undefined
  }
  return undefined
}
