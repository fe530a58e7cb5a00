import { realpath } from 'node:fs/promises'
import { basename, dirname, join, resolve, sep } from 'node:path'

/**
 * A path to write an export to, resolved, and whether it lies inside the library folder: an export
 * there could replace the library's own files (its catalog, an item's content). The one rule for
 * auto-export and `export --out`.
 */
export async function locateAgainstLibrary(path: string, libraryDir: string): Promise<{ path: string; insideLibrary: boolean }> {
  const target = resolve(path)
  // Through links too: a path that reaches the library by a symbolic link is inside it all the same.
  const real = await realpath(dirname(target)).then((folder) => join(folder, basename(target))).catch(() => target)
  const library = await realpath(libraryDir).catch(() => resolve(libraryDir))
  const insideLibrary = [target, real].some((candidate) => candidate === library || candidate.startsWith(library + sep) || candidate.startsWith(resolve(libraryDir) + sep))
  return { path: target, insideLibrary }
}
