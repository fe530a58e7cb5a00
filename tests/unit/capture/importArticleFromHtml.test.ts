import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { importArticleFromHtml } from '../../../electron/core/capture/importArticleFromHtml'
import { sanitizeArticleHtml } from '../../../electron/node/sanitizeArticleHtml'
import { repoRoot } from '../../support/tempLibrary'

const page = (name: string) => readFileSync(join(repoRoot, 'tests/fixtures/pages', name), 'utf8')
const extract = (name: string, pageUrl?: string) => importArticleFromHtml(page(name), { name, pageUrl, sanitize: sanitizeArticleHtml })

describe('importArticleFromHtml on pages written to look like real ones', () => {
  it('takes a news article without the site around it', async () => {
    const article = await extract('news-site.html')
    expect(article.csl).toEqual({
      type: 'article-newspaper',
      title: "Korea's openen verbindingsbureau aan de grens",
      'container-title': 'Het Dagblad',
      author: [{ given: 'Jan', 'non-dropping-particle': 'de', family: 'Vries' }],
      issued: { 'date-parts': [[2018, 9, 14]] },
      URL: 'https://www.hetdagblad.example/buitenland/korea-verbindingsbureau',
      language: 'nl',
    })
    expect(article.contentHtml).toContain('een nieuw tijdperk van vrede')
    expect(article.contentHtml).toContain('<h2>Een nieuw tijdperk</h2>')
    // Each piece of chrome carries a marker word that the article itself never uses.
    for (const chrome of ['COOKIEBANNER', 'NAVIGATIEMENU', 'ADVERTENTIE', 'GERELATEERD', 'REACTIE', 'VOETTEKST', 'tracker.example', 'ads.example', 'dataLayer', '<script']) {
      expect(article.contentHtml).not.toContain(chrome)
    }
    // Relative links resolve against the page's own address.
    expect(article.contentHtml).toContain('href="https://www.hetdagblad.example/dossiers/korea"')
    // The remote photo is not loaded while reading: a visible placeholder says what was there.
    expect(article.contentHtml).toContain('<span class="image-placeholder">[Image not archived: Het nieuwe bureau in Kaesong]</span>')
    expect(article.droppedImages).toBe(1)
    expect(article.contentHtml).toMatch(/<p data-para="1">Door/)
    expect(article.paragraphCount).toBe(6)
    expect(article.contentHtml.match(/data-para="(\d+)"/g)).toHaveLength(6)
  })

  it('takes a journal article from its citation_* tags, over Open Graph and Dublin Core', async () => {
    const article = await extract('journal-article.html')
    expect(article.csl).toEqual({
      type: 'article-journal',
      title: 'Liaison offices and the management of border incidents on the Korean peninsula',
      'container-title': 'Journal of Peace Research Letters',
      author: [
        { given: 'Anna', 'non-dropping-particle': 'van der', family: 'Berg' },
        { given: 'Min-jun', family: 'Kim' },
        { given: 'Pieter', 'non-dropping-particle': 'de', family: 'Jong' },
      ],
      issued: { 'date-parts': [[2019, 3, 15]] },
      volume: '12',
      issue: '3',
      page: '201–219',
      DOI: '10.5555/jprl.2019.0123',
      language: 'en',
    })
    expect(article.contentHtml).toContain('Permanent liaison offices between adversaries are rare.')
    expect(article.contentHtml).not.toContain('JOURNALNAV')
    expect(article.contentHtml).not.toContain('JOURNALFOOTER')
    // Without an address to resolve against, a relative link becomes its text.
    expect(article.contentHtml).toContain('See Figure 1 for the series.')
  })

  it('takes a blog post, typed as one, with the site name stripped from the title', async () => {
    const article = await extract('blog-post.html')
    expect(article.csl).toMatchObject({
      type: 'post-weblog',
      title: 'Wandelen langs de Maas in de winter',
      'container-title': "Ruud's Reisblog",
      author: [{ given: 'Ruud', 'non-dropping-particle': 'van den', family: 'Heuvel' }],
      issued: { 'date-parts': [[2021, 1, 9]] },
      URL: 'https://ruudsreisblog.example/2021/01/wandelen-langs-de-maas/',
      language: 'nl-NL',
    })
    expect(article.contentHtml).toContain('href="https://ruudsreisblog.example/2021/01/wandelen-langs-de-maas/routes/"')
    expect(article.contentHtml).not.toContain('BLOGARCHIEF')
    expect(article.contentHtml).not.toContain('BLOGREACTIE')
    expect(article.paragraphCount).toBe(3)
  })

  it('reads a page that has JSON-LD only, skipping a broken block', async () => {
    const article = await extract('json-ld-only.html')
    expect(article.csl).toEqual({
      type: 'article-newspaper',
      title: 'Why archives matter more than ever',
      'container-title': 'The Record Keeper',
      author: [
        { given: 'Maria', 'non-dropping-particle': 'van der', family: 'Linden' },
        { given: 'Tom', family: "O'Neill" },
      ],
      issued: { 'date-parts': [[2023, 5, 2]] },
      DOI: '10.9999/trk.2023.42',
      URL: 'https://recordkeeper.example/2023/05/why-archives-matter',
      language: 'en-GB',
    })
  })

  it('keeps the words of a hostile page and nothing that could run or load', async () => {
    const article = await extract('hostile.html', 'https://news.example/2024/ordinary.html')
    const html = article.contentHtml
    expect(html).toContain('This page looks like an article')
    expect(html).toContain('Final paragraph')
    for (const danger of [
      /<script/i, /<iframe/i, /<object/i, /<embed/i, /<form/i, /<input/i, /<button/i, /<meta/i, /<base/i, /<link/i, /<style/i,
      /<svg/i, /<math/i, /<template/i, /<video/i, /<audio/i, /<noscript/i, /\son[a-z]+=/i, /javascript:/i, /vbscript:/i,
      /data:(?!image\/gif;base64)/i, /evil\.example/, /tracker\.example/, /srcset/i, /style=/i, /ping=/i, /target=/i, /alert\(/,
    ]) {
      expect(html).not.toMatch(danger)
    }
    expect(html).toContain('<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="inline gif">')
    expect(html).toContain('[Image not archived: A remote picture]')
    // A relative link resolves against the page, never against the page's own <base>.
    expect(html).toContain('href="https://news.example/relative/path"')
    expect(html).toContain('<a href="https://example.org/safe" rel="noopener noreferrer">a safe one</a>')
    expect(article.csl).toMatchObject({ title: 'An ordinary looking article', URL: 'https://news.example/2024/ordinary.html', language: 'en' })
  })

  it('ignores a hostile <base> when no address is known: relative links become text', async () => {
    const article = await extract('hostile.html')
    expect(article.contentHtml).not.toMatch(/evil\.example|<a>|<a rel/)
    expect(article.contentHtml).toContain('with an relative link that')
  })

  it("takes the page's largest block of paragraphs when Readability's article is implausibly short", async () => {
    // Readability's first pass drops the article's wrapper (its class reads as a sidebar) and
    // returns the newsletter box, which is long enough to pass its threshold.
    const article = await extract('readability-too-short.html')
    expect(article.contentHtml).toContain('The river authority opened the new tidal barrier on Tuesday morning')
    expect(article.contentHtml).toContain('Tickets are free but must be booked in advance')
    expect(article.contentHtml).not.toContain('newsletter')
    expect(article.paragraphCount).toBe(8)
  })

  it('archives an article made of preformatted text (an IETF draft), one numbered block a paragraph', async () => {
    const html = gunzipSync(readFileSync(join(repoRoot, 'tests/fixtures/pages/real/ietf-1.html.gz'))).toString('utf8')
    const article = await importArticleFromHtml(html, { name: 'ietf-1.html', sanitize: sanitizeArticleHtml })
    expect(article.csl).toMatchObject({ title: 'remoteStorage', issued: { 'date-parts': [[2014, 12, 15]] } })
    expect(article.contentHtml).toContain('<pre data-para="3">Abstract\n</pre>')
    expect(article.contentHtml).toMatch(/<pre data-para="4"> {4}This draft describes a protocol by which client-side applications,\n {4}running inside a web browser,[^<]*access control is based on bearer tokens\.\n<\/pre>/)
    expect(article.paragraphCount).toBeGreaterThan(200)
    // Each piece keeps its closing line break, so the archived text runs no words together.
    const { document } = parseHTML(`<div>${article.contentHtml}</div>`)
    expect(document.querySelector('div')!.textContent).toContain('bearer tokens.\nStatus of this Memo')
  })

  it('refuses a page with no article text, naming it', async () => {
    const html = '<!doctype html><html><head><title>Login</title></head><body><nav><a href="/">Home</a></nav><form><input name="q"></form></body></html>'
    await expect(importArticleFromHtml(html, { name: 'login.html', sanitize: sanitizeArticleHtml })).rejects.toThrow('login.html has no article text to archive.')
  })
})
