import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { Item } from '../electron/core/archiveApi'
import { pairingStore } from '../electron/node/connector/pairingStore'
import { startHttpBridge } from '../electron/node/httpBridge'
import { openArchive } from '../electron/node/openArchive'
import { typicalPage } from './captureBench'
import { fakeArticle } from './fakeArticle'
import { summarize } from './summarize'

const RUNS = 20
const PAGE_BYTES = 100 * 1024
export const SAVE_TARGET = 1000
const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop'

/** A news page of at least 100 kB, its article grown with more paragraphs, and a passage of it to select. */
function articleOf100kB(n: number): { html: string; selection: string } {
  let html = typicalPage(n)
  const extra: string[] = []
  for (let more = 0; html.length + extra.join('\n').length < PAGE_BYTES; more++) extra.push(...fakeArticle(100_000 + n * 1000 + more).body.split('\n\n').slice(1).map((text) => `<p>${text}</p>`))
  html = html.replace('</article>', `${extra.join('\n')}\n</article>`)
  const firstParagraph = fakeArticle(n).body.split('\n\n')[1]
  return { html, selection: firstParagraph.slice(0, firstParagraph.indexOf(' ', 60)) }
}

/**
 * Save from the browser, as the extension does it after the click: find Scriptorium (GET
 * /connector/ping), then POST the page's DOM, address and selection with a paired extension's token,
 * over the real HTTP bridge to the archive, until the answer with the item and its highlight (what the
 * popup turns into "Saved"). Reading the tab's DOM in the browser is not part of it.
 */
export async function measureConnectorSave(): Promise<{ operation: string; median: number; p95: number; target: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'scriptorium-bench-connector-'))
  // From the bench's entry (out/main/bench.js).
  const resourcesDir = resolve(dirname(process.argv[1]), '../../resources')
  const pairing = pairingStore(join(dir, 'state'))
  const bridge = await startHttpBridge({ api: openArchive({ libraryDir: join(dir, 'library'), resourcesDir }), pairing })
  try {
    const token = randomBytes(32).toString('hex')
    const pending = await pairing.request({ client: 'Bench extension', origin: EXTENSION_ORIGIN, token })
    await pairing.approve(pending.code)
    const pages = Array.from({ length: RUNS + 1 }, (_, index) => ({ url: `https://www.hetdagblad.example/a/${index}`, ...articleOf100kB(index) }))
    const kilobytes = Math.round(Math.min(...pages.map((page) => Buffer.byteLength(page.html))) / 1024)
    const samples: number[] = []
    for (const [index, page] of pages.entries()) {
      const start = performance.now()
      const ping = (await (await fetch(`${bridge.origin}/connector/ping`)).json()) as { ok: boolean }
      if (!ping.ok) throw new Error('the connector did not answer its ping')
      const response = await fetch(`${bridge.origin}/connector/save`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Origin: EXTENSION_ORIGIN },
        body: JSON.stringify(page),
      })
      const answer = (await response.json()) as { ok: true; value: Item; highlight: unknown } | { ok: false; error: { message: string } }
      const elapsed = performance.now() - start
      if (!answer.ok) throw new Error(answer.error.message)
      if (!answer.highlight) throw new Error(`the selection of page ${index} was not highlighted: ${(answer as { highlightProblem?: string }).highlightProblem}`)
      // The first save loads the extractor's worker and the catalog: not what a click costs later.
      if (index > 0) samples.push(elapsed)
    }
    return { operation: `save from the browser: a ${kilobytes} kB page with a selection, ping to "Saved" over the connector (HTTP, paired token)`, ...summarize(samples), target: SAVE_TARGET }
  } finally {
    await bridge.close()
    await rm(dir, { recursive: true, force: true })
  }
}
