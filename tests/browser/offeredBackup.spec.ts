import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { expect, repoRoot, screenshots, serveLibrary, test } from './servedApp'

const cli = (library: string, ...args: string[]) => promisify(execFile)(process.execPath, ['bin/scriptorium.js', '--library', library, ...args], { cwd: repoRoot })

test('a record damaged while the app was closed: the app names it and offers the newest good backup, which restores it', async ({ page }) => {
  const library = await mkdtemp(join(tmpdir(), 'scriptorium-browser-'))
  try {
    await cli(library, 'add', join(repoRoot, 'resources', 'samples', 'korea-liaison-office-2018.txt'))
    const backup = JSON.parse((await cli(library, 'backup', '--json')).stdout) as { name: string }
    const [id] = await readdir(join(library, 'items'))
    const record = join(library, 'items', id, 'item.json')
    const good = await readFile(record, 'utf8')
    // Cut short, as a crash of a tool without fsync or a bad sync can leave it.
    await writeFile(record, good.slice(0, 120))

    const served = await serveLibrary(library)
    try {
      await page.goto(served.url)
      const offer = page.getByRole('alert').filter({ hasText: 'A record of this library cannot be read.' })
      await expect(offer).toContainText('holds every record readable: restoring it puts back the records as they were then (items added since stay), and keeps the current ones in a backup of their own.')
      await expect(page.getByRole('alert').filter({ hasText: `The record of item ${id} (items/${id}/item.json) cannot be read` })).toBeVisible()
      await expect(page.getByText('Noord- en Zuid-Korea hebben vrijdag')).toHaveCount(0)
      await page.locator('.notices').screenshot({ path: join(screenshots, 'offered-backup.png') })

      await offer.getByRole('button', { name: 'Restore backup' }).click()
      await expect(page.getByRole('status').filter({ hasText: /^Restored the backup of .+ \(1 record put back\)\. The records as they were before are kept as the backup \S+-before-restore\./ })).toBeVisible()
      await expect(page.getByText('Noord- en Zuid-Korea hebben vrijdag een verbindingsbureau geopend aan de grens')).toBeVisible()
      // The same item as backed up, stamped as a new change of this device, so a sync merge on another
      // machine takes it over an older copy (see restampRestoredRecord).
      const restored = JSON.parse(await readFile(record, 'utf8')) as { item: unknown; revision: number }
      const before = JSON.parse(good) as { item: unknown; revision: number }
      expect(restored.item).toEqual(before.item)
      expect(restored.revision).toBeGreaterThan(before.revision)
      await expect(page.getByRole('alert')).toHaveCount(0) // "cannot be read" no longer holds
      await page.screenshot({ path: join(screenshots, 'offered-backup-restored.png') })
      const backups = JSON.parse((await cli(library, 'backups', '--json')).stdout) as { name: string; reason: string }[]
      expect(backups.map((one) => one.reason)).toContain('before-restore')
      expect(backups.map((one) => one.name)).toContain(backup.name)
    } finally {
      await served.stop()
    }
  } finally {
    await rm(library, { recursive: true, force: true })
  }
})
