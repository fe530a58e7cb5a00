import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeStagedFolder } from '../../../electron/node/library/writeFileDurably'

// This process's open files: Linux lists them in /proc/self/fd, macOS in /dev/fd; Windows in neither.
const descriptorFolder = ['/proc/self/fd', '/dev/fd'].find((folder) => existsSync(folder))
const openDescriptors = async () => (await readdir(descriptorFolder!)).length

describe.skipIf(!descriptorFolder)(`writeStagedFolder${descriptorFolder ? '' : ' (skipped: this system lists no open files in /proc/self/fd or /dev/fd)'}`, () => {
  let folder: string
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'scriptorium-staged-'))
  })
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true })
  })

  it('writes every file with its bytes, an empty one included, and leaves no file open', async () => {
    const before = await openDescriptors()
    const record = JSON.stringify({ title: 'Een nieuw tijdperk van vrede' })
    const source = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x0a])
    await writeStagedFolder(folder, [['content.html', ''], ['source.pdf', source], ['item.json', record]])
    expect((await readdir(folder)).sort()).toEqual(['content.html', 'item.json', 'source.pdf'])
    expect(await readFile(join(folder, 'content.html'), 'utf8')).toBe('')
    expect(new Uint8Array(await readFile(join(folder, 'source.pdf')))).toEqual(source)
    expect(await readFile(join(folder, 'item.json'), 'utf8')).toBe(record)
    expect(await openDescriptors()).toBe(before)
  })

  it('fails with the cause when a file cannot be made, once the flushes already started have ended, and leaves no file open', async () => {
    // A file of that name is already there: staged files are made new ('wx'), never written over.
    await writeFile(join(folder, 'item.json'), 'someone else’s')
    const before = await openDescriptors()
    // Many flushes are still in the thread pool when the last file fails.
    const pages = Array.from({ length: 32 }, (_, n): [string, string] => [`page-${n}.txt`, `de tekst ${n}`])
    await expect(writeStagedFolder(folder, [...pages, ['item.json', '{}']])).rejects.toMatchObject({ code: 'EEXIST' })
    expect(await openDescriptors()).toBe(before)
    expect(await readFile(join(folder, 'item.json'), 'utf8')).toBe('someone else’s')
  })
})
