import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CslItem, CslName } from '../electron/core/cslItem'
import { readReferences } from '../electron/core/references/readReferences'

// Field agreement between our BibTeX reading and pandoc's own (`pandoc -f bibtex -t csljson`), on the
// real bibliographies of tests/fixtures/references/real. Run: npm run build && node out/main/bench.js --references
const FIELDS = ['type', 'title', 'author', 'editor', 'translator', 'issued', 'container-title', 'volume', 'issue', 'page', 'publisher', 'publisher-place', 'DOI', 'URL', 'abstract', 'language'] as const

export interface AgreementRow {
  field: string
  /** Entries where both readings have the field. */
  both: number
  agree: number
  onlyOurs: number
  onlyPandoc: number
  /** A few disagreements, ours then pandoc's. */
  examples: string[]
}

/** `folder` holds the .bib files; the bench passes tests/fixtures/references/real. */
export async function measureReferenceAgreement(folder: string): Promise<{ rows: AgreementRow[]; entries: number; files: string[]; refused: string[] }> {
  const all = readdirSync(folder).filter((name) => name.endsWith('.bib')).sort()
  const rows = new Map<string, AgreementRow>(FIELDS.map((field) => [field, { field, both: 0, agree: 0, onlyOurs: 0, onlyPandoc: 0, examples: [] }]))
  let entries = 0
  const files: string[] = []
  const refused: string[] = []
  for (const name of all) {
    const text = readFileSync(join(folder, name), 'utf8')
    let pandoc: CslItem[]
    try {
      pandoc = JSON.parse(execFileSync('pandoc', ['-f', 'bibtex', '-t', 'csljson', join(folder, name)], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] })) as CslItem[]
    } catch {
      // pandoc refuses a whole file for one entry it cannot parse (2.17: a type with an underscore, Mendeley's @web_page).
      refused.push(name)
      continue
    }
    files.push(name)
    const ours = await readReferences(text, name, 'bibtex')
    const byKey = new Map(pandoc.map((item) => [item.id, item]))
    for (const entry of ours.entries) {
      const theirs = entry.key ? byKey.get(entry.key) : undefined
      if (!theirs) continue
      entries++
      for (const field of FIELDS) {
        const row = rows.get(field)!
        const a = comparable(field, field === 'title' || field === 'container-title' ? sentenceCased(entry.csl, field) : entry.csl[field])
        const b = comparable(field, theirs[field])
        if (a && b) {
          row.both++
          if (a === b) row.agree++
          else if (row.examples.length < 3) row.examples.push(`${entry.key}: ${a} | ${b}`)
        } else if (a) row.onlyOurs++
        else if (b) row.onlyPandoc++
      }
    }
  }
  return { rows: [...rows.values()], entries, files, refused }
}

/** What a style that wants sentence case gets, which is what pandoc's reader gives. */
function sentenceCased(csl: Partial<CslItem>, field: 'title' | 'container-title'): unknown {
  const custom = csl.custom as Record<string, unknown> | undefined
  return custom?.[`${field}-sentence-case`] ?? csl[field]
}

/** One text per value: markup, dashes, spaces and number-or-text differences do not count. */
function comparable(field: string, value: unknown): string {
  if (value === undefined || value === null || value === '') return ''
  if (Array.isArray(value)) return value.map((name) => nameText(name as CslName)).join('; ')
  if (typeof value === 'object') {
    const parts = (value as { 'date-parts'?: unknown[][] })['date-parts']?.[0]
    return parts ? parts.map(Number).join('-') : JSON.stringify(value)
  }
  let text = String(value)
    .replace(/<[^>]+>/g, '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/\s+/g, ' ')
    .normalize('NFC')
    .trim()
  if (field === 'language') text = text.slice(0, 2).toLowerCase()
  if (field === 'DOI') text = text.toLowerCase()
  return text
}

function nameText(name: CslName): string {
  if (name.literal) return name.literal
  return [[name['dropping-particle'], name['non-dropping-particle'], name.family].filter(Boolean).join(' '), name.given, name.suffix].filter(Boolean).join(', ')
}

export function printAgreementTable({ rows, entries, files, refused }: Awaited<ReturnType<typeof measureReferenceAgreement>>): void {
  console.log(`Field agreement with pandoc ${execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0].replace('pandoc ', '')} on ${entries} entries of ${files.length} real .bib files\n`)
  if (refused.length) console.log(`(pandoc could not read ${refused.join(', ')} at all.)\n`)
  console.log('| Field | Both have it | Agree | Only ours | Only pandoc |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  for (const row of rows) {
    const share = row.both ? `${row.agree} (${((100 * row.agree) / row.both).toFixed(0)} %)` : '—'
    console.log(`| ${row.field} | ${row.both} | ${share} | ${row.onlyOurs} | ${row.onlyPandoc} |`)
  }
  const examples = rows.flatMap((row) => row.examples.map((example) => `${row.field} ${example}`))
  if (examples.length) console.log(`\nDisagreements, ours | pandoc's:\n${examples.map((line) => `- ${line}`).join('\n')}`)
}
