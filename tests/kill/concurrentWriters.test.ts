import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import type { Item } from '../../electron/core/archiveApi'
import { openArchive } from '../../electron/node/openArchive'
import { generatedBib } from '../support/generatedBib'
import { libraryLeftovers } from '../support/libraryLeftovers'
import { resourcesDir, useTempDir } from '../support/tempLibrary'
import { runCli, WAITING } from './killHarness'

const WRITERS = 8
const ENTRIES = 1000

const temp = useTempDir('scriptorium-writers-')

it('gives no "busy" failure to 8 writers (separate CLI processes) and a bulk import at once, and keeps every write', async () => {
  const libraryDir = temp.libraryDir
  const bib = join(temp.dir, 'bulk.bib')
  await writeFile(bib, generatedBib(ENTRIES, { broken: false }))
  const importing = runCli(libraryDir, ['add', bib])
  const writer = async (n: number) => {
    const file = join(temp.dir, `writer-${n}.txt`)
    await writeFile(file, `Title: Writer ${n} harbour report\nLanguage: en\n\nThe harbour of Rotterdam handled more containers than ever, said writer ${n}.`)
    const runs = [await runCli(libraryDir, ['add', '--json', file])]
    const [item] = JSON.parse(runs[0].stdout || '[]') as Item[]
    if (item) {
      runs.push(await runCli(libraryDir, ['edit', item.id, '--title', `Writer ${n} edited report`]))
      runs.push(await runCli(libraryDir, ['note', item.id, `Note of writer${n}`]))
      runs.push(await runCli(libraryDir, ['highlight', item.id, '--quote', 'handled more containers', '--note', `highlight${n}`]))
    }
    return { item, runs }
  }
  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, n) => writer(n)))
  const bulk = await importing

  const runs = [bulk, ...writers.flatMap((result) => result.runs)]
  const waited = runs.filter((run) => run.stderr.includes(WAITING)).length
  console.log(`${runs.length} commands of ${WRITERS} writers and a ${ENTRIES}-entry import: ${runs.filter((run) => run.code !== 0).length} failed, ${waited} said they waited; the longest took ${Math.round(Math.max(...runs.map((run) => run.ms)))} ms`)
  for (const run of runs) expect({ code: run.code, stderr: run.stderr.replace(`${WAITING}\n`, '') }).toEqual({ code: 0, stderr: run === bulk ? expect.any(String) : '' })
  expect(bulk.stderr).not.toMatch(/busy|Another Scriptorium process|stopped waiting/)

  const api = openArchive({ libraryDir, resourcesDir })
  const items = await api.listItems({})
  expect(items.filter((item) => item.csl['container-title'] === 'Journal of Liaison Studies')).toHaveLength(ENTRIES)
  for (const [n, { item }] of writers.entries()) {
    expect(item, `writer ${n} added its item`).toBeDefined()
    expect(items.find((listed) => listed.id === item.id)?.csl.title).toBe(`Writer ${n} edited report`)
    expect((await api.search({ query: `writer${n} in:notes` })).hits.map((hit) => hit.id)).toEqual([item.id])
    expect((await api.search({ query: `highlight${n} in:highlights` })).hits.map((hit) => hit.id)).toEqual([item.id])
  }
  expect(await libraryLeftovers(libraryDir)).toEqual([])
}, 600_000)
