import { execFileSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readTarEntries, tarEntries } from '../../../electron/node/library/tarArchive'
import { useTempDir } from '../../support/tempLibrary'

const temp = useTempDir()

// A path longer than tar's 100-byte name field, which goes partly into the ustar prefix.
const LONG = `items/${'A'.repeat(64)}/${'annotations'.repeat(8)}.json`
const FILES = [
  { path: 'library.json', bytes: Buffer.from('{"format":"scriptorium-library","schemaVersion":2}\n') },
  { path: 'items/7S9AN23R/item.json', bytes: Buffer.from('{"title":"Noord- en Zuid-Korea — een nieuw tijdperk van vrede"}\n') },
  { path: 'items/7S9AN23R/annotations.json', bytes: Buffer.alloc(1024, 'x') },
  { path: LONG, bytes: Buffer.from('') },
]

describe('the backups\' tar archives', () => {
  it('are unpacked by the system\'s tar (GNU tar here) into the same files', async () => {
    await writeFile(join(temp.dir, 'backup.tar'), tarEntries(FILES, new Date('2026-12-01T08:00:00Z')))
    await mkdir(join(temp.dir, 'out'))
    execFileSync('tar', ['-xf', join(temp.dir, 'backup.tar'), '-C', join(temp.dir, 'out')])
    for (const file of FILES) expect(await readFile(join(temp.dir, 'out', file.path))).toEqual(file.bytes)
    expect(execFileSync('tar', ['-tvf', join(temp.dir, 'backup.tar')], { encoding: 'utf8' })).toContain('2026-12-01')
  })

  it('read what the system\'s tar wrote, directories skipped', async () => {
    for (const file of FILES.slice(0, 3)) {
      await mkdir(join(temp.dir, 'in', file.path, '..'), { recursive: true })
      await writeFile(join(temp.dir, 'in', file.path), file.bytes)
    }
    execFileSync('tar', ['--format=ustar', '-cf', join(temp.dir, 'made.tar'), '-C', join(temp.dir, 'in'), 'library.json', 'items'])
    const read = readTarEntries(await readFile(join(temp.dir, 'made.tar')))
    expect(read.map((entry) => entry.path).sort()).toEqual(FILES.slice(0, 3).map((file) => file.path).sort())
    for (const entry of read) expect(entry.bytes).toEqual(FILES.find((file) => file.path === entry.path)!.bytes)
  })

  it('refuse a damaged header or an archive cut short, in words', () => {
    const archive = tarEntries(FILES, new Date())
    const damaged = Buffer.from(archive)
    damaged[10] ^= 0xff
    expect(() => readTarEntries(damaged)).toThrow('the archive is damaged at byte 0')
    expect(() => readTarEntries(archive.subarray(0, 520))).toThrow('the archive is cut short at byte 512')
    expect(() => readTarEntries(archive.subarray(0, 1024))).toThrow('the archive has no end')
  })
})
