// The worker is one of the app's own files (a URL under 'self'), so the CSP's script-src 'self' admits it.
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import 'pdfjs-dist/web/pdf_viewer.css'

type PdfJs = typeof import('pdfjs-dist')
type PdfViewerModule = typeof import('pdfjs-dist/web/pdf_viewer.mjs')

let loading: Promise<{ pdfjs: PdfJs; viewer: PdfViewerModule; worker: InstanceType<PdfJs['PDFWorker']> }> | undefined

/**
 * pdf.js, its viewer components and its worker, loaded once when the first PDF is opened. The viewer module
 * reads pdf.js from globalThis.pdfjsLib when it is evaluated, so it is imported after that is set.
 */
export function loadPdfJs(): Promise<{ pdfjs: PdfJs; viewer: PdfViewerModule; worker: InstanceType<PdfJs['PDFWorker']> }> {
  loading ??= (async () => {
    const pdfjs = await import('pdfjs-dist')
    pdfjs.GlobalWorkerOptions.workerSrc = workerUrl
    ;(globalThis as { pdfjsLib?: PdfJs }).pdfjsLib = pdfjs
    const viewer = await import('pdfjs-dist/web/pdf_viewer.mjs')
    // One worker for the session: starting one (and compiling its megabyte of script) for every PDF
    // opened costs hundreds of milliseconds. A document destroyed leaves a worker it was given running.
    const worker = new pdfjs.PDFWorker()
    return { pdfjs, viewer, worker }
  })()
  return loading
}
