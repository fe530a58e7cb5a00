import type { ArchiveApi, SavedSearch } from '../archiveApi'
import { ArchiveError } from '../archiveError'
import { randomId } from '../randomId'
import { parseSearchQuery, SearchQueryError } from '../search/parseSearchQuery'
import type { OrganizeDependencies } from './collectionOperations'
import type { SavedSearchRecord } from './savedSearchRecord'

const shown = ({ id, name, query, modifiedAt }: SavedSearchRecord): SavedSearch => ({ id, name, query, modifiedAt })
const live = (records: SavedSearchRecord[]) => records.filter((record) => !record.deletedAt)

/** Queries kept under a name in the library's searches.json: run again whenever they are opened. */
export function createSavedSearchOperations({ store, now }: Omit<OrganizeDependencies, 'itemOrThrow'>): Pick<ArchiveApi, 'listSavedSearches' | 'saveSearch' | 'deleteSavedSearch'> {
  return {
    async listSavedSearches() {
      await store.refresh()
      return live(store.savedSearchRecords())
        .sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base', numeric: true }))
        .map(shown)
    },

    async saveSearch({ name, query }) {
      const trimmed = name.trim()
      if (!trimmed) throw new ArchiveError('invalid_argument', 'A saved search needs a name.')
      if (!query.trim()) throw new ArchiveError('invalid_argument', 'A saved search needs a query.')
      try {
        parseSearchQuery(query)
      } catch (error) {
        if (error instanceof SearchQueryError) throw new ArchiveError('invalid_argument', `The query cannot be saved: ${error.message}`)
        throw error
      }
      return store.mutate(async () => {
        const records = store.savedSearchRecords()
        const same = live(records).find((record) => record.name.toLowerCase() === trimmed.toLowerCase())
        const record: SavedSearchRecord = { id: same?.id ?? randomId((id) => records.some((each) => each.id === id)), name: trimmed, query: query.trim(), modifiedAt: now().toISOString() }
        await store.putSavedSearchRecords(same ? records.map((each) => (each.id === same.id ? record : each)) : [...records, record])
        return shown(record)
      })
    },

    async deleteSavedSearch({ id }) {
      return store.mutate(async () => {
        const records = store.savedSearchRecords()
        const record = live(records).find((each) => each.id === id)
        if (!record) throw new ArchiveError('not_found', `There is no saved search with id "${id}".`)
        const stamp = now().toISOString()
        await store.putSavedSearchRecords(records.map((each) => (each.id === id ? { ...each, modifiedAt: stamp, deletedAt: stamp } : each)))
        return { removed: record.name }
      })
    },
  }
}
