const names = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' })
  } catch {
    return undefined
  }
})()

/** "nl-NL" as a person reads it: "Dutch (Netherlands), nl-NL". */
export function localeName(tag: string): string {
  const name = names?.of(tag)
  return name && name !== tag ? `${name}, ${tag}` : tag
}
