/**
 * Asks until the answer is there (a watcher, a sync tool or a background build brings it); the bound
 * only keeps a broken one from hanging the suite, and is never what a test asserts.
 */
export async function eventually<T>(ask: () => Promise<T> | T, ok: (value: T) => boolean, { tries = 300, everyMs = 100 } = {}): Promise<T> {
  let value = await ask()
  for (let attempt = 0; attempt < tries && !ok(value); attempt++) {
    await new Promise((resolve) => setTimeout(resolve, everyMs))
    value = await ask()
  }
  return value
}
