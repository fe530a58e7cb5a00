import { fileURLToPath } from 'node:url'
import { writerThatToleratesClosedPipe } from './quietPipe'
import { runCli } from './runCli'

// This entry is built to out/main/cli.js, two folders below the project root.
const resourcesDir = fileURLToPath(new URL('../../resources/', import.meta.url))
const webRoot = fileURLToPath(new URL('../web/', import.meta.url))

const exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: writerThatToleratesClosedPipe(process.stdout),
  stderr: writerThatToleratesClosedPipe(process.stderr),
  resourcesDir,
  webRoot,
  untilStopped: () =>
    new Promise((resolve) => {
      process.once('SIGINT', () => resolve())
      process.once('SIGTERM', () => resolve())
    }),
})
process.exitCode = exitCode
