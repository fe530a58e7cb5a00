/**
 * The token of an `Authorization: Bearer …` header, or undefined. The scheme's name is
 * case-insensitive (RFC 7235 §2.1): `bearer` and `BEARER` are the same scheme.
 */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer +([^\s]+) *$/i.exec(header ?? '')?.[1]
}
