import { stat } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { SyncStatus } from '../../core/archiveApi'

/** Which folder-sync tool the library seems to live in: Syncthing's .stfolder marker, or a Dropbox or Nextcloud folder above it. */
export async function detectSyncTool(location: string): Promise<SyncStatus['tool']> {
  for (let folder = location, depth = 0; depth < 12; depth++) {
    if (await exists(join(folder, '.stfolder'))) return 'syncthing'
    if ((await exists(join(folder, '.dropbox'))) || /^Dropbox( \(.+\))?$/.test(basename(folder))) return 'dropbox'
    if ((await exists(join(folder, '.nextcloudsync.log'))) || (await exists(join(folder, '.owncloudsync.log'))) || /^Nextcloud$/i.test(basename(folder))) return 'nextcloud'
    const parent = dirname(folder)
    if (parent === folder) break
    folder = parent
  }
  return null
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  )
}
