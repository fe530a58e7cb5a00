import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Item, SearchResults } from '../../electron/core/archiveApi'
import { catalogDatabaseOf } from '../support/libraryFiles'
import { cliPath, repoRoot, SAMPLE, samplePath, useTempDir } from '../support/tempLibrary'

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

const temp = useTempDir()

/** The real command against this test's library. */
function cli(...args: string[]): Promise<Run> {
  return new Promise<Run>((resolve, reject) => {
    const env = { ...process.env }
    delete env.SCRIPTORIUM_LIBRARY
    const child = spawn(process.execPath, [cliPath, '--library', temp.libraryDir, ...args], { cwd: repoRoot, env })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  }).then((run) => {
    expect(run.stderr).not.toMatch(/^\s+at /m)
    return run
  })
}

async function search(...args: string[]): Promise<SearchResults> {
  const run = await cli('search', ...args, '--json')
  expect(run.stderr).toBe('')
  expect(run.code).toBe(0)
  return JSON.parse(run.stdout) as SearchResults
}

beforeAll(() => {
  if (!existsSync(join(repoRoot, 'out', 'main', 'cli.js'))) throw new Error('Run "npm run build" before the CLI tests.')
})

describe('scriptorium search', () => {
  let sample: Item

  beforeEach(async () => {
    const run = await cli('add', '--json', samplePath)
    ;[sample] = JSON.parse(run.stdout) as Item[]
  })

  it.each([['tijdperk vrede'], [`"${SAMPLE.para3Phrase}"`], ["zo'n"], ['ambtenaar']])('finds the sample by %s', async (query) => {
    const { hits } = await search(query)
    expect(hits.map((hit) => hit.id)).toEqual([sample.id])
    expect(hits[0]).toMatchObject({ title: SAMPLE.title, citekey: SAMPLE.citekey })
    expect(hits[0].score).toBeGreaterThan(0)
    expect(hits[0].snippets.length).toBeGreaterThan(0)
  })

  it('prints hits with marked snippets, and says when nothing matches', async () => {
    const run = await cli('search', `"${SAMPLE.para3Phrase}"`)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`${sample.id} ${SAMPLE.citekey}  ${SAMPLE.title} (2018)`)
    expect(run.stdout).toContain(`«${SAMPLE.para3Phrase}»`)
    const none = await cli('search', '"vrede van een nieuw tijdperk"')
    expect(none).toMatchObject({ code: 0, stdout: 'Nothing matches "vrede van een nieuw tijdperk".\n' })
  })

  it('finds a note added by another command, and loses a deleted item', async () => {
    await cli('note', sample.id, 'Vergelijk met **Yonhap**')
    const { hits } = await search('yonhap in:notes')
    expect(hits.map((hit) => hit.snippets[0].source)).toEqual(['note'])
    await cli('delete', sample.id)
    expect((await search('tijdperk')).hits).toEqual([])
  })

  it('limits the hits with --limit and sorts by date with --sort date', async () => {
    await writeFile(join(temp.libraryDir, '..', 'two.txt'), 'Title: Tweede\nDate: 2020-01-02\n\nOok hier is sprake van vrede in Korea.')
    await cli('add', join(temp.libraryDir, '..', 'two.txt'))
    const limited = await search('vrede', '--limit', '1', '--sort', 'date')
    expect(limited.total).toBe(2)
    expect(limited.hits.map((hit) => hit.title)).toEqual(['Tweede'])
  })

  it('rebuilds a damaged catalog and index from the records', async () => {
    await search('vrede')
    const database = await catalogDatabaseOf(temp.libraryDir)
    for (const suffix of ['-wal', '-shm']) await rm(database + suffix, { force: true })
    await writeFile(database, '\u0000garbage')
    expect((await search('tijdperk vrede')).hits.map((hit) => hit.id)).toEqual([sample.id])
  })

  it('refuses a malformed query with exit 1 and bad options with exit 2', async () => {
    expect(await cli('search', 'year:18')).toMatchObject({ code: 1, stdout: '', stderr: 'year: takes a year such as year:2018 or a range such as year:2015..2019, not "18".\n' })
    expect(await cli('search', 'vrede', '--limit', 'ten')).toMatchObject({ code: 2 })
    expect(await cli('search', 'vrede', '--sort', 'title')).toMatchObject({ code: 2 })
    expect(await cli('search')).toMatchObject({ code: 2 })
  })
})
