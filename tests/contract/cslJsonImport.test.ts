import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { useTempDir } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, type OpenedClient } from './transports'

const upload = (name: string, data: unknown) => ({ name, dataBase64: Buffer.from(JSON.stringify(data)).toString('base64') })

describe.each([directTransport, ipcTransport, httpTransport])('CSL-JSON entries of the wrong shape over $name', (transport) => {
  const temp = useTempDir()
  let client: OpenedClient
  let api: ArchiveApi

  beforeEach(async () => {
    client = await transport.open(temp.libraryDir)
    api = client.api
  })

  afterEach(async () => {
    await client.close()
  })

  it('are named and left out, while the good ones come in and the library stays usable', async () => {
    const report = await api.importFiles({
      files: [
        upload('refs.json', [
          { id: 'good', type: 'book', title: 'A good book', author: [{ family: 'Vries', given: 'Jan', 'non-dropping-particle': 'de' }], issued: { 'date-parts': [[2020]] } },
          { id: 'flat', type: 'book', title: 'Flat author', author: 'Smith' },
          { id: 'when', type: 'book', title: 'Numeric date', issued: 2020 },
          { id: 'kind', type: 'novella', title: 'Unknown type' },
          { id: 'link', type: 'webpage', title: 'Numeric URL', URL: 42 },
        ]),
      ],
    })
    expect(report.added.map((item) => item.citekey)).toEqual(['good'])
    expect(report.failed.map((failure) => failure.message)).toEqual([
      'refs.json: Entry 2 (flat) cannot be imported: its author is not a list of names.',
      'refs.json: Entry 3 (when) cannot be imported: its issued is not a CSL date such as {"date-parts": [[2020, 5]]}.',
      'refs.json: Entry 4 (kind) cannot be imported: its type is not a CSL type such as article-journal or book.',
      'refs.json: Entry 5 (link) cannot be imported: its URL is not a string.',
    ])
    // Everything that reads the metadata still works.
    expect((await api.listItems({})).map((item) => item.citekey)).toEqual(['good'])
    expect((await api.search({ query: 'good book' })).hits.map((hit) => hit.citekey)).toEqual(['good'])
    expect((await api.cite({ id: 'good' })).text).toContain('A good book')
  })
})
