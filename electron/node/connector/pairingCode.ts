import { randomInt } from 'node:crypto'

// No 0/O, 1/I/L: the user reads the code off the extension and types it.
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/** A code of six characters such as "K7Q-4MX" (31^6 ≈ 890 million), shown by the extension and typed to approve it. */
export function makePairingCode(): string {
  const characters = Array.from({ length: 6 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)])
  return `${characters.slice(0, 3).join('')}-${characters.slice(3).join('')}`
}

/** What the user typed, as the code is stored: case, spaces and the dash do not matter. */
export function normalizePairingCode(typed: string): string {
  const plain = typed.toUpperCase().replace(/[\s-]/g, '')
  return plain.length === 6 ? `${plain.slice(0, 3)}-${plain.slice(3)}` : plain
}
