#!/usr/bin/env node
// The CLI is compiled with the app; "npm install" builds it through the prepare script.
import { existsSync } from 'node:fs'

const entry = new URL('../out/main/cli.js', import.meta.url)
if (!existsSync(entry)) {
  process.stderr.write('Scriptorium is not built yet: run "npm install" or "npm run build" in its folder first.\n')
  process.exit(1)
}
await import(entry.href)
