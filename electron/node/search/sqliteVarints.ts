/** Reads SQLite varints (7 bits a byte, big-endian, the ninth byte whole) one after another, as FTS5's records hold them. */
export function sqliteVarints(bytes: Uint8Array, start = 0): { next(): number; done(): boolean } {
  let at = start
  return {
    next() {
      let value = 0
      for (let n = 0; n < 9; n++) {
        const byte = bytes[at++]
        if (n === 8) return value * 256 + byte
        value = value * 128 + (byte & 0x7f)
        if (!(byte & 0x80)) return value
      }
      return value
    },
    done: () => at >= bytes.length,
  }
}
