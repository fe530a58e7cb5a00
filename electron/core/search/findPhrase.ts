/** Indexes of the tokens where the phrase starts. */
export function findPhrase(tokens: { word: string }[], words: string[]): number[] {
  const starts: number[] = []
  outer: for (let index = 0; index + words.length <= tokens.length; index++) {
    for (let offset = 0; offset < words.length; offset++) if (tokens[index + offset].word !== words[offset]) continue outer
    starts.push(index)
  }
  return starts
}
