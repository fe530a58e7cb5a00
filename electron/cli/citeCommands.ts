import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ArchiveMethod, ArgOf, CitationFormat, ReferenceFormat, ResultOf } from '../core/archiveApi'
import { CITATION_FORMATS } from '../core/citations/formatQuoteCitation'
import { EXPORT_FORMATS } from '../core/citations/exportReferences'
import { locateAgainstLibrary } from '../node/insideLibrary'
import { writeFileDurably } from '../node/library/writeFileDurably'
import { fileFailure } from '../node/fileFailure'

export const CITE_USAGE = `  cite ID [--highlight HID] [--style S] [--locale L] [--format text|html|markdown|pandoc|latex]
                       a highlight quoted with its citation and reference; without --highlight, the reference
  export [ID...] [--tag T] --format bibtex|biblatex|ris|csl-json|bibliography|bibliography-html
         [--style S] [--locale L] [--out FILE]
                       references of the given items, the items with a tag, or the whole library
  styles               list the citation styles and locales
  add-style FILE.csl   add a CSL style of your own
  remove-style ID      remove a style you added
  defaults [--style S] [--locale L]
                       show or change the style and locale used when none is named
  auto-export [FILE --format bibtex|biblatex|csl-json]
                       keep FILE current on every change to the library; without FILE, list them
  stop-auto-export FILE
                       stop keeping FILE current`

export const CITE_COMMAND_OPTIONS = {
  cite: ['highlight', 'style', 'locale', 'format'],
  export: ['tag', 'format', 'style', 'locale', 'out'],
  styles: [],
  'add-style': [],
  'remove-style': [],
  defaults: ['style', 'locale'],
  'auto-export': ['format'],
  'stop-auto-export': [],
} as const

export interface CiteCommandContext {
  command: keyof typeof CITE_COMMAND_OPTIONS
  args: string[]
  options: { highlight?: string; style?: string; locale?: string; format?: string; tag?: string[]; out?: string; json?: boolean }
  /** The library folder, which `export --out` must never write into. */
  libraryDir: string
  call: <M extends ArchiveMethod>(method: M, arg: ArgOf<M>) => Promise<ResultOf<M>>
  stdout: (text: string) => void
  stderr: (text: string) => void
  usageError: (message: string) => Error
  refused: (message: string) => Error
}

/** The citation commands: cite, export, styles and auto-export. Answers the exit code. */
export async function runCiteCommand({ command, args, options, libraryDir, call, stdout, stderr, usageError, refused }: CiteCommandContext): Promise<number> {
  const print = (value: unknown, human: string) => stdout(options.json ? JSON.stringify(value, null, 2) : human)
  switch (command) {
    case 'cite': {
      if (args.length !== 1) throw usageError('"cite" takes exactly one item ID.')
      const format = (options.format ?? 'text') as CitationFormat
      if (!(CITATION_FORMATS as readonly string[]).includes(format)) throw usageError(`--format must be one of ${CITATION_FORMATS.join(', ')}, not "${options.format}".`)
      const citation = await call('cite', { id: args[0], highlightId: options.highlight, style: options.style, locale: options.locale })
      print(citation, citation[format])
      return 0
    }
    case 'export': {
      if (!options.format) throw usageError(`"export" needs --format, one of ${EXPORT_FORMATS.join(', ')}.`)
      if (!(EXPORT_FORMATS as readonly string[]).includes(options.format)) throw usageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}, not "${options.format}".`)
      if ((options.tag?.length ?? 0) > 1) throw usageError('"export" takes one --tag.')
      if (args.length && options.tag) throw usageError('"export" takes item IDs or --tag, not both.')
      // Checked before anything is read: an export must never replace the library's own files.
      const out = options.out ? await locateAgainstLibrary(options.out, libraryDir) : undefined
      if (out?.insideLibrary) throw refused(`${out.path} is inside the library folder; export writes outside it, so it can never replace the library's own files.`)
      const file = await call('exportReferences', {
        format: options.format as ReferenceFormat,
        ...(args.length ? { ids: args } : {}),
        ...(options.tag ? { tag: options.tag[0] } : {}),
        style: options.style,
        locale: options.locale,
      })
      // Warnings go to stderr, so a redirected .bib holds only the references.
      for (const warning of file.warnings ?? []) stderr(warning)
      if (!out) {
        stdout(file.content.trimEnd())
        return 0
      }
      try {
        await writeFileDurably(out.path, file.content)
      } catch (error) {
        throw refused(`Could not write ${options.out}: ${fileFailure(error, 'write')}.`)
      }
      return 0
    }
    case 'styles': {
      if (args.length) throw usageError('"styles" takes no arguments.')
      const { styles, locales } = await call('listCitationStyles', {})
      const { citationStyle, citationLocale } = await call('getSettings', {})
      const width = Math.max(...styles.map((style) => style.id.length))
      const lines = styles.map((style) => `${style.id === citationStyle ? '*' : ' '} ${style.id.padEnd(width)}  ${style.title}${style.custom ? '  (yours)' : ''}`)
      print({ styles, locales, default: { style: citationStyle, locale: citationLocale } }, [...lines, '', `Locales: ${locales.map((tag) => (tag === citationLocale ? `*${tag}` : tag)).join(' ')}`, '* the default'].join('\n'))
      return 0
    }
    case 'add-style': {
      if (args.length !== 1) throw usageError('"add-style" takes one .csl file.')
      let content: string
      try {
        content = await readFile(args[0], 'utf8')
      } catch (error) {
        throw refused(`Could not read ${args[0]}: ${fileFailure(error, 'read')}.`)
      }
      const style = await call('addCitationStyle', { fileName: args[0], content })
      print(style, `Added the style "${style.title}" as ${style.id}. Use it with --style ${style.id}.`)
      return 0
    }
    case 'remove-style': {
      if (args.length !== 1) throw usageError('"remove-style" takes one style ID.')
      const result = await call('removeCitationStyle', { id: args[0] })
      print(result, `Removed the style ${result.removed}.`)
      return 0
    }
    case 'defaults': {
      if (args.length) throw usageError('"defaults" takes no arguments.')
      const settings =
        options.style !== undefined || options.locale !== undefined
          ? await call('updateSettings', { citationStyle: options.style, citationLocale: options.locale })
          : await call('getSettings', {})
      print({ style: settings.citationStyle, locale: settings.citationLocale }, `Citations use the style ${settings.citationStyle} in ${settings.citationLocale}.`)
      return 0
    }
    case 'auto-export': {
      if (!args.length) {
        if (options.format) throw usageError('"auto-export --format" needs the FILE to keep current.')
        const targets = await call('listAutoExports', {})
        print(targets, targets.length ? targets.map((target) => `${target.format.padEnd(9)} ${target.path}`).join('\n') : 'Nothing is auto-exported.')
        return 0
      }
      if (args.length !== 1) throw usageError('"auto-export" takes one file.')
      const format = options.format ?? (args[0].toLowerCase().endsWith('.json') ? 'csl-json' : 'bibtex')
      if (!['bibtex', 'biblatex', 'csl-json'].includes(format)) throw usageError(`--format must be bibtex, biblatex or csl-json, not "${format}".`)
      const path = resolve(args[0])
      const targets = await call('addAutoExport', { path, format: format as 'bibtex' | 'biblatex' | 'csl-json' })
      const target = targets.find((entry) => entry.path === path)
      print(targets, `${path} now holds the library's ${target?.itemCount ?? 0} reference${target?.itemCount === 1 ? '' : 's'} as ${format}, and is rewritten on every change.`)
      return 0
    }
    case 'stop-auto-export': {
      if (args.length !== 1) throw usageError('"stop-auto-export" takes one file.')
      const targets = await call('removeAutoExport', { path: resolve(args[0]) })
      print(targets, `${resolve(args[0])} is no longer kept current; the file stays as it is.`)
      return 0
    }
  }
}
