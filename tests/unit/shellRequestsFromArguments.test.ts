import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { MAX_IMPORT_BYTES } from '../../electron/core/importLimit'
import { shellRequestsFromArguments } from '../../electron/main/shellRequestsFromArguments'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scriptorium-argv-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('shellRequestsFromArguments', () => {
  it('takes deep links and .bib, .ris and .csl files, relative to the launch folder, and skips flags and the executable', async () => {
    await writeFile(join(dir, 'refs.bib'), '@article{a, title={A}}')
    await writeFile(join(dir, 'style.CSL'), '<style/>')
    const { requests, refused } = await shellRequestsFromArguments(
      ['/opt/Scriptorium/scriptorium', '--library', '/tmp/lib', 'refs.bib', join(dir, 'style.CSL'), 'scriptorium://item/abc123', 'notes.txt'],
      dir,
    )
    expect(refused).toEqual([])
    expect(requests.map((request) => (request.kind === 'open-file' ? [request.name, new TextDecoder().decode(request.bytes)] : request))).toEqual([
      ['refs.bib', '@article{a, title={A}}'],
      ['style.CSL', '<style/>'],
      { kind: 'open-item', id: 'abc123' },
    ])
  })

  it('refuses in words a bad link, a missing file, a folder and a file over the import limit', async () => {
    await writeFile(join(dir, 'huge.ris'), '')
    await truncate(join(dir, 'huge.ris'), MAX_IMPORT_BYTES + 1)
    const { requests, refused } = await shellRequestsFromArguments(['scriptorium://item/..%2Fx', 'gone.bib', dir + '/sub.bib', 'huge.ris'], dir)
    expect(requests).toEqual([])
    expect(refused.map((entry) => entry.reason)).toEqual([
      'scriptorium://item/..%2Fx is not a Scriptorium link that can be opened.',
      'gone.bib could not be read.',
      'sub.bib could not be read.',
      'huge.ris is too large to import (16.0 MB); the limit is 16 MB per file.',
    ])
  })
})
