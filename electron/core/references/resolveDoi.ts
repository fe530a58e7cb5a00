import { ArchiveError } from '../archiveError'
import type { CslItem } from '../cslItem'

const DOI = /^\s*(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)?(10\.\d{4,9}\/\S+)\s*$/i

/** "10.1000/xyz", "doi:10.1000/xyz" or "https://doi.org/10.1000/xyz" → "10.1000/xyz"; undefined for anything else. */
export function parseDoi(text: string): string | undefined {
  return DOI.exec(text)?.[1]
}

/**
 * The CSL-JSON a DOI's registrar gives (Crossref, DataCite, mEDRA), through citation-js's DOI
 * plugin: content negotiation at the resolver, then its clean-up of the registrar's CSL.
 */
export async function resolveDoi(doi: string, resolver: string): Promise<Partial<CslItem>> {
  const [{ plugins }] = await Promise.all([import('@citation-js/core'), import('@citation-js/plugin-doi')])
  const url = `${resolver.replace(/\/+$/, '')}/${doi.split('/').map(encodeURIComponent).join('/')}`
  let data: Partial<CslItem>[]
  try {
    data = (await plugins.input.chainAsync(url, { forceType: '@doi/api', generateGraph: false })) as Partial<CslItem>[]
  } catch (error) {
    const message = (error as Error)?.message ?? ''
    if (/\b404\b/.test(message)) throw new ArchiveError('fetch_failed', `The DOI ${doi} was not found; nothing was added.`)
    throw new ArchiveError('fetch_failed', `The DOI ${doi} could not be looked up (${new URL(url).host} did not answer with its metadata); nothing was added.`)
  }
  const [csl] = data
  if (!csl || (!csl.title && !csl.type)) throw new ArchiveError('fetch_failed', `The DOI ${doi} has no metadata at its registrar; nothing was added.`)
  return csl
}
