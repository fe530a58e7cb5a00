import type { ExportedFile } from '../../electron/core/archiveApi'

/** Hands an exported file to the browser (or Electron) as a download. */
export function downloadFile(file: ExportedFile): void {
  const link = document.createElement('a')
  link.href = URL.createObjectURL(new Blob([file.content], { type: file.mediaType }))
  link.download = file.fileName
  link.click()
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000)
}
