#!/usr/bin/env node
// CommonJS (see bin/package.json), so that threadPool.cjs runs before the pool starts.
require('./threadPool.cjs')
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')

// The CLI is compiled with the app; "npm install" builds it through the prepare script.
const entry = join(__dirname, '../out/main/cli.js')
if (!existsSync(entry)) {
  process.stderr.write('Scriptorium is not built yet: run "npm install" or "npm run build" in its folder first.\n')
  process.exit(1)
}
import(pathToFileURL(entry).href)
