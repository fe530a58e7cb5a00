/**
 * Fault injection for the kill tests: when SCRIPTORIUM_CRASH_AT names a step, the process dies there
 * as if killed (SIGKILL: no cleanup, no exit handlers), so a test can prove the next open recovers.
 */
export function crashPoint(step: string): void {
  if (process.env.SCRIPTORIUM_CRASH_AT === step) process.kill(process.pid, 'SIGKILL')
}
