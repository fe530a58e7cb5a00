// ESLint: typescript-eslint and the Vue plugin, plus the layer rule of DESIGN.md as an import boundary,
// the way VS Code keys each folder to a layer with an allowlist (its `code-layering` rule).
import { defineConfig } from 'eslint/config'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import pluginVue from 'eslint-plugin-vue'
import boundaries from 'eslint-plugin-boundaries'
import globals from 'globals'

/** Packages that only run in Node: never in the core (shared with the renderer) nor in the renderer. */
export const NODE_ONLY_PACKAGES = ['better-sqlite3', 'jsdom', 'lowdb', 'proper-lockfile', 'electron', 'pino', 'pino-roll']

/** Modules of the core that the renderer may run; of every other core module it takes types only. */
export const PURE_CORE_MODULES = [
  'electron/core/archiveError.ts',
  'electron/core/cslItem.ts',
  'electron/core/base64.ts',
  'electron/core/importLimit.ts',
  'electron/core/connectorTokenPurpose.ts',
  'electron/core/escapeHtml.ts',
  'electron/core/references/referenceFormat.ts',
  'electron/core/references/referenceChunks.ts',
  'electron/core/references/addReferencesInChunks.ts',
  'electron/core/capture/archiveSanitizePolicy.ts',
  'electron/core/organize/collectionTree.ts',
  'electron/core/organize/itemsInView.ts',
  'electron/core/pdf/pageSpan.ts',
  'electron/core/annotations/defaultColorLabels.ts',
  'electron/core/inverseItemPatch.ts',
]

const LEGACY_PDFJS = "Read PDFs through extractPdfInWorker: pdf.js's legacy build replaces this process's JSON.stringify with a slow polyfill."

const layer = (type) => ({ element: { type } })
const nodeBuiltins = { module: { origin: 'core' } }
const nodeOnlyPackages = { module: { origin: 'external', source: NODE_ONLY_PACKAGES } }
const anyPackage = { module: { origin: 'external' } }

// Each layer names what it may import; everything else is refused (default: disallow).
// Later policies win over earlier ones, so the refusals of Node come after the broad allowances.
const layerPolicies = [
  { from: layer('core'), allow: { to: [layer('core'), anyPackage] } },
  { from: layer('core'), disallow: { to: [nodeBuiltins, nodeOnlyPackages] }, message: 'electron/core runs everywhere: no Node built-in, no Node-only package.' },
  { from: layer('node'), allow: { to: [layer('core'), layer('node'), anyPackage, nodeBuiltins] } },
  { from: layer('main'), allow: { to: [layer('core'), layer('node'), layer('main'), anyPackage, nodeBuiltins] } },
  { from: layer('cli'), allow: { to: [layer('core'), layer('node'), layer('cli'), anyPackage, nodeBuiltins] } },
  // A pure module runs in the renderer, so what it runs must be pure too (type imports are erased).
  // A file that no `boundaries/files` entry names is an "unknown" file: in the core, one not in PURE_CORE_MODULES.
  { from: { element: { type: 'core' }, file: { categories: 'pure' } }, disallow: { to: { element: { type: 'core' }, file: { isUnknown: true } }, dependency: { kind: 'value' } }, message: 'A pure core module (the renderer runs it) may run only other pure core modules: see PURE_CORE_MODULES.' },
  { from: layer('preload'), allow: { to: [{ module: { origin: 'external', source: 'electron' } }] } },
  { from: layer('preload'), allow: { to: layer('core'), dependency: { kind: 'type' } } },
  { from: layer('renderer'), allow: { to: [layer('renderer'), anyPackage] } },
  // `#transport` is the build's alias for renderer/src/client/ipcTransport.ts or httpTransport.ts.
  { from: layer('renderer'), allow: { dependency: { source: '#transport' } } },
  { from: layer('renderer'), allow: { to: layer('core'), dependency: { kind: 'type' } } },
  // The README as text (Vite's ?raw), which the app shows sections of: read, never run.
  { from: layer('renderer'), allow: { dependency: { source: '../../../README.md?raw' } } },
  { from: layer('renderer'), allow: { to: { element: { type: 'core' }, file: { categories: 'pure' } } } },
  { from: layer('renderer'), disallow: { to: [nodeBuiltins, nodeOnlyPackages] }, message: 'The renderer runs in a browser: no Node built-in, no Node-only package.' },
]

export default defineConfig(
  { ignores: ['out/**', 'node_modules/**', 'resources/**', 'docs/**', 'test-results/**', 'playwright-report/**', '.tmp/**', 'renderer/public/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  pluginVue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // Template layout is left to the author: these six alone gave ~750 findings over every .vue file.
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/attributes-order': 'off',
      'vue/html-quotes': 'off',
    },
  },
  {
    // Both render sanitized HTML: notes through DOMPurify, articles sanitized when saved (and under a CSP).
    files: ['renderer/src/components/MarkdownText.vue', 'renderer/src/components/ReaderView.vue'],
    rules: { 'vue/no-v-html': 'off' },
  },
  {
    // Playwright's fixture signature needs the empty pattern: `async ({}, use) => …`.
    files: ['tests/browser/**', 'tests/app/**'],
    rules: { 'no-empty-pattern': 'off' },
  },
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // The text code matches control characters on purpose: NUL as a separator, C0 controls to strip.
      'no-control-regex': 'off',
      // An `_`-prefixed name marks a parameter kept for its position (e.g. an unused `event`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['renderer/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // pdf.js's legacy build (the one Node 20 runs) installs core-js polyfills over the global JSON.stringify
    // and JSON.parse: a process that loads it writes every record several times slower. Only its worker may.
    files: ['electron/**/*.ts', 'bench/**/*.ts'],
    ignores: ['electron/node/pdf/extractPdfWorker.ts', 'electron/node/pdf/extractPdfText.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/extractPdfText', 'pdfjs-dist/legacy/*'], message: LEGACY_PDFJS }] }],
      // import() too: the worker loads pdf.js that way.
      'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/pdfjs-dist\\/legacy|extractPdfText/]', message: LEGACY_PDFJS }],
    },
  },

  {
    // The command's launcher is CommonJS on purpose (bin/threadPool.cjs says why).
    files: ['bin/**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser extension: plain modules in the browser, with the WebExtension API.
    files: ['extension/**/*.js'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  {
    files: ['electron/**/*.ts', 'renderer/src/**/*.{ts,vue}'],
    plugins: { boundaries },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.vue', '.js', '.mjs', '.json'] } },
      'boundaries/elements': [
        { type: 'core', pattern: 'electron/core', partialMatch: false },
        { type: 'node', pattern: 'electron/node', partialMatch: false },
        { type: 'main', pattern: 'electron/main', partialMatch: false },
        { type: 'cli', pattern: 'electron/cli', partialMatch: false },
        { type: 'preload', pattern: 'electron/preload', partialMatch: false },
        { type: 'renderer', pattern: 'renderer/src', partialMatch: false },
      ],
      'boundaries/files': [{ category: 'pure', pattern: PURE_CORE_MODULES }],
    },
    rules: {
      // checkAllOrigins: packages and Node built-ins are held to the policies too, not only our files;
      // checkInternals: imports inside one layer are checked too (a pure core module importing the rest);
      // checkUnknownLocals: so are our files outside every layer (tests, bench, build, resources).
      'boundaries/dependencies': ['error', { default: 'disallow', checkAllOrigins: true, checkInternals: true, checkUnknownLocals: true, policies: layerPolicies }],
    },
  },
  {
    // The core is shared with the renderer and runs in Node: no DOM and no Node globals.
    // (A `document` slipped into the core once; tsconfig.core.json's `types: []` covers Node's types.)
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error',
        ...['document', 'window', 'navigator', 'localStorage', 'sessionStorage'].map((name) => ({ name, message: 'electron/core runs in Node too: no DOM global.' })),
        ...['process', 'Buffer', 'require', '__dirname', '__filename', 'global', 'setImmediate'].map((name) => ({ name, message: 'electron/core runs in the browser too: no Node global.' })),
      ],
    },
  },
)
