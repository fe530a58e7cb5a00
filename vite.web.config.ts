import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { contentSecurityPolicyPlugin } from './build/contentSecurityPolicyPlugin'
import { defineConfig } from 'vite'
import { vueI18nDefine } from './build/vueI18nDefine'

// The same renderer for a browser, served by "scriptorium serve": it talks to the HTTP bridge.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [vue(), contentSecurityPolicyPlugin()],
  define: vueI18nDefine,
  resolve: { alias: { '#transport': resolve('renderer/src/client/httpTransport.ts') } },
  build: { outDir: resolve('out/web'), emptyOutDir: true, target: 'chrome120' },
})
