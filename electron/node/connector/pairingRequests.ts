import { ArchiveError } from '../../core/archiveError'
import type { PairingRequest } from '../../core/archiveApi'
import { PairingRefusal, type PairingStore } from './pairingStore'

/** The pairing file as the archive service offers it to the app: requests without their hashes, refusals as ArchiveErrors. */
export function pairingRequests(store: PairingStore) {
  return {
    async list(): Promise<PairingRequest[]> {
      return (await store.list()).pending.map(({ code, client, origin, expiresAt }) => ({ code, client, origin, expiresAt }))
    },
    async approve(code: string) {
      try {
        const { id, client, origin } = await store.approve(code)
        return { id, client, origin }
      } catch (error) {
        if (error instanceof PairingRefusal) throw new ArchiveError('not_found', error.message)
        throw error
      }
    },
  }
}
