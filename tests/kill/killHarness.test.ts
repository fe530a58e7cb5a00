import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { makeTempDir } from '../support/tempLibrary'
import { runKillTest } from './killHarness'

let temp: { dir: string; remove: () => Promise<void> }
beforeEach(async () => {
  temp = await makeTempDir('scriptorium-kill-')
})
// Commands the harness let run to the end may still be closing their files: the folder is removed with retries.
afterEach(() => temp.remove(), 60_000)

// Bounded by its number of kills, not by a clock: on two idle cores it takes about two minutes.
it('loses no acknowledged write and leaves nothing behind through 50 random SIGKILLs of CLI processes', async () => {
  const seed = Number(process.env.KILLTEST_SEED) || Date.now()
  const kills = Number(process.env.KILLTEST_KILLS) || 50
  const report = await runKillTest({ libraryDir: join(temp.dir, 'library'), scratch: temp.dir, kills, seed, log: (line) => process.stderr.write(`${line}\n`) })
  console.log(
    `kill test (seed ${seed}): ${report.kills} kills in ${report.rounds} rounds, ${report.operations} operations, ${report.acknowledged} acknowledged, ${report.merges} merges (${report.mergesAcknowledged} acknowledged); ` +
      `the write lock was taken ${Math.round(report.maxLockWaitMs)} ms at most after a kill; the command after it took at most ${Math.round(report.maxAfterKillMs)} ms (median ${Math.round(report.medianAfterKillMs)} ms, process start included); checked by ${report.checkedBy}`,
  )
  expect(report.problems).toEqual([])
  expect(report.kills).toBeGreaterThanOrEqual(kills)
}, 900_000)
