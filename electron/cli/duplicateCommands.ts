import type { ArchiveMethod, ArgOf, Item, ResultOf } from '../core/archiveApi'
import { formatAuthor, formatPartialDate } from '../core/cslItem'

export const DUPLICATE_USAGE = `  duplicates                       likely duplicate pairs: the same DOI, address, text,
                                   or title, year and first author
  merge KEEP OTHER                 keep KEEP with OTHER's highlights, notes, tags, collections
                                   and the fields KEEP lacks; OTHER goes to the trash`

export const DUPLICATE_COMMAND_OPTIONS = {
  duplicates: [],
  merge: [],
} as const

export interface DuplicateContext {
  args: string[]
  json: boolean
  call: <M extends ArchiveMethod>(method: M, arg: ArgOf<M>) => Promise<ResultOf<M>>
  stdout: (text: string) => void
  usageError: (message: string) => Error
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

function line(item: Item): string {
  const author = item.csl.author?.[0] ? formatAuthor(item.csl.author[0]) : '—'
  return `${item.id}  ${item.citekey}  ${formatPartialDate(item.csl.issued) || '—'}  ${author}  “${item.csl.title ?? 'untitled'}”`
}

/** duplicates, merge: answers the exit code. */
export async function runDuplicateCommand(command: keyof typeof DUPLICATE_COMMAND_OPTIONS, { args, json, call, stdout, usageError }: DuplicateContext): Promise<number> {
  if (command === 'duplicates') {
    if (args.length) throw usageError('"duplicates" takes no arguments.')
    const pairs = await call('listDuplicates', {})
    if (json) stdout(JSON.stringify(pairs, null, 2))
    else if (!pairs.length) stdout('No likely duplicates.')
    else
      stdout(
        [
          ...pairs.map((pair) => `${pair.reason}:\n  keep   ${line(pair.keep)}\n  other  ${line(pair.other)}\n  merge with: scriptorium merge ${pair.keep.id} ${pair.other.id}`),
          `${plural(pairs.length, 'likely pair')}.`,
        ].join('\n'),
      )
    return 0
  }
  if (args.length !== 2) throw usageError('"merge" takes two item IDs: the one to keep, then the one to merge into it.')
  const [keep, other] = args
  const merged = await call('mergeItems', { keep, other })
  const { added } = merged
  const parts = [
    added.annotationIds.length ? plural(added.annotationIds.length, 'highlight or note') : '',
    added.tags.length ? plural(added.tags.length, 'tag') : '',
    added.collections.length ? plural(added.collections.length, 'collection') : '',
    added.fields.length ? `${plural(added.fields.length, 'field')} (${added.fields.join(', ')})` : '',
  ].filter(Boolean)
  stdout(
    json
      ? JSON.stringify(merged, null, 2)
      : `Merged ${merged.trashed.id} into ${merged.kept.id} “${merged.kept.csl.title ?? 'untitled'}”: ${parts.length ? `added ${parts.join(', ')}` : 'nothing to add'}. ${merged.trashed.id} is in the trash; undo with: scriptorium restore ${merged.trashed.id}`,
  )
  return 0
}
