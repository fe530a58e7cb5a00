import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { replaceFilesDurably } from '../../../electron/node/library/replaceFilesDurably'
import { useTempDir } from '../../support/tempLibrary'

const temp = useTempDir()
let files: { path: string; text: string }[]

beforeEach(async () => {
  files = []
  for (let n = 0; n < 40; n++) {
    const folder = join(temp.dir, `item${n}`)
    await mkdir(folder)
    await writeFile(join(folder, 'item.json'), `old ${n}\n`)
    files.push({ path: join(folder, 'item.json'), text: `new ${n}\n` })
  }
})

const stampOf = async (path: string) => {
  const info = await stat(path)
  return `${info.ino}:${info.mtimeMs}:${info.size}`
}
const contents = () => Promise.all(files.map(({ path }) => readFile(path, 'utf8')))
const leftovers = async () => (await Promise.all(files.map(async ({ path }) => readdir(join(path, '..'))))).flat().filter((name) => name !== 'item.json')

describe('replaceFilesDurably: many records replaced, with the caller\'s work done while they flush', () => {
  it("gives the caller each file's stamp before any file is replaced, the stamp a stat gives once it is", async () => {
    let seen: { stamps: string[]; contents: string[] } | null = null
    const answered = await replaceFilesDurably(files, async (stamps) => {
      seen = { stamps: [...stamps], contents: await contents() }
    })
    expect(seen).not.toBeNull()
    // Still the old files while the caller works: nothing is renamed before its work ends.
    expect(seen!.contents).toEqual(files.map((_, n) => `old ${n}\n`))
    expect(await contents()).toEqual(files.map(({ text }) => text))
    const after = await Promise.all(files.map(({ path }) => stampOf(path)))
    expect(seen!.stamps).toEqual(after)
    expect(answered).toEqual(after)
    expect(await leftovers()).toEqual([])
  })

  it("replaces no file and leaves no temp file when the caller's work fails", async () => {
    await expect(
      replaceFilesDurably(files, async () => {
        throw new Error('the catalog could not be written')
      }),
    ).rejects.toThrow('the catalog could not be written')
    expect(await contents()).toEqual(files.map((_, n) => `old ${n}\n`))
    expect(await leftovers()).toEqual([])
  })

  it('fails the same way when the caller\'s work throws before it returns a promise, with no flush left running', async () => {
    const failing = (() => {
      throw new Error('the catalog was closed')
    }) as unknown as (stamps: string[]) => Promise<void>
    await expect(replaceFilesDurably(files, failing)).rejects.toThrow('the catalog was closed')
    expect(await contents()).toEqual(files.map((_, n) => `old ${n}\n`))
    expect(await leftovers()).toEqual([])
  })
})
