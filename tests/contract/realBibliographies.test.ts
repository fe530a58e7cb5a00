import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import Ajv from 'ajv'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ArchiveApi, Item } from '../../electron/core/archiveApi'
import { readReferences } from '../../electron/core/references/readReferences'
import { openArchive } from '../../electron/node/openArchive'
import { makeTempDir, repoRoot, resourcesDir } from '../support/tempLibrary'

// Bibliographies written by others (tests/fixtures/references/real/SOURCES.md), judged by the real
// clients of our exports: biber, biblatex's own backend, and pandoc's citeproc.
const REAL = join(repoRoot, 'tests', 'fixtures', 'references', 'real')
const BIB_FILES = readdirSync(REAL).filter((name) => name.endsWith('.bib'))
const RIS_FILES = readdirSync(REAL).filter((name) => name.endsWith('.ris'))
const CSL_FILES = readdirSync(REAL).filter((name) => name.endsWith('.json'))
const has = (command: string) => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0
const hasBiber = has('biber')
const hasPandoc = has('pandoc')
if (!hasBiber) console.warn('Skipping the biber checks: biber is not installed (apt-get install biber).')
if (!hasPandoc) console.warn('Skipping the pandoc checks: pandoc is not installed (apt-get install pandoc).')

/** Every entry of a .bib as biber counts them: not @string, @preamble or @comment. */
function writtenEntries(text: string): { type: string; key: string }[] {
  return [...text.matchAll(/^[ \t]*@[ \t]*([A-Za-z_][\w-]*)[ \t]*[{(][ \t]*([^,\s{}()]*)[ \t]*,/gm)]
    .map((match) => ({ type: match[1].toLowerCase(), key: match[2] }))
    .filter(({ type }) => !['string', 'preamble', 'comment'].includes(type))
}

let temp: { dir: string; remove: () => Promise<void> }

beforeAll(async () => {
  temp = await makeTempDir()
})

afterAll(async () => {
  await temp.remove()
}, 60_000)

async function importInto(name: string, files: { name: string; content: string }[]): Promise<{ api: ArchiveApi; items: Item[]; failed: string[]; notes: string[] }> {
  const api = openArchive({ libraryDir: join(temp.dir, name), resourcesDir })
  const report = await api.importFiles({ files: files.map((file) => ({ name: file.name, dataBase64: Buffer.from(file.content).toString('base64') })), allowDuplicate: true })
  return { api, items: await api.listItems({}), failed: report.failed.map((failure) => failure.message), notes: (report.notes ?? []).map((note) => note.message) }
}

function run(command: string, args: string[], cwd = temp.dir) {
  // pandoc's CSL-JSON of every real file together is more than spawnSync's default 1 MB of output.
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

/**
 * biber's warnings about a file, with the file's name taken out so two files compare. Our exports
 * must be read whole; a file written by others may not be (Mendeley writes entries with no key).
 */
function biberWarnings(path: string, { ours = true } = {}): Set<string> {
  const result = run('biber', ['--tool', '--validate-datamodel', '--output-file', `${path}.out`, path])
  if (ours) expect(result.status, result.stdout).toBe(0)
  return new Set(
    result.stdout
      .split('\n')
      .filter((line) => /(WARN|ERROR) - /.test(line))
      .map((line) => line.replace(/^.*?(WARN|ERROR) - /, '$1 ').replace(/ \([^()]*\.bib\)/g, '')),
  )
}

describe.each(BIB_FILES)('the real bibliography %s', (fileName) => {
  const text = readFileSync(join(REAL, fileName), 'utf8')
  const written = writtenEntries(text)

  it('reads every entry or names it with its line and a reason, and keeps every key byte for byte', async () => {
    const file = await readReferences(text, fileName, 'bibtex')
    expect(file.entries.length + file.problems.length).toBe(written.length)
    for (const problem of file.problems) expect(problem).toMatch(/^The entry .*\(line \d+\)|^The entry on line \d+/)
    // Only what is not a reference is set aside: `\enquote*`, a publisher with "and", Mendeley's types and keyless entries all come in.
    for (const problem of file.problems) expect(problem).toMatch(/ is an @(set|xdata) entry, which holds fields for other entries/)
    // A publisher is one name even with "and" in it; only name lists split at "and".
    for (const entry of file.entries) {
      const written = /^\s*publisher\s*=\s*[{"]([^{}"]*\band\b[^{}"]*)[}"]/im.exec(entry.source)?.[1]
      if (written) expect(entry.csl.publisher, entry.key).toMatch(/ and /)
    }
    const readKeys = file.entries.map((entry) => entry.key)
    const expectedKeys = written.filter(({ key }) => file.entries.some((entry) => entry.key === key)).map(({ key }) => key)
    expect(readKeys.filter(Boolean)).toEqual(expectedKeys)
    // Each entry carries the line it starts on, which a refusal of the archive names.
    const lines = text.split(/\r?\n/)
    for (const entry of file.entries) expect(lines[entry.line! - 1], entry.key).toMatch(new RegExp(`^\\s*@\\s*\\w+\\s*[{(]\\s*${(entry.key ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  })

  it('exports as BibTeX and BibLaTeX that biber validates with no warning of ours, that pandoc reads, and that reads back the same', async () => {
    const { api, items, failed, notes } = await importInto(`lib-${fileName}`, [{ name: fileName, content: text }])
    const file = await readReferences(text, fileName, 'bibtex')
    expect(failed).toHaveLength(file.problems.length)
    expect(items).toHaveLength(file.entries.length)
    // Every key of the file is kept; a key an earlier entry already took is changed and said (Mendeley
    // writes such duplicates, and entries with no key at all, which get a generated one).
    const keys = file.entries.map((entry) => entry.key).filter((key): key is string => Boolean(key))
    const citekeys = items.map((item) => item.citekey)
    for (const key of new Set(keys)) expect(citekeys).toContain(key)
    expect(new Set(citekeys).size).toBe(items.length)
    // A repeated key is blamed on the earlier entry of the file, with both lines, also when the two
    // were added in different chunks of 100 (the Mendeley file's 512 entries take six).
    const firstLine = new Map<string, number | undefined>()
    const repeated: string[] = []
    for (const entry of file.entries) {
      if (!entry.key) continue
      if (firstLine.has(entry.key)) repeated.push(`${fileName}: the key ${entry.key} (line ${entry.line}) is taken by an earlier entry of the file (line ${firstLine.get(entry.key)});`)
      else firstLine.set(entry.key, entry.line)
    }
    expect(repeated).toHaveLength(keys.length - new Set(keys).size)
    expect(notes.filter((note) => note.includes(' is taken by ')).map((note) => note.replace(/ the entry was added as .*$/, ''))).toEqual(repeated)

    for (const format of ['bibtex', 'biblatex'] as const) {
      const exported = await api.exportReferences({ format })
      const path = join(temp.dir, `${format}-${fileName}`)
      await writeFile(path, exported.content)
      expect(writtenEntries(exported.content).map(({ key }) => key).sort()).toEqual(items.map((item) => item.citekey).sort())
      if (hasBiber) {
        // biber writes its log beside the file it reads: the fixture is copied, never written next to.
        // biber stops at an entry with no key (Mendeley writes them), so in the copy each gets one; it
        // stops too at a bare `@Comment Len Schubert` line, which BibTeX skips, so in the copy that is
        // braced; and it counts a `\{` as a brace, so a lone one (`Thi\{'ebaux`) is written as the
        // literal brace our reader takes it for.
        const copy = join(temp.dir, `original-${fileName}`)
        let keyless = 0
        const mended = text
          .replace(/^([ \t]*@[ \t]*\w+[ \t]*[{(])[ \t]*,/gm, (_match, head: string) => `${head}keyless${++keyless},`)
          .replace(/^([ \t]*@[ \t]*comment)[ \t]+([^{(\s].*)$/gim, '$1{$2}')
          .replace(/\\([{}])/g, (_match, brace: string) => (brace === '{' ? '\\textbraceleft{}' : '\\textbraceright{}'))
        await writeFile(copy, mended)
        const original = biberWarnings(copy, { ours: false })
        // An entry whose key the import had to make or change has no counterpart in the original to compare with.
        const madeKeys = new Set(citekeys.filter((key) => !keys.includes(key)))
        // A field the original already had where biber's model has no place for it is the file's, whatever type biber gave the entry there.
        const saidOfField = new Set([...original].map(entryAndField).filter(Boolean))
        const ours = [...biberWarnings(path)].filter(
          (warning) => !original.has(warning) && !saidOfField.has(entryAndField(warning)) && !madeKeys.has(/[Ee]ntry '([^']*)'/.exec(warning)?.[1] ?? ''),
        )
        // What is left is a field the item lacks, or one its type has no field for (kept, for pandoc):
        // each is said by the export, entry and field, as biber will say it.
        const unsaid = ours.filter((warning) => {
          const [, key, field] = /Entry '([^']*)'.*?field(?: - one of)? '([^',]*)/.exec(warning) ?? []
          return !(key && field && (exported.warnings ?? []).some((said) => said.startsWith(`${key} has `) && said.includes(field)))
        })
        expect(unsaid, format).toEqual([])
      }
      if (hasPandoc) {
        const result = run('pandoc', ['-f', 'bibtex', '-t', 'csljson', path])
        expect(result.status, result.stderr).toBe(0)
        expect(JSON.parse(result.stdout)).toHaveLength(items.length)
      }

      // The round trip: what the export says reads back as the item it came from.
      const again = await importInto(`again-${format}-${fileName}`, [{ name: `again.bib`, content: exported.content }])
      expect(again.failed).toEqual([])
      const byKey = new Map(again.items.map((item) => [item.citekey, item]))
      const lost: string[] = []
      for (const item of items) {
        const back = byKey.get(item.citekey)
        expect(back, item.citekey).toBeDefined()
        for (const field of ['type', 'title', 'author', 'editor', 'translator', 'issued', 'container-title', 'volume', 'issue', 'page', 'DOI', 'URL', 'abstract', 'keyword', 'accessed', 'note', 'language', 'publisher']) {
          if (JSON.stringify(normalize(back!.csl[field])) !== JSON.stringify(normalize(item.csl[field]))) lost.push(`${item.citekey} ${field}`)
        }
      }
      expect(lost, format).toEqual([])
    }
  }, 300_000) // A watchdog, not a measure: biber reads each export of 512 entries twice on a shared machine.
})

/** "Entry 'x': Invalid field 'volume'" whatever the type named after it; '' for other warnings. */
function entryAndField(warning: string): string {
  const match = /Entry '([^']*)': Invalid field '([^']*)'/.exec(warning)
  return match ? `${match[1]} ${match[2]}` : ''
}

/** Numbers and text compare alike (volume 3 and "3"), and so do page ranges with a hyphen or an en dash. */
function normalize(value: unknown): unknown {
  if (typeof value === 'number') return String(value)
  if (typeof value === 'string') return value.replace(/\u2013/g, '-')
  return value
}

describe.skipIf(!hasPandoc)('sentence case of English titles', () => {
  it('is what pandoc\'s BibTeX reader gives, for the titles and the book titles of every real bibliography pandoc reads', async () => {
    const differences: string[] = []
    let compared = 0
    for (const fileName of BIB_FILES) {
      const result = run('pandoc', ['-f', 'bibtex', '-t', 'csljson', join(REAL, fileName)])
      // pandoc 2.17 refuses a whole file for a type with an underscore (Mendeley's @web_page) or an entry in parentheses.
      if (result.status !== 0) continue
      const theirs = new Map((JSON.parse(result.stdout) as Record<string, unknown>[]).map((entry) => [entry.id, entry]))
      const text = readFileSync(join(REAL, fileName), 'utf8')
      for (const entry of (await readReferences(text, fileName, 'bibtex')).entries) {
        const pandoc = theirs.get(entry.key)
        const source = entry.source.toLowerCase()
        // pandoc takes the title of the whole for a volume of a multivolume work and for an issue of a periodical: another title, not another case.
        if (!pandoc || /^\s*maintitle\s*=/m.test(source) || /^\s*@periodical/.test(source)) continue
        const custom = (entry.csl.custom ?? {}) as Record<string, string>
        compared++
        const title = plain(custom['title-sentence-case'] ?? entry.csl.title)
        if (title !== plain(pandoc.title)) differences.push(`${entry.key} title: ${title} | ${plain(pandoc.title)}`)
        // A journal's name is never sentence-cased.
        if (/^(article|periodical)/.test(String(custom['biblatex-type'])) || !pandoc['container-title']) continue
        const container = plain(custom['container-title-sentence-case'] ?? entry.csl['container-title'])
        if (container !== plain(pandoc['container-title'])) differences.push(`${entry.key} container: ${container} | ${plain(pandoc['container-title'])}`)
      }
    }
    expect(compared).toBeGreaterThan(200)
    expect(differences).toEqual([])
  })
})

/** Text as a style prints it: no markup, typographic quotes and dashes alike. pandoc writes H₂O as H_2O, which is its own slip. */
function plain(value: unknown): string {
  return String(value ?? '')
    .replace(/<[^>]+>/g, '')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/H_2O/g, 'H\u2082O')
    .replace(/\s+/g, ' ')
    .normalize('NFC')
    .trim()
}

describe('the CSL-JSON export of the real bibliographies', () => {
  it('is valid against the CSL-JSON schema and pandoc reads it', async () => {
    const files = BIB_FILES.map((name) => ({ name, content: readFileSync(join(REAL, name), 'utf8') }))
    const risFiles = RIS_FILES.map((name) => ({ name, content: readFileSync(join(REAL, name), 'utf8') }))
    const cslFiles = CSL_FILES.map((name) => ({ name, content: readFileSync(join(REAL, name), 'utf8') }))
    const { api, items } = await importInto('csl-json', [...files, ...risFiles, ...cslFiles])
    const exported = await api.exportReferences({ format: 'csl-json' })
    const schema = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'references', 'schema', 'csl-data.json'), 'utf8'))
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema)
    const data = JSON.parse(exported.content)
    expect(validate(data) ? [] : validate.errors!.slice(0, 5)).toEqual([])
    expect(data).toHaveLength(items.length)
    if (hasPandoc) {
      const path = join(temp.dir, 'export.json')
      await writeFile(path, exported.content)
      const result = run('pandoc', ['-f', 'csljson', '-t', 'csljson', path])
      expect(result.status, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout)).toHaveLength(items.length)
    }
  })
})

describe.each(CSL_FILES)('the real CSL-JSON file %s', (fileName) => {
  const text = readFileSync(join(REAL, fileName), 'utf8')
  const written = JSON.parse(text) as { id?: unknown; 'citation-key'?: unknown }[]

  it('reads every entry or names it with a reason, keeps every key, and exports CSL-JSON that is valid and that pandoc reads', async () => {
    const file = await readReferences(text, fileName, 'csl-json')
    expect(file.entries.length + file.problems.length).toBe(written.length)
    for (const problem of file.problems) expect(problem).toMatch(/^Entry \d+ .*: /)
    const keyOf = (entry: { id?: unknown; 'citation-key'?: unknown }) => String(entry['citation-key'] ?? entry.id)
    expect(file.entries.map((entry) => entry.key)).toEqual(written.map(keyOf).filter((key) => file.entries.some((entry) => entry.key === key)))

    const { api, items, failed } = await importInto(`csl-${fileName}`, [{ name: fileName, content: text }])
    expect(failed).toHaveLength(file.problems.length)
    expect(items.map((item) => item.citekey).sort()).toEqual(file.entries.map((entry) => entry.key).sort())
    const exported = await api.exportReferences({ format: 'csl-json' })
    const schema = JSON.parse(readFileSync(join(repoRoot, 'tests', 'fixtures', 'references', 'schema', 'csl-data.json'), 'utf8'))
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema)
    const data = JSON.parse(exported.content) as { id: string; title?: string }[]
    expect(validate(data) ? [] : validate.errors!.slice(0, 5)).toEqual([])
    // Each item goes out with the title it came in with.
    const titles = new Map(written.map((entry) => [keyOf(entry), (entry as { title?: string }).title]))
    for (const item of items) expect(data.find((out) => out.title === item.csl.title), item.citekey).toBeDefined()
    for (const item of items) expect(item.csl.title, item.citekey).toBe(titles.get(item.citekey))
    if (hasPandoc) {
      const path = join(temp.dir, `export-${fileName}`)
      await writeFile(path, exported.content)
      const result = run('pandoc', ['-f', 'csljson', '-t', 'csljson', path])
      expect(result.status, result.stderr).toBe(0)
      expect(JSON.parse(result.stdout)).toHaveLength(items.length)
    }
  })
})

describe('real RIS files', () => {
  it.each(RIS_FILES)('%s: every entry is read, with the year of PY/Y1', async (fileName) => {
    const text = readFileSync(join(REAL, fileName), 'utf8')
    const file = await readReferences(text, fileName, 'ris')
    const count = text.split(/\r?\n/).filter((line) => /^TY {2}-/.test(line)).length
    expect(file.entries.length + file.problems.length).toBe(count)
    for (const entry of file.entries) {
      const year = /^(?:PY|Y1) {2}- (\d{4})/m.exec(entry.source)?.[1]
      if (year) expect(entry.csl.issued?.['date-parts']?.[0]?.[0]).toBe(Number(year))
    }
  })
})

describe('LaTeX accents through a round trip', () => {
  it('stores {\\\'\\i} as í, exports it readably, and reads the export back the same in Scriptorium and pandoc', async () => {
    const bib = `@article{martin2019, author = {Mart{\\'\\i}n, Jos{\\'e} and B\\aa\\aa tnes, Ole}, title = {Caf{\\'e} {\\"U}ber Stra{\\ss}e\\hyphen{}Plan}, journal = {Revista}, year = 2019, url = {https://example.org/a%2fb}}\n`
    const { api, items } = await importInto('accents', [{ name: 'accents.bib', content: bib }])
    expect(items[0].csl.author).toEqual([{ family: 'Martín', given: 'José' }, { family: 'Bååtnes', given: 'Ole' }])
    expect(items[0].csl.title).toBe('Café Über Straße-Plan')
    for (const format of ['bibtex', 'biblatex'] as const) {
      const exported = (await api.exportReferences({ format })).content
      const again = await importInto(`accents-${format}`, [{ name: 'again.bib', content: exported }])
      expect(again.failed).toEqual([])
      expect(again.items[0].csl.author).toEqual(items[0].csl.author)
      expect(again.items[0].csl.title).toBe(items[0].csl.title)
      expect(again.items[0].csl.URL).toBe('https://example.org/a%2fb')
      if (hasPandoc) {
        const path = join(temp.dir, `accents-${format}.bib`)
        await writeFile(path, exported)
        const [read] = JSON.parse(run('pandoc', ['-f', 'bibtex', '-t', 'csljson', path]).stdout)
        expect(read.author).toEqual([{ family: 'Martín', given: 'José' }, { family: 'Bååtnes', given: 'Ole' }])
      }
    }
  })
})
