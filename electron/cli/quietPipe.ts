/**
 * Lets the reader of our output stop reading: `scriptorium list | head -1` closes the pipe after one
 * line, and the next write fails with EPIPE. That is not a failure of the command, so nothing is
 * printed and the command finishes what it was doing (a write to the library is never cut short);
 * later output to that stream is dropped.
 */
export function writerThatToleratesClosedPipe(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') closed = true
    else throw error
  })
  return (text) => {
    if (!closed) stream.write(`${text}\n`)
  }
}
