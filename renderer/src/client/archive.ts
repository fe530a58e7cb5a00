import { transport } from '#transport'
import { createArchiveClient } from './archiveClient'

/** The archive, over whichever transport this build was made for. */
export const archive = createArchiveClient(transport)
