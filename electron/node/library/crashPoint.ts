/**
 * Fault injection for the kill tests. SCRIPTORIUM_CRASH_AT names a step where the process dies as if
 * killed (SIGKILL: no cleanup, no exit handlers), so a test can prove the next open recovers;
 * SCRIPTORIUM_FAIL_AT, one where the change fails with an error (a full disk, say), so a test can
 * prove it is undone; SCRIPTORIUM_PAUSE_AT, one where it stops itself (SIGSTOP, as a suspended
 * laptop), so a test can prove others wait for it. `step:N` acts at the step's N-th pass.
 */
const passes = new Map<string, number>()

export function crashPoint(step: string): void {
  const { SCRIPTORIUM_CRASH_AT: crash, SCRIPTORIUM_FAIL_AT: fail, SCRIPTORIUM_PAUSE_AT: pause } = process.env
  if (!crash && !fail && !pause) return
  const pass = (passes.get(step) ?? 0) + 1
  passes.set(step, pass)
  const at = (wanted: string | undefined) => wanted === step || wanted === `${step}:${pass}`
  if (at(crash)) process.kill(process.pid, 'SIGKILL')
  if (at(pause)) process.kill(process.pid, 'SIGSTOP')
  if (at(fail)) throw new Error(`a failure injected at ${step}`)
}
