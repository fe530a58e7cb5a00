/**
 * Runs work(0 … count-1), at most `limit` at a time. The first failure stops the rest from starting,
 * and is thrown once every run in flight has settled: a caller's cleanup never races work still running.
 */
export async function eachAtMost(count: number, limit: number, work: (index: number) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    for (let index = next++; index < count; index = next++) {
      try {
        await work(index)
      } catch (error) {
        next = count
        throw error
      }
    }
  }
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, count) }, worker))
  const failed = settled.find((result) => result.status === 'rejected')
  if (failed) throw failed.reason
}
