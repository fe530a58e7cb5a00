import { FIRST_CITATION_FLAG } from './childFlags'
import { execFileSync } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import type { ArchiveApi } from '../electron/core/archiveApi'
import { exportableCsl } from '../electron/core/citations/citableCsl'
import { summarize } from './summarize'
import { timeRuns } from './timeRuns'

const TARGETS = { exportBibtex: 2000, reference: 10, firstCitation: 1000 }

export interface CitationRow {
  operation: string
  median: number
  p95: number
  target?: number
  /** The same work done by raw citation-js in this run, in ms. */
  baseline?: number
}

/** Our exports and references against raw citation-js doing the same work on the same items. */
export async function measureCitations(service: ArchiveApi, dir: string): Promise<CitationRow[]> {
  const items = await service.listItems({})
  const csl = items.map(exportableCsl)
  // Raw citation-js, loaded here rather than at the top, so a first-citation child does not load it twice.
  const [{ Cite }] = await Promise.all([import('@citation-js/core'), import('@citation-js/plugin-csl'), import('@citation-js/plugin-bibtex')])

  await service.exportReferences({ format: 'bibtex' })
  const ours = await timeRuns(5, () => service.exportReferences({ format: 'bibtex' }))
  const raw = await timeRuns(5, () => new Cite(csl).format('bibtex'))

  // After warm-up: one reference each, different items each run.
  await service.exportReferences({ format: 'bibliography', ids: [items[0].id] })
  new Cite([csl[0]]).format('bibliography', { template: 'apa', lang: 'en-US' })
  const reference = await timeRuns(50, (run) => service.exportReferences({ format: 'bibliography', ids: [items[(run * 7919) % items.length].id] }))
  const rawReference = await timeRuns(50, (run) => new Cite([csl[(run * 7919) % csl.length]]).format('bibliography', { template: 'apa', lang: 'en-US' }))

  // A new process each time, citing at once (the worst case) or after the app's background warm-up.
  const firstCitation = (mode: 'at-once' | 'after-warm-up') =>
    Array.from({ length: 5 }, () => Number(execFileSync(process.execPath, [process.argv[1], FIRST_CITATION_FLAG, mode, dir, items[0].id], { encoding: 'utf8' })))
  const atOnce = firstCitation('at-once')
  const warmed = firstCitation('after-warm-up')

  const ratio = (a: number[], b: number[]) => summarize(a).median / summarize(b).median
  process.stderr.write(`export to BibTeX: ours/raw citation-js = ${ratio(ours, raw).toFixed(2)}; one reference: ${ratio(reference, rawReference).toFixed(2)}\n`)
  return [
    { operation: `export ${items.length.toLocaleString('en')} items to BibTeX`, ...summarize(ours), target: TARGETS.exportBibtex, baseline: summarize(raw).median },
    { operation: 'an APA reference for one item, warm', ...summarize(reference), target: TARGETS.reference, baseline: summarize(rawReference).median },
    // The CLI has no time to warm up: its one citation builds citeproc's APA engine (about half a second).
    { operation: 'first citation in a new process, asked at once (the CLI), from its start', ...summarize(atOnce) },
    { operation: 'first citation 1.5 s after app start (citeproc warmed in the background)', ...summarize(warmed), target: TARGETS.firstCitation },
  ]
}

/** The child side: prints the milliseconds until the first citation is ready. */
export async function firstCitation(mode: string, dir: string, id: string, open: (dir: string, warm: boolean) => ArchiveApi): Promise<void> {
  if (mode === 'at-once') {
    const api = open(dir, false)
    const cited = await api.cite({ id })
    if (!cited.text) throw new Error('no citation')
    process.stdout.write(String(performance.now()))
    return
  }
  const api = open(dir, true)
  await new Promise((resolve) => setTimeout(resolve, 1500))
  const start = performance.now()
  const cited = await api.cite({ id })
  if (!cited.text) throw new Error('no citation')
  process.stdout.write(String(performance.now() - start))
}
