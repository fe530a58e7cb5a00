import type { ArchiveMethod, ArgOf, Collection, ResultOf, SavedSearch } from '../core/archiveApi'
import { ArchiveError } from '../core/archiveError'
import { collectionPath, findCollection } from '../core/organize/collectionTree'

export const ORGANIZE_USAGE = `  collection create NAME [--parent NAME]
  collection add NAME ID...        put items in a collection (they stay in any others)
  collection remove NAME ID...     take items out of a collection (they stay in the library)
  collection rename OLD NEW
  collection move NAME [--parent NAME]
                       nest a collection in another, or (without --parent) put it at the top
  collection delete NAME           delete a collection and its subcollections, never their items
  collection list                  the collections, nested, with how many items each holds
  list --collection NAME           the items of a collection and of its subcollections
  tags                             every tag, with how many items carry it
  tag rename OLD NEW               rename a tag on every item; into an existing tag, merge them
  edit ID... [--add-tag T]... [--remove-tag T]...
                       add or remove tags on several items at once
  search save NAME QUERY           keep a query under a name
  search delete NAME
  searches                         the saved searches
  list --saved NAME                the items a saved search finds now
  A collection is named by its name, or by its path ("Thesis/Chapter 2") where names repeat.`

export const ORGANIZE_COMMAND_OPTIONS = {
  collection: ['parent'],
  tags: [],
  tag: [],
  searches: [],
} as const

export interface OrganizeContext {
  args: string[]
  options: { parent?: string; json?: boolean }
  call: <M extends ArchiveMethod>(method: M, arg: ArgOf<M>) => Promise<ResultOf<M>>
  stdout: (text: string) => void
  usageError: (message: string) => Error
  refused: (message: string) => Error
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** The collection a user named, looked up as the archive would; a refusal in its words otherwise. */
export async function collectionNamed(name: string, { call, refused }: Pick<OrganizeContext, 'call' | 'refused'>): Promise<{ collection: Collection; all: Collection[] }> {
  const all = await call('listCollections', {})
  try {
    return { collection: findCollection(all, name) as Collection, all }
  } catch (error) {
    if (error instanceof ArchiveError) throw refused(error.message)
    throw error
  }
}

/** The saved search a user named, by its name (case does not matter). */
export async function savedSearchNamed(name: string, { call, refused }: Pick<OrganizeContext, 'call' | 'refused'>): Promise<SavedSearch> {
  const found = (await call('listSavedSearches', {})).find((search) => search.name.toLowerCase() === name.trim().toLowerCase())
  if (!found) throw refused(`There is no saved search named "${name.trim()}"; "scriptorium searches" lists them.`)
  return found
}

/** collection …, tags, tag rename, searches: answers the exit code. */
export async function runOrganizeCommand(command: keyof typeof ORGANIZE_COMMAND_OPTIONS, context: OrganizeContext): Promise<number> {
  const { args, options, call, stdout, usageError } = context
  const print = (value: unknown, human: string) => stdout(options.json ? JSON.stringify(value, null, 2) : human)
  if (command !== 'collection' && options.parent !== undefined) throw usageError(`The option --parent does not apply to "${command}".`)
  switch (command) {
    case 'tags': {
      if (args.length) throw usageError('"tags" takes no arguments.')
      const tags = await call('listTags', {})
      const width = Math.max(0, ...tags.map((tag) => tag.tag.length))
      print(tags, tags.length ? tags.map((tag) => `${tag.tag.padEnd(width)}  ${tag.count}`).join('\n') : 'No item has a tag yet.')
      return 0
    }
    case 'tag': {
      if (args[0] !== 'rename' || args.length !== 3) throw usageError('"tag" takes: tag rename OLD NEW.')
      const result = await call('renameTag', { from: args[1], to: args[2] })
      print(result, `Renamed the tag "${args[1]}" to "${args[2]}" on ${plural(result.changed, 'item')}.`)
      return 0
    }
    case 'searches': {
      if (args.length) throw usageError('"searches" takes no arguments.')
      const searches = await call('listSavedSearches', {})
      const width = Math.max(0, ...searches.map((search) => search.name.length))
      print(searches, searches.length ? searches.map((search) => `${search.name.padEnd(width)}  ${search.query}`).join('\n') : 'There are no saved searches. Save one with: scriptorium search save NAME QUERY')
      return 0
    }
    case 'collection':
      return runCollectionCommand(context, print)
  }
}

async function runCollectionCommand({ args, options, call, usageError, refused }: OrganizeContext, print: (value: unknown, human: string) => void): Promise<number> {
  const [action, ...rest] = args
  const needs = (count: number, shape: string) => {
    if (count === Infinity ? rest.length < 2 : rest.length !== count) throw usageError(`"collection ${action}" takes ${shape}.`)
  }
  if (options.parent !== undefined && action !== 'create' && action !== 'move') throw usageError(`The option --parent does not apply to "collection ${action}".`)
  const parentId = async () => (options.parent === undefined ? null : (await collectionNamed(options.parent, { call, refused })).collection.id)
  switch (action) {
    case 'list': {
      needs(0, 'no further arguments')
      const all = await call('listCollections', {})
      const depth = (collection: Collection) => collectionPath(all, collection).split('/').length - 1
      print(all, all.length ? all.map((collection) => `${'  '.repeat(depth(collection))}${collection.name} (${collection.itemCount})`).join('\n') : 'There are no collections. Make one with: scriptorium collection create NAME')
      return 0
    }
    case 'create': {
      needs(1, 'a NAME, and --parent NAME to nest it')
      const created = await call('createCollection', { name: rest[0], parentId: await parentId() })
      print(created, `Created the collection "${collectionPath(await call('listCollections', {}), created)}".`)
      return 0
    }
    case 'add':
    case 'remove': {
      needs(Infinity, 'a collection NAME and one or more item IDs')
      const { collection } = await collectionNamed(rest[0], { call, refused })
      const result = await call(action === 'add' ? 'addToCollection' : 'removeFromCollection', { id: collection.id, itemIds: rest.slice(1) })
      print(result, action === 'add' ? `Added ${plural(result.changed, 'item')} to "${collection.name}".` : `Took ${plural(result.changed, 'item')} out of "${collection.name}"; they stay in the library.`)
      return 0
    }
    case 'rename': {
      needs(2, 'the OLD name and the NEW one')
      const { collection } = await collectionNamed(rest[0], { call, refused })
      const renamed = await call('updateCollection', { id: collection.id, name: rest[1] })
      print(renamed, `Renamed "${collection.name}" to "${renamed.name}".`)
      return 0
    }
    case 'move': {
      needs(1, 'the NAME of the collection to move, and --parent NAME (none: to the top)')
      const { collection } = await collectionNamed(rest[0], { call, refused })
      const moved = await call('updateCollection', { id: collection.id, parentId: await parentId() })
      print(moved, `Moved "${collection.name}" to "${collectionPath(await call('listCollections', {}), moved)}".`)
      return 0
    }
    case 'delete': {
      needs(1, 'the NAME of the collection to delete')
      const { collection } = await collectionNamed(rest[0], { call, refused })
      const result = await call('deleteCollection', { id: collection.id })
      const nested = result.removed - 1
      print(result, `Deleted the collection "${collection.name}"${nested ? ` and its ${plural(nested, 'subcollection')}` : ''}; the items stay in the library.`)
      return 0
    }
    default:
      throw usageError(action === undefined ? '"collection" needs an action: create, add, remove, rename, move, delete or list.' : `"collection ${action}" is not an action; use create, add, remove, rename, move, delete or list.`)
  }
}
