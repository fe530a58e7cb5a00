/** A page as the fetcher received it. */
export interface FetchedPage {
  /** The address after redirects. */
  url: string
  bytes: Uint8Array
  /** The charset of the Content-Type header. */
  charset?: string
  /** The media type of the Content-Type header, e.g. "text/html" or "application/pdf". */
  mediaType?: string
}

/** Fetches a page over http(s); the node layer supplies it, with its time, size and redirect limits. */
export type FetchPage = (url: string) => Promise<FetchedPage>
