import { PairingRefusal, type PairingStore } from '../node/connector/pairingStore'

export interface PairCommand {
  args: string[]
  json: boolean
  store: PairingStore
  stdout: (text: string) => void
  usageError: (message: string) => Error
  refused: (message: string) => Error
}

/** `scriptorium pair`, `pair approve CODE`, `pair revoke ID`: the browser extensions that may save. */
export async function runPairCommand({ args, json, store, stdout, usageError, refused }: PairCommand): Promise<number> {
  const [action, argument, ...rest] = args
  if (rest.length || (action === undefined) !== (argument === undefined) || (action !== undefined && action !== 'approve' && action !== 'revoke')) {
    throw usageError('"pair" takes nothing, "approve CODE" or "revoke ID".')
  }
  try {
    if (action === 'approve') {
      const paired = await store.approve(argument)
      stdout(json ? JSON.stringify(withoutHash(paired), null, 2) : `Paired ${paired.client} (${paired.origin}) as ${paired.id}: it can now save pages to Scriptorium, and nothing else. Undo with: scriptorium pair revoke ${paired.id}`)
      return 0
    }
    if (action === 'revoke') {
      const revoked = await store.revoke(argument)
      stdout(json ? JSON.stringify(withoutHash(revoked), null, 2) : `${revoked.client} (${revoked.id}) can no longer save to Scriptorium.`)
      return 0
    }
  } catch (error) {
    if (error instanceof PairingRefusal) throw refused(error.message)
    throw error
  }
  const { pending, paired } = await store.list()
  if (json) {
    stdout(JSON.stringify({ pending: pending.map(withoutHash), paired: paired.map(withoutHash) }, null, 2))
    return 0
  }
  const lines = [
    ...(pending.length ? ['Waiting for approval:', ...pending.map((request) => `  ${request.code}  ${request.client} (${request.origin}), until ${request.expiresAt.slice(11, 16)} UTC`)] : ['No pairing request is waiting.']),
    ...(paired.length ? ['Paired:', ...paired.map((connector) => `  ${connector.id}  ${connector.client} (${connector.origin}), since ${connector.pairedAt.slice(0, 10)}`)] : ['No browser extension is paired.']),
  ]
  stdout(lines.join('\n'))
  return 0
}

function withoutHash<T extends { tokenSha256: string }>(entry: T): Omit<T, 'tokenSha256'> {
  const { tokenSha256: _hash, ...rest } = entry
  return rest
}
