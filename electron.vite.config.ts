import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'
import { vueI18nDefine } from './build/vueI18nDefine'
import { resolve } from 'node:path'
import { contentSecurityPolicyPlugin } from './build/contentSecurityPolicyPlugin'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Bundled rather than loaded from node_modules at run time: Node's ESM loader scans a CommonJS
      // package's source for its exports (about 85 ms of a cold CLI start for the stemmers alone),
      // and many small files cost a lookup each. Native, worker-spawning and file-reading packages stay
      // external, and so does zod: it sets its English messages as a side effect, which bundling drops.
      // Playwright, a devDependency, drives Chromium for the PDF bench's first-page row and is loaded from node_modules.
      externalizeDeps: { exclude: ['snowball-stemmers', 'yaml', 'franc-min', 'iso-639-3', 'approx-string-match', 'proper-lockfile'], include: ['@playwright/test'] },
      // The CLI, the bench and the page extractor's worker share the main bundle's Node target and its externalized dependencies.
      rolldownOptions: {
        input: {
          index: resolve('electron/main/index.ts'),
          cli: resolve('electron/cli/index.ts'),
          // The archive service's thread (see electron/node/archiveWorkerClient.ts).
          archiveWorker: resolve('electron/node/archiveWorker.ts'),
          bench: resolve('bench/runBench.ts'),
          // A search cold start's child, found beside bench.js.
          benchSearchCold: resolve('bench/searchColdChild.ts'),
          // Its own file, which extractArticleInWorker finds beside the entries and runs in a worker thread.
          extractArticleWorker: resolve('electron/node/extractArticleWorker.ts'),
          // The same for PDFs (see electron/node/pdf/extractPdfInWorker.ts).
          extractPdfWorker: resolve('electron/node/pdf/extractPdfWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload must be CommonJS.
      rolldownOptions: {
        input: { index: resolve('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [vue(), contentSecurityPolicyPlugin()],
    define: vueI18nDefine,
    resolve: { alias: { '#transport': resolve('renderer/src/client/ipcTransport.ts') } },
    build: {
      outDir: 'out/renderer',
      rolldownOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
})
