import { mkdir, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import { fileHolds } from '../../../electron/node/library/fileHolds'
import { readPlainFile, readPlainFileOrAbsent } from '../../../electron/node/library/readPlainFile'
import { readPlainBytesOrNull, readPlainFileSync } from '../../../electron/node/library/readPlainFileSync'
import { useTempDir } from '../../support/tempLibrary'

// The readers every library file goes through: a link a sync tool brought is never followed, so a
// file of the machine outside the library is never compared, put back, shown or copied as the library's.
const unix = process.platform !== 'win32'

const temp = useTempDir()
let outsideFile: string
let link: string

beforeEach(async () => {
  await mkdir(temp.libraryDir)
  outsideFile = join(temp.dir, 'private.txt')
  await writeFile(outsideFile, 'outside')
  link = join(temp.libraryDir, 'item.json')
  await symlink(outsideFile, link)
})

it.skipIf(!unix)('refuses a link as not a plain file, in every reader, where the file it leads to would have been read', async () => {
  expect(() => readPlainFileSync(link)).toThrow(expect.objectContaining({ code: 'ENOTPLAINFILE', path: link }))
  expect(readPlainBytesOrNull(link)).toBeNull()
  await expect(readPlainFile(link)).rejects.toMatchObject({ code: 'ENOTPLAINFILE', path: link })
  await expect(readPlainFileOrAbsent(link)).rejects.toMatchObject({ code: 'ENOTPLAINFILE' })
  // Holding the outside file's bytes is never taken for the library file holding them.
  await expect(fileHolds(link, 'outside')).rejects.toMatchObject({ code: 'ENOTPLAINFILE' })
})

it('reads a plain file, and tells an absent one from a refused one', async () => {
  const plain = join(temp.libraryDir, 'plain.json')
  await writeFile(plain, '{}')
  expect(readPlainFileSync(plain)).toBe('{}')
  expect(await fileHolds(plain, '{}')).toBe(true)
  expect(await readPlainFileOrAbsent(join(temp.libraryDir, 'absent.json'))).toBeNull()
  expect(await fileHolds(join(temp.libraryDir, 'absent.json'), null)).toBe(true)
})
