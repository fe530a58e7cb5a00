import { join } from 'node:path'
import Database from 'better-sqlite3'
import { createSearchSchema, loadSearchRanking } from '../../electron/node/search'
import { makeTempDir } from './tempLibrary'

export type SearchDatabase = {
  /** The search tables' database, in WAL mode as the catalog's, its tables made. */
  db: Database.Database
  dir: string
  /** Another connection to a file of the folder (a reader, a copy): closed by remove() too. */
  open: (name: string, options?: Database.Options) => Database.Database
  remove: () => Promise<void>
}

/** A file-backed search database in a temp folder, as the catalog keeps one: the search tests' setup. */
export async function makeSearchDatabase(name = 'catalog.sqlite'): Promise<SearchDatabase> {
  const temp = await makeTempDir()
  const opened: Database.Database[] = []
  const open = (file: string, options?: Database.Options) => {
    const db = new Database(join(temp.dir, file), options)
    // Ranking as the catalog's connections do (the extension is built by npm install, build/buildSearchRanking.mjs).
    loadSearchRanking(db)
    opened.push(db)
    return db
  }
  const db = open(name)
  db.pragma('journal_mode = WAL')
  createSearchSchema(db)
  return {
    db,
    dir: temp.dir,
    open,
    remove: async () => {
      // Readers first: the writer's close then checkpoints and removes the log.
      for (const each of opened.reverse()) if (each.open) each.close()
      await temp.remove()
    },
  }
}
