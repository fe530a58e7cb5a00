import { defineStore } from 'pinia'
import type { LibraryBackup, LibraryCheck } from '../../../electron/core/archiveApi'
import { archive } from '../client/archive'
import { useLibraryStore } from './library'
import { useNoticeStore } from './notices'

/**
 * The quick check when the app opens a library (leftovers, drift, records that cannot be read),
 * told as notices: damaged records come with the newest backup that holds them readable, the rest
 * with a Repair button that fixes what is safe.
 */
export const useLibraryHealthStore = defineStore('libraryHealth', () => {
  const notices = useNoticeStore()
  const library = useLibraryStore()

  async function checkAtStart(): Promise<void> {
    let check: LibraryCheck
    try {
      check = await archive.checkLibrary({ quick: true })
    } catch {
      return // a library kept in memory, or none yet: nothing to check
    }
    tell(check)
  }

  function tell(check: LibraryCheck): void {
    const left = check.problems.filter((problem) => !problem.repaired)
    const damaged = left.filter((problem) => problem.kind.startsWith('unreadable-'))
    const others = left.filter((problem) => !problem.kind.startsWith('unreadable-'))
    const backup = check.newestGoodBackup
    if (damaged.length && backup) {
      notices.error(
        `${damaged.length === 1 ? 'A record' : `${damaged.length} records`} of this library cannot be read. The backup of ${when(backup)} holds every record readable: restoring it puts back the records as they were then (items added since stay), and keeps the current ones in a backup of their own.`,
        { label: 'Restore backup', run: () => void restore(backup) },
        'library-health-backup',
      )
    }
    if (others.length) {
      notices.error(
        `Scriptorium found ${others.length === 1 ? 'one thing' : `${others.length} things`} to tidy in this library, such as: ${others[0].message} Repair fixes what is safe and moves nothing of yours out of reach.`,
        { label: 'Repair', run: () => void repair() },
        'library-health-repair',
      )
    }
  }

  async function repair(): Promise<void> {
    const check = await notices.attempt(() => archive.checkLibrary({ repair: true }))
    if (!check) return
    await library.load()
    const left = check.problems.filter((problem) => !problem.repaired)
    if (!left.length) notices.success(`Repaired ${check.problems.length === 1 ? 'the problem' : `all ${check.problems.length} problems`}.`, undefined, 'library-health-repair')
    else notices.error(`${left.length === 1 ? 'One problem is' : `${left.length} problems are`} left: ${left[0].message}`)
  }

  async function restore(backup: LibraryBackup): Promise<void> {
    const report = await notices.attempt(() => archive.restoreBackup({ name: backup.name }))
    if (!report) return
    await library.load()
    notices.success(`Restored the backup of ${when(backup)} (${report.files} record${report.files === 1 ? '' : 's'} put back). The records as they were before are kept as the backup ${report.safetyBackup.name}.`, undefined, 'library-health-backup')
  }

  return { checkAtStart, repair, restore }
})

function when(backup: LibraryBackup): string {
  return new Date(backup.createdAt).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })
}
