import { it } from 'vitest'
import { performance } from 'node:perf_hooks'
import { makeSearchCorpus } from '../../bench/searchCorpus'
import { seededRandom } from '../../bench/seededRandom'
import { SearchIndex } from '../../electron/core/search/searchIndex'
import { parseSearchQuery } from '../../electron/core/search/parseSearchQuery'
import { makeSnippets } from '../../electron/core/search/makeSnippets'
const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)]
it('prof', () => {
  const size = Number(process.env.SIZE ?? 10000)
  const corpus = makeSearchCorpus(size)
  const index = new SearchIndex()
  for (const d of corpus.docs) index.add(d)
  const next = seededRandom(42)
  const qs = Array.from({ length: 200 }, () => corpus.vocabulary[100 + Math.floor(next() * 2900)].slice(0, 4))
  for (let round = 0; round < 2; round++) {
    const ts: number[] = [], ss: number[] = [], ns: number[] = []
    for (const q of qs) {
      const parsed = parseSearchQuery(q)
      let t = performance.now()
      const { ranked } = index.search(parsed, { limit: 20, sort: 'relevance' })
      const s = performance.now() - t
      t = performance.now()
      ranked.map(({ doc }) => makeSnippets(doc, parsed))
      ns.push(performance.now() - t)
      ss.push(s)
      ts.push(s + ns.at(-1)!)
    }
    console.log('total', med(ts).toFixed(2), 'search', med(ss).toFixed(2), 'snippets', med(ns).toFixed(2), 'terms/prefix', med(qs.map((q) => index.termsFor(q, true).length)))
  }
}, 600000)
