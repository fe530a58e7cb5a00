import { expect, it } from 'vitest'
import { useTempDir } from '../support/tempLibrary'
import { runKillTest } from './killHarness'

const temp = useTempDir('scriptorium-kill-')

// Bounded by its number of kills, not by a clock: on two idle cores it takes about two minutes.
it('loses no acknowledged write and leaves nothing behind through 50 random SIGKILLs of CLI processes', async () => {
  const seed = Number(process.env.KILLTEST_SEED) || Date.now()
  const kills = Number(process.env.KILLTEST_KILLS) || 50
  const report = await runKillTest({ libraryDir: temp.libraryDir, scratch: temp.dir, kills, seed, log: (line) => process.stderr.write(`${line}\n`) })
  console.log(
    `kill test (seed ${seed}): ${report.kills} kills in ${report.rounds} rounds, ${report.operations} operations, ${report.acknowledged} acknowledged, ${report.merges} merges (${report.mergesAcknowledged} acknowledged); ` +
      `the write lock was taken ${Math.round(report.maxLockWaitMs)} ms at most after a kill; the command after it took at most ${Math.round(report.maxAfterKillMs)} ms (median ${Math.round(report.medianAfterKillMs)} ms, process start included); checked by ${report.checkedBy}`,
  )
  expect(report.problems).toEqual([])
  expect(report.kills).toBeGreaterThanOrEqual(kills)
}, 900_000)
