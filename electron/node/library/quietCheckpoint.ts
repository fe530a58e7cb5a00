/**
 * The write-ahead log copied into the catalog once the store has been quiet for `quietMs` after a
 * commit (no change or search asked for meanwhile, as `asked` counts them), instead of inside the
 * commit that passed SQLite's auto-checkpoint size: a 1,000-item sync pick-up at 100,000 items writes
 * some 14,000 pages, and its search waited for their copy and the catalog's flush (0.1–0.2 s). Nothing
 * a crash could lose moves: every commit is already durable in the log, which the next open reads.
 * `checkpoint` runs between changes and handles its own failure.
 */
export function quietCheckpoint({ checkpoint, quietMs, asked }: { checkpoint: () => Promise<unknown>; quietMs: number; asked: () => number }): { afterCommit(): void; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | null = null
  const cancel = () => {
    if (timer) clearTimeout(timer)
    timer = null
  }
  const arm = () => {
    cancel()
    const seen = asked()
    timer = setTimeout(() => {
      timer = null
      // A search or change came meanwhile: the copy (a blocking tenth of a second) waits for quiet.
      if (asked() !== seen) return arm()
      void checkpoint()
    }, quietMs)
    // Never what keeps a process alive: the last connection's close copies the log anyway.
    timer.unref?.()
  }
  return { afterCommit: arm, cancel }
}
