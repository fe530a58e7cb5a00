// The desktop app's main entry (package.json "main"): the thread pool's size first, then the built main process.
require('./threadPool.cjs')
const { join } = require('node:path')
const { pathToFileURL } = require('node:url')

import(pathToFileURL(join(__dirname, '../out/main/index.js')).href)
