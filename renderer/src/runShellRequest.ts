import type { ShellRequest } from '../../electron/core/shellRequest'
import { i18n } from './i18n'
import { useCitationStore } from './stores/citations'
import { useLibraryStore } from './stores/library'
import { useNavigationStore } from './stores/navigation'
import { useNoticeStore } from './stores/notices'
import { useSearchStore } from './stores/search'

/**
 * Carries out what the desktop shell asks for: a deep link opens an item, one of its highlights or
 * a search; a file opened with the app is imported as if dropped, and a .csl file becomes a style.
 */
export async function runShellRequest(request: ShellRequest): Promise<void> {
  const navigation = useNavigationStore()
  const search = useSearchStore()
  if (request.kind === 'open-item') {
    // The reader scrolls to a highlight named so, as it does for a search result found in one.
    if (request.highlightId) search.target = { id: request.id, annotationId: request.highlightId }
    navigation.go({ view: 'reader', id: request.id })
  } else if (request.kind === 'open-settings') {
    navigation.go({ view: 'settings' })
  } else if (request.kind === 'search') {
    search.query = request.query
    search.open = true
    if (request.query) await search.run(request.query)
  } else {
    const file = new File([new Uint8Array(request.bytes)], request.name)
    if (/\.csl$/i.test(request.name)) {
      const problem = await useCitationStore().addStyle(file)
      const notices = useNoticeStore()
      if (problem) notices.error(problem)
      else notices.success(i18n.global.t('citationDialogs.citations.addedStyle', { file: request.name }))
    } else {
      await useLibraryStore().importFiles([file])
    }
  }
}
