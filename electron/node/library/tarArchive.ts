/**
 * The ustar format (POSIX tar), enough to write and read back a backup of small record files, so
 * that `tar -xzf` restores one by hand on every platform (Windows 10 and later ship tar too).
 * Regular files only; a path goes in the name field, or is split into prefix and name when longer
 * than 100 bytes.
 */

const BLOCK = 512

export function tarEntries(entries: { path: string; bytes: Uint8Array }[], mtime: Date): Buffer {
  const parts: Buffer[] = []
  for (const { path, bytes } of entries) {
    parts.push(header(path, bytes.length, mtime), Buffer.from(bytes), Buffer.alloc((BLOCK - (bytes.length % BLOCK)) % BLOCK))
  }
  parts.push(Buffer.alloc(2 * BLOCK))
  return Buffer.concat(parts)
}

/** The files of a tar archive; throws on a header whose checksum is wrong or that runs past the end. */
export function readTarEntries(archive: Buffer): { path: string; bytes: Buffer }[] {
  const entries: { path: string; bytes: Buffer }[] = []
  for (let offset = 0; offset + BLOCK <= archive.length; ) {
    const block = archive.subarray(offset, offset + BLOCK)
    if (block.every((byte) => byte === 0)) return entries
    if (checksum(block) !== parseInt(field(block, 148, 8), 8)) throw new Error(`the archive is damaged at byte ${offset}`)
    const size = parseInt(field(block, 124, 12), 8)
    const prefix = field(block, 345, 155)
    const name = field(block, 0, 100)
    const start = offset + BLOCK
    if (!(size >= 0) || start + size > archive.length) throw new Error(`the archive is cut short at byte ${start}`)
    if (field(block, 156, 1) === '0' || field(block, 156, 1) === '') entries.push({ path: prefix ? `${prefix}/${name}` : name, bytes: archive.subarray(start, start + size) })
    offset = start + Math.ceil(size / BLOCK) * BLOCK
  }
  throw new Error('the archive has no end')
}

function header(path: string, size: number, mtime: Date): Buffer {
  const block = Buffer.alloc(BLOCK)
  const [prefix, name] = splitPath(path)
  block.write(name, 0, 100, 'utf8')
  block.write('0000644\0', 100, 'ascii')
  block.write('0000000\0', 108, 'ascii')
  block.write('0000000\0', 116, 'ascii')
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii')
  block.write(`${Math.floor(mtime.getTime() / 1000).toString(8).padStart(11, '0')}\0`, 136, 'ascii')
  block.write('        ', 148, 'ascii')
  block.write('0', 156, 'ascii')
  block.write('ustar\0', 257, 'ascii')
  block.write('00', 263, 'ascii')
  block.write(prefix, 345, 155, 'utf8')
  block.write(`${checksum(block).toString(8).padStart(6, '0')}\0 `, 148, 'ascii')
  return block
}

function splitPath(path: string): [string, string] {
  if (Buffer.byteLength(path) <= 100) return ['', path]
  for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
    if (Buffer.byteLength(path.slice(0, cut)) <= 155 && Buffer.byteLength(path.slice(cut + 1)) <= 100) return [path.slice(0, cut), path.slice(cut + 1)]
  }
  throw new Error(`the path ${path.slice(0, 120)} is too long for a tar archive`)
}

/** The sum of the header's bytes, its own checksum field counted as spaces. */
function checksum(block: Buffer): number {
  let sum = 0
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : block[index]
  return sum
}

function field(block: Buffer, start: number, length: number): string {
  const raw = block.subarray(start, start + length)
  const end = raw.indexOf(0)
  return raw.subarray(0, end === -1 ? length : end).toString('utf8').trim()
}
