// Crockford-like: no 0/O or 1/I/L to misread when an id is typed into the CLI.
const ID_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** A short random id, unique where `taken` says so: 8 characters give 31^8 ≈ 8.5e11 possibilities. */
export function randomId(taken: (id: string) => boolean): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(8))
    const id = Array.from(bytes, (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('')
    if (!taken(id)) return id
  }
}
