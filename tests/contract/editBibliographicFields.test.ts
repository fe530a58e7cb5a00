import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { ArchiveApi } from '../../electron/core/archiveApi'
import { snapshotTree } from '../support/tempLibrary'
import { directTransport, httpTransport, ipcTransport, refusal, type Transport, openTemporaryLibrary, type TemporaryLibrary } from './transports'

describe.each<Transport>([directTransport, ipcTransport, httpTransport])('editing DOI, volume, issue, pages and publisher over $name', (transport) => {
  let library: TemporaryLibrary
  let libraryDir: string
  let api: ArchiveApi

  beforeEach(async () => {
    library = await openTemporaryLibrary(transport)
    ;({ libraryDir, api } = library)
  })

  afterEach(() => library.close())

  it('corrects what extraction found, reduces a doi.org address to the DOI, and clears a field with ""', async () => {
    const sample = await api.addSampleArticle({})
    const edited = await api.updateItem({
      id: sample.id,
      patch: { type: 'article-journal', author: [{ family: 'Kim', given: 'Ji-woo' }], containerTitle: 'Internationale Spectator', DOI: 'https://doi.org/10.1234/IS.2018.4', volume: ' 72 ', issue: '4', page: '45-67', publisher: 'Clingendael' },
    })
    expect(edited.csl).toMatchObject({ DOI: '10.1234/IS.2018.4', volume: '72', issue: '4', page: '45-67', publisher: 'Clingendael' })
    expect(await api.getItem({ id: sample.id })).toEqual(edited)
    // The reference carries them.
    const bib = await api.exportReferences({ format: 'bibtex', ids: [sample.id] })
    expect(bib.content).toMatch(/doi = \{10\.1234\/IS\.2018\.4\}/)
    expect(bib.content).toMatch(/volume = \{72\}/)
    expect(bib.content).toMatch(/pages = \{45--67\}/)

    const cleared = await api.updateItem({ id: sample.id, patch: { issue: '', publisher: '  ' } })
    expect(cleared.csl.issue).toBeUndefined()
    expect(cleared.csl.publisher).toBeUndefined()
    expect(cleared.csl.volume).toBe('72')
  })

  it('refuses a DOI of the wrong form with a sentence, changing nothing', async () => {
    const sample = await api.addSampleArticle({})
    const before = await snapshotTree(libraryDir)
    expect(await refusal(api.updateItem({ id: sample.id, patch: { DOI: '1234/abc', volume: '9' } }))).toEqual({
      code: 'invalid_argument',
      message: '"1234/abc" is not a DOI; a DOI looks like 10.1000/xyz.',
    })
    expect(await snapshotTree(libraryDir)).toEqual(before)
  })
})
