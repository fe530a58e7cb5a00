import { performance } from 'node:perf_hooks'

/** Runs the work `runs` times, one after another, and gives each run's time in ms. */
export async function timeRuns(runs: number, work: (run: number) => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = []
  for (let run = 0; run < runs; run++) {
    const start = performance.now()
    await work(run)
    samples.push(performance.now() - start)
  }
  return samples
}
