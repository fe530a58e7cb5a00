import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { importArticleFromHtml } from '../../../electron/core/capture/importArticleFromHtml'
import { parseByline } from '../../../electron/core/capture/parseByline'
import { sanitizeArticleHtml } from '../../../electron/node/sanitizeArticleHtml'
import { repoRoot } from '../../support/tempLibrary'
import { cslFromPageMetadata } from '../../../electron/core/capture/cslFromPageMetadata'
import { parseLooseDate } from '../../../electron/core/capture/parseLooseDate'
import { readPageMetadata } from '../../../electron/core/capture/readPageMetadata'

async function metadataOf(head: string, body = '') {
  const { parseHTML } = await import('linkedom')
  const { document } = parseHTML(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`)
  return readPageMetadata(document as unknown as Document)
}

const citedDate = async (head: string, body = '') => cslFromPageMetadata(await metadataOf(head, body), {}, undefined).issued

describe('readPageMetadata: Dublin Core and RDFa in every spelling', () => {
  it.each([
    '<meta name="DC.title" content="The title">',
    '<meta name="dc:title" content="The title">',
    '<meta name="dcterms.title" content="The title">',
    '<meta name="DCTERMS:title" content="The title">',
    '<meta property="dc:title" content="The title">',
    '<meta property="dcterms:title og:title" content="The title">',
    '<meta property="og:title dc:title" content="The title">',
  ])('reads %s', async (tag) => {
    expect((await metadataOf(tag)).dublinCore.title).toBe('The title')
  })

  it('reads every property of a space-separated RDFa list', async () => {
    const metadata = await metadataOf('<meta property="dc:creator article:author" content="Anna van der Berg">')
    expect(metadata.dublinCore.bylines).toEqual(['Anna van der Berg'])
    expect(metadata.openGraph.bylines).toEqual(['Anna van der Berg'])
  })
})

describe('readPageMetadata: dates', () => {
  it.each([
    ['<meta property="article:published_time" content="2015-03-25T10:00:00-04:00">', ''],
    ['<meta itemprop="datePublished" content="2015-03-25">', ''],
    ['', '<time itemprop="datePublished" datetime="2015-03-25T08:00:00Z">March 25</time>'],
    ['', '<span itemprop="datePublished">March 25, 2015</span>'],
    ['', '<article><time pubdate datetime="2015-03-25">yesterday</time></article>'],
    ['<meta name="publishDate" content="2015-03-25 12:00:00.000-0600">', ''],
    ['<meta name="pdate" content="20150325">', ''],
    ['<meta name="sailthru.date" content="Wed, 25 Mar 2015 14:00:00 -0400">', ''],
    ['<meta name="parsely-pub-date" content="2015-03-25T14:00:00Z">', ''],
    ['<meta name="parsely-page" content=\'{"title":"A","pub_date":"2015-03-25T14:00:00Z"}\'>', ''],
    ['<meta name="DC.date" content="2015-03-25">', ''],
    ['<meta name="dc:date" content="2015-03-25">', ''],
    ['<meta name="DC.date.created" content="2015-03-25">', ''],
    ['<meta name="dcterms.created" content="2015-03-25">', ''],
    ['<meta name="article:publicationdate" content="Wed Mar 25 21:30:09 EST 2015">', ''],
    ['', '<p class="entry-posted">on <abbr class="published" title="2015-03-25T08:05:41-07:00">March 25, 2015</abbr></p>'],
    ['', '<time class="entry-date" datetime="2015-03-25T10:00:00+00:00">March 25, 2015</time>'],
    ['', '<h2 class="date-header"><span>Wednesday, March 25, 2015</span></h2>'],
    ['', '<span class="post_datetimes">posted on March 25, 2015, at 11:29 a.m.</span>'],
    ['', '<div class="post__title__author-date">By Jane Roe <p>March 25, 2015</p></div>'],
    ['', '<span class="dateline">Wednesday, Mar 25, 2015 11:57 AM UTC</span>'],
  ])('reads %s%s', async (head, body) => {
    expect(await citedDate(head, body)).toEqual({ 'date-parts': [[2015, 3, 25]] })
  })

  it("takes no masthead's date of the day and no infobox's date as the page's", async () => {
    expect(await citedDate('', '<header><span class="date">Tuesday, December 1, 2026</span></header><p>Text.</p>')).toBeUndefined()
    expect(await citedDate('', '<table class="infobox"><tr><td><span class="published">1998-02-28</span></td></tr></table>')).toBeUndefined()
  })

  it("skips a comment's date, and prefers the page's own date to JSON-LD's dateCreated", async () => {
    expect(await citedDate('', '<div id="comments"><time class="published" title="2015-04-01">April 1</time></div><time class="published" datetime="2015-03-25">March 25</time>')).toEqual({ 'date-parts': [[2015, 3, 25]] })
    const jsonLd = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"A","dateCreated":"2015-03-26T10:00:00Z"}</script>'
    expect(await citedDate(jsonLd, '<time itemprop="datePublished" datetime="2015-03-25">March 25</time>')).toEqual({ 'date-parts': [[2015, 3, 25]] })
    expect(await citedDate(jsonLd)).toEqual({ 'date-parts': [[2015, 3, 26]] })
  })
})

describe('readPageMetadata: JSON-LD title', () => {
  const jsonLd = (fields: object) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', ...fields })}</script>`

  it('takes name over headline when headline is the shorter description', async () => {
    const metadata = await metadataOf(jsonLd({ headline: 'Barrier opens', name: 'Tidal barrier opens after three years of work' }))
    expect(metadata.jsonLd.title).toBe('Tidal barrier opens after three years of work')
  })

  it('takes whichever the <title> or og:title carries', async () => {
    const fields = { headline: 'Tidal barrier opens after three years of work', name: 'Tidal barrier opens after three years of work, and the fishermen watch' }
    expect((await metadataOf(`<title>Tidal barrier opens after three years of work | Courier</title>${jsonLd(fields)}`)).jsonLd.title).toBe(fields.headline)
    expect((await metadataOf(`<meta property="og:title" content="${fields.name}">${jsonLd(fields)}`)).jsonLd.title).toBe(fields.name)
  })

  it('reads a block that an XHTML page wraps in CDATA', async () => {
    const metadata = await metadataOf('<script type="application/ld+json">\n<![CDATA[\n{"@type":"NewsArticle","headline":"Wrapped"}\n]]>\n</script>')
    expect(metadata.jsonLd.title).toBe('Wrapped')
  })

  it('cites the title the page shows as its heading when the tags disagree', async () => {
    const metadata = await metadataOf(`<meta property="og:title" content="A social media title">${jsonLd({ headline: 'The printed title of the story' })}`, '<h1>The printed title of the story</h1>')
    expect(cslFromPageMetadata(metadata, {}, undefined).title).toBe('The printed title of the story')
    const suffixed = await metadataOf('<title>Outside the web: standalone binaries · V8</title>', '<h1>V8</h1><h1>Outside the web: standalone binaries</h1>')
    expect(cslFromPageMetadata(suffixed, {}, undefined).title).toBe('Outside the web: standalone binaries')
  })
})

describe('parseLooseDate: more ways pages write a date', () => {
  it.each([
    ['20170113', [2017, 1, 13]],
    ['20170113031500', [2017, 1, 13]],
    ['Fri, 13 Jan 2017 10:00:00 GMT', [2017, 1, 13]],
    ['Fri Mar 13 21:30:09 EST 2015', [2015, 3, 13]],
    ['Sunday, May 8, 2016', [2016, 5, 8]],
    ['May 20th, 2019', [2019, 5, 20]],
    ['2017-11-03 03:01:00.000000', [2017, 11, 3]],
  ])('reads "%s"', (text, parts) => {
    expect(parseLooseDate(text)).toEqual({ 'date-parts': [parts] })
  })

  it('takes no other number for a compact date', () => {
    expect(parseLooseDate('12345678')).toBeUndefined()
    expect(parseLooseDate('20171313')).toBeUndefined()
  })
})

describe("Readability's own metadata test pages", () => {
  // Mozilla Readability's test pages for metadata (see tests/fixtures/pages/SOURCES.md), each with
  // the title, byline and date Readability expects from it.
  const folder = join(repoRoot, 'tests/fixtures/pages/readability-metadata')
  it.each(['003-metadata-preferred', '004-metadata-space-separated-properties', 'parsely-metadata'])('%s', async (page) => {
    const expected = JSON.parse(readFileSync(join(folder, `${page}.expected-metadata.json`), 'utf8')) as { title: string; byline: string; publishedTime: string | null }
    const article = await importArticleFromHtml(readFileSync(join(folder, `${page}.html`), 'utf8'), { name: page, sanitize: sanitizeArticleHtml })
    expect(article.csl.title).toBe(expected.title)
    expect(article.csl.author ?? []).toEqual(parseByline(expected.byline))
    expect(article.csl.issued).toEqual(parseLooseDate(expected.publishedTime ?? undefined))
  })
})
