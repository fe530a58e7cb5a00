import { stat } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Why `dir` cannot be a library folder, in one sentence, or null when it can be one (it is a folder,
 * or can be made one). Checked before the library is opened, so that `--library notes.txt` is
 * answered in words rather than with the errno text of the first file the store tries to read.
 */
export async function libraryFolderProblem(dir: string): Promise<string | null> {
  // The nearest path that exists decides: itself, or the folder the library would be made in.
  for (let path = dir; ; path = dirname(path)) {
    let isFolder: boolean
    try {
      isFolder = (await stat(path)).isDirectory()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(path) !== path) continue
      if (code === 'EACCES' || code === 'EPERM') return `The library ${dir} cannot be opened: permission denied.`
      return null // left to the store, which says what went wrong with the library itself
    }
    if (isFolder) return null
    return path === dir
      ? `The library must be a folder, but ${dir} is a file.`
      : `The library ${dir} cannot be made: ${path} is a file, not a folder.`
  }
}
