import { readFile, stat } from 'node:fs/promises'
import { basename, extname, resolve } from 'node:path'
import { MAX_IMPORT_BYTES, tooLargeToImport } from '../core/importLimit'
import { OPENED_FILE_EXTENSIONS, parseDeepLink, type ShellRequest } from '../core/shellRequest'

/** A file handed to the app that it could not take, said in words. */
export interface RefusedArgument {
  argument: string
  reason: string
}

/**
 * The requests in a launch's arguments (the first launch's, or a second launch's passed on to the
 * first): `scriptorium://` links, and .bib, .ris or .csl files the system opens with the app.
 * Flags and the executable's own path are no requests; anything else is refused in words.
 */
export async function shellRequestsFromArguments(argv: readonly string[], workingDirectory: string): Promise<{ requests: ShellRequest[]; refused: RefusedArgument[] }> {
  const requests: ShellRequest[] = []
  const refused: RefusedArgument[] = []
  for (const argument of argv) {
    if (/^scriptorium:/i.test(argument)) {
      const request = parseDeepLink(argument)
      if (request) requests.push(request)
      else refused.push({ argument, reason: `${argument} is not a Scriptorium link that can be opened.` })
      continue
    }
    const extension = extname(argument).toLowerCase()
    if (argument.startsWith('-') || !(OPENED_FILE_EXTENSIONS as readonly string[]).includes(extension)) continue
    const path = resolve(workingDirectory, argument)
    try {
      const { size, isFile } = await stat(path).then((info) => ({ size: info.size, isFile: info.isFile() }))
      if (!isFile) throw new Error('not a file')
      if (size > MAX_IMPORT_BYTES) {
        refused.push({ argument, reason: tooLargeToImport(basename(path), size) })
        continue
      }
      requests.push({ kind: 'open-file', name: basename(path), bytes: new Uint8Array(await readFile(path)) })
    } catch {
      refused.push({ argument, reason: `${basename(path)} could not be read.` })
    }
  }
  return { requests, refused }
}
