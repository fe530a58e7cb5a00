import { ArchiveError } from '../archiveError'
import type { CslItem } from '../cslItem'
import { loadCitationJs } from './citationJs'
import { styleTitle } from './citationStyles'

const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl'
export const MAX_STYLE_BYTES = 2 * 1024 * 1024

const TRIAL_ITEM: CslItem = {
  id: 'trial',
  type: 'article-journal',
  title: 'A trial title',
  author: [{ family: 'Doe', given: 'Jane' }],
  issued: { 'date-parts': [[2020, 5, 1]] },
  'container-title': 'A Journal',
}

// citeproc's XML reader ignores a DTD, so its entities would be printed literally as "&name;";
// and a DTD is where entity-expansion attacks live. No official style has one.
const DTD_REASON = 'it declares a DTD (<!DOCTYPE …>), whose entities citeproc would print literally; remove it and write the characters themselves'

/** True when the XML carries a document type declaration, with or without entities. */
export function declaresDtd(xml: string): boolean {
  return /<!DOCTYPE\b|<!ENTITY\b/i.test(xml)
}

/** The refusal of a style file that declares a DTD, for a style found on disk rather than added through checkCslStyle. */
export function dtdRefusal(name: string): ArchiveError {
  return new ArchiveError('invalid_argument', `${name} is not a usable CSL style: ${DTD_REASON}.`)
}

/**
 * Refuses a .csl file that citeproc cannot use, saying why, before it reaches the library: a style
 * that fails later would break every citation in it. Answers the style's title.
 */
export async function checkCslStyle(fileName: string, xml: string): Promise<string> {
  const refuse = (reason: string): never => {
    throw new ArchiveError('invalid_argument', `${fileName} is not a usable CSL style: ${reason}.`)
  }
  if (xml.length > MAX_STYLE_BYTES) refuse('it is larger than 2 MB')
  if (declaresDtd(xml)) refuse(DTD_REASON)
  const root = /<style\b([^>]*)>/.exec(xml)
  if (!root) refuse('it has no <style> element')
  if (!root![1].includes(`"${CSL_NAMESPACE}"`)) refuse(`its <style> element is not in the CSL namespace ${CSL_NAMESPACE}`)
  const title = styleTitle(xml)
  if (!title) refuse('it has no <info><title>')
  if (/<link\b[^>]*rel="independent-parent"/.test(xml) && !/<citation\b/.test(xml)) {
    refuse('it is a dependent style, which only points to another style; add the style it names as its parent instead')
  }
  if (!/<citation\b[\s\S]*<layout\b/.test(xml)) refuse('it has no <citation> with a <layout>')
  if (!/<\/style>\s*$/.test(xml)) refuse('it ends before its closing </style> tag')

  const { Cite, styles } = await loadCitationJs()
  const trialId = `scriptorium-trial-${Math.random().toString(36).slice(2)}`
  styles.add(trialId, xml)
  try {
    const cite = new Cite([TRIAL_ITEM])
    cite.format('citation', { template: trialId, lang: 'en-US' })
    if (/<bibliography\b/.test(xml)) cite.format('bibliography', { template: trialId, lang: 'en-US' })
  } catch (error) {
    refuse(`citeproc could not use it (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`)
  } finally {
    styles.remove?.(trialId)
  }
  return title!
}
