import { writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'

/**
 * A CPU profile of one stretch of this process (not its start, nor the library's build), written
 * to `path` in the format of `node --cpu-prof`, for Chrome's DevTools or a script. Off when no path is given.
 */
export async function profileWindow<T>(path: string | undefined, work: () => Promise<T>): Promise<T> {
  if (!path) return work()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 500 })
  await session.post('Profiler.start')
  try {
    return await work()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    await writeFile(path, JSON.stringify(profile))
    session.disconnect()
  }
}
