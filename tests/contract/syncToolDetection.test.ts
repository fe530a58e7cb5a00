import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { openArchive } from '../../electron/node/openArchive'
import { resourcesDir, useTempDir } from '../support/tempLibrary'

/**
 * The Sync panel says whether the library folder looks synced, from what each tool leaves on disk:
 * Syncthing's .stfolder in the shared folder (see syncthingOutsideWrites.test.ts for the real one),
 * a Dropbox folder or its .dropbox marker above it, a Nextcloud folder or its client's sync log.
 */
const temp = useTempDir()

async function toolOf(libraryDir: string) {
  const app = openArchive({ libraryDir, resourcesDir })
  await app.addSampleArticle({})
  return (await app.getSyncStatus({})).tool
}

it('names the tool whose marks are on the library folder or above it, and none for a plain folder', async () => {
  expect(await toolOf(join(temp.dir, 'plain', 'library'))).toBeNull()

  const syncthing = join(temp.dir, 'Sync', 'library')
  await mkdir(join(temp.dir, 'Sync', '.stfolder'), { recursive: true })
  expect(await toolOf(syncthing)).toBe('syncthing')

  expect(await toolOf(join(temp.dir, 'Dropbox (Universiteit Leiden)', 'Papers', 'library'))).toBe('dropbox')
  await mkdir(join(temp.dir, 'Work'), { recursive: true })
  await writeFile(join(temp.dir, 'Work', '.dropbox'), '{"tag": "dropbox"}')
  expect(await toolOf(join(temp.dir, 'Work', 'library'))).toBe('dropbox')

  expect(await toolOf(join(temp.dir, 'Nextcloud', 'library'))).toBe('nextcloud')
  await mkdir(join(temp.dir, 'cloud'), { recursive: true })
  await writeFile(join(temp.dir, 'cloud', '.nextcloudsync.log'), '')
  expect(await toolOf(join(temp.dir, 'cloud', 'library'))).toBe('nextcloud')
})
