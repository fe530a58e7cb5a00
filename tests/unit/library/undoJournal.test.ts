import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, expect, it } from 'vitest'
import { createUndoJournal, rollBackDeadJournals } from '../../../electron/node/library/undoJournal'
import { useTempDir } from '../../support/tempLibrary'

const temp = useTempDir()
let undo: string
beforeEach(async () => {
  undo = join(temp.libraryDir, '.local', 'here', 'undo')
  await mkdir(join(temp.libraryDir, 'items', 'ABCD2345'), { recursive: true })
})

const dead = () => false

it('puts back what a dead change replaced, and leaves a file changed since', async () => {
  const record = join(temp.libraryDir, 'items', 'ABCD2345', 'item.json')
  const notes = join(temp.libraryDir, 'items', 'ABCD2345', 'annotations.json')
  await writeFile(record, 'old record')
  await writeFile(notes, 'old notes')
  const journal = createUndoJournal(undo, temp.libraryDir)
  await journal.replacing(record, Buffer.from('old record'), 'new record')
  await writeFile(record, 'new record')
  await journal.replacing(notes, Buffer.from('old notes'), 'new notes')
  await writeFile(notes, 'a sync tool wrote this')
  // The journal of a process that died: another pid in its name.
  const [name] = await readdir(undo)
  await writeFile(join(undo, name.replace(/^\d+/, '999999999')), await readFile(join(undo, name)))
  await journal.release()
  await writeFile(join(undo, name), '')

  const { restored, failed } = await rollBackDeadJournals(undo, temp.libraryDir, dead)
  expect(await readFile(record, 'utf8')).toBe('old record')
  expect(await readFile(notes, 'utf8')).toBe('a sync tool wrote this')
  expect(restored).toEqual([join('items', 'ABCD2345', 'item.json')])
  expect(failed).toEqual([])
  expect(await readdir(undo)).toEqual([])
})

it('never writes outside the library, and skips a line cut short by the kill', async () => {
  const outside = join(temp.dir, 'outside.txt')
  await writeFile(outside, 'untouched')
  await mkdir(undo, { recursive: true })
  // Lines that would match the file outside, were their paths followed.
  const after = createHash('sha256').update('untouched').digest('hex')
  const lines = [
    JSON.stringify({ path: '../outside.txt', before: Buffer.from('hostile').toString('base64'), after }),
    JSON.stringify({ path: outside, before: Buffer.from('hostile').toString('base64'), after }),
    '{"path":"items/ABCD2345/item.json","before":"b2xk',
  ]
  await writeFile(join(undo, '999999999.abcdef.undo'), lines.join('\n'))
  const { restored } = await rollBackDeadJournals(undo, temp.libraryDir, dead)
  expect(restored).toEqual([])
  expect(await readFile(outside, 'utf8')).toBe('untouched')
  expect(await readdir(join(temp.libraryDir, 'items', 'ABCD2345'))).toEqual([])
})
