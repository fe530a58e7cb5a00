import { defineStore } from 'pinia'
import type { LibraryBackup, LibraryCheck } from '../../../electron/core/archiveApi'
import { archive } from '../client/archive'
import { useLibraryStore } from './library'
import { formatDate, formatNumber, i18n } from '../i18n'
import { archiveSentence } from '../i18n/archiveSentence'
import { useNoticeStore } from './notices'

const { t } = i18n.global

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
        t('app.health.damaged', { count: formatNumber(damaged.length), when: when(backup) }, damaged.length),
        { label: t('app.health.restoreBackup'), run: () => void restore(backup) },
        'library-health-backup',
      )
    }
    if (others.length) {
      notices.error(
        t('app.health.tidy', { count: formatNumber(others.length), first: archiveSentence(others[0].message) }, others.length),
        { label: t('app.health.repair'), run: () => void repair() },
        'library-health-repair',
      )
    }
  }

  async function repair(): Promise<void> {
    const check = await notices.attempt(() => archive.checkLibrary({ repair: true }))
    if (!check) return
    await library.load()
    const left = check.problems.filter((problem) => !problem.repaired)
    if (!left.length) notices.success(t('app.health.repaired', { count: formatNumber(check.problems.length) }, check.problems.length), undefined, 'library-health-repair')
    else notices.error(t('app.health.left', { count: formatNumber(left.length), first: archiveSentence(left[0].message) }, left.length))
  }

  async function restore(backup: LibraryBackup): Promise<void> {
    const report = await notices.attempt(() => archive.restoreBackup({ name: backup.name }))
    if (!report) return
    await library.load()
    notices.success(t('app.health.restored', { when: when(backup), count: formatNumber(report.files), safety: report.safetyBackup.name }, report.files), undefined, 'library-health-backup')
  }

  return { checkAtStart, repair, restore }
})

function when(backup: LibraryBackup): string {
  return formatDate(backup.createdAt, { dateStyle: 'medium', timeStyle: 'short' })

}
