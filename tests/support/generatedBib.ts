/** The entry whose title alone holds the word "marmoset", for a search to find. */
export const RARE = 777

/**
 * A .bib of many entries (9 lines each), as a researcher's whole library arrives; unless told
 * otherwise, one more entry is left unterminated at the end, on line 9 × count + 1.
 */
export function generatedBib(count: number, { broken = true }: { broken?: boolean } = {}): string {
  const entries = Array.from({ length: count }, (_, n) =>
    [
      `@article{ref${n},`,
      `  author = {Jansen, Pieter and de Vries, Anna},`,
      `  title = {${n === RARE ? 'The singular marmoset archive' : `Border report number ${n}`}},`,
      `  journal = {Journal of Liaison Studies},`,
      `  year = {${1990 + (n % 30)}},`,
      `  volume = {${1 + (n % 40)}},`,
      `  doi = {10.5555/jls.${n}}`,
      `}`,
    ].join('\n'),
  )
  return `${entries.join('\n\n')}\n${broken ? `\n@article{broken${count},\n  title = {Never closed,\n  year = {2020}\n` : ''}`
}
