/**
 * Per-key change stamps that let two copies of one record, changed on two machines at once, be merged
 * without a common ancestor. Every write by a device counts up that device's number (`versions`), and
 * each key it changed is stamped with the device, that number and the time. A copy that has seen a
 * stamp (its count for that device reaches the stamp's number) holds a newer or equal value; when
 * neither copy has seen the other's stamp, both changed the key: the later time wins, and the loser
 * is reported so it can be kept.
 */
export interface ChangeStamp {
  /** ISO time of the change. */
  at: string
  /** The device that made it. */
  by: string
  /** That device's write count when it made it; 0 for a record written before stamps existed. */
  n: number
}

export interface ChangeState {
  versions: Record<string, number>
  changes: Record<string, ChangeStamp>
}

/** The values a record holds, by key; a key whose value is undefined was removed (a tombstone when stamped). */
export type KeyedValues = Record<string, unknown>

export const emptyChangeState = (): ChangeState => ({ versions: {}, changes: {} })

/** The stamps of a write by `device` that turned `before` into `after`. */
export function stampChanges(state: ChangeState, before: KeyedValues, after: KeyedValues, device: string, at: string): ChangeState {
  const n = (state.versions[device] ?? 0) + 1
  const changes = { ...state.changes }
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!sameValue(before[key], after[key])) changes[key] = { at, by: device, n }
  }
  return { versions: { ...state.versions, [device]: n }, changes }
}

export interface MergeSide {
  state: ChangeState
  values: KeyedValues
  /** The time a key without a stamp is taken to have changed: the record's own time, or the entry's. */
  fallbackAt: (key: string) => string
}

export interface MergedValues {
  state: ChangeState
  values: KeyedValues
  /** Keys both copies changed to different values: the later change won, and `loser` names the copy whose value is not in the merge. */
  clashes: { key: string; loser: 'a' | 'b' }[]
}

/** Merges two copies key by key; the result has seen every write either copy had seen. */
export function mergeKeyedValues(a: MergeSide, b: MergeSide): MergedValues {
  const values: KeyedValues = {}
  const changes: Record<string, ChangeStamp> = {}
  const clashes: MergedValues['clashes'] = []
  const keys = new Set([...Object.keys(a.values), ...Object.keys(a.state.changes), ...Object.keys(b.values), ...Object.keys(b.state.changes)])
  for (const key of [...keys].sort()) {
    const stampA = a.state.changes[key] ?? { at: a.fallbackAt(key), by: '', n: 0 }
    const stampB = b.state.changes[key] ?? { at: b.fallbackAt(key), by: '', n: 0 }
    let winner: 'a' | 'b'
    if (sameValue(a.values[key], b.values[key])) winner = later(stampA, stampB) ? 'a' : 'b'
    else {
      const aSawB = seen(a.state, stampB)
      const bSawA = seen(b.state, stampA)
      if (aSawB && !bSawA) winner = 'a'
      else if (bSawA && !aSawB) winner = 'b'
      else {
        winner = later(stampA, stampB) ? 'a' : 'b'
        clashes.push({ key, loser: winner === 'a' ? 'b' : 'a' })
      }
    }
    const side = winner === 'a' ? a : b
    if (side.values[key] !== undefined) values[key] = side.values[key]
    if (side.state.changes[key]) changes[key] = winner === 'a' ? stampA : stampB
  }
  const versions = { ...a.state.versions }
  for (const [device, n] of Object.entries(b.state.versions)) versions[device] = Math.max(versions[device] ?? 0, n)
  return { state: { versions, changes }, values, clashes }
}

function seen(state: ChangeState, stamp: ChangeStamp): boolean {
  return stamp.n === 0 || (state.versions[stamp.by] ?? 0) >= stamp.n
}

/** Whether `x` is the later change; ties go to the device named last, so both machines agree. */
function later(x: ChangeStamp, y: ChangeStamp): boolean {
  if (x.at !== y.at) return x.at > y.at
  if (x.by !== y.by) return x.by > y.by
  return x.n >= y.n
}

export function sameValue(x: unknown, y: unknown): boolean {
  // Most fields of a change are the same string or number: no need to serialize them (a bulk tag compares thousands).
  return x === y || JSON.stringify(x) === JSON.stringify(y)
}

/** A change state read from a file, whatever it holds: anything malformed counts as no stamps. */
export function readChangeState(value: unknown): ChangeState {
  const state = emptyChangeState()
  if (!value || typeof value !== 'object') return state
  const { versions, changes } = value as Partial<ChangeState>
  if (versions && typeof versions === 'object') {
    for (const [device, n] of Object.entries(versions)) if (typeof n === 'number' && Number.isFinite(n)) state.versions[device] = n
  }
  if (changes && typeof changes === 'object') {
    for (const [key, stamp] of Object.entries(changes)) {
      if (stamp && typeof stamp.at === 'string' && typeof stamp.by === 'string' && typeof stamp.n === 'number') state.changes[key] = { at: stamp.at, by: stamp.by, n: stamp.n }
    }
  }
  return state
}

/**
 * The stamps of a write that puts back an older copy of a record (a backup): `restored` as it was
 * saved, replacing `current` (empty when the file was unreadable). A backup's counts are behind the
 * ones other machines have seen from this device, so its values would lose to theirs, and this
 * device's next writes would count as seen there. Its counts are raised to the replaced copy's and
 * to `floor` (a count this device is known to have reached), and every key it changes is a new
 * change of this device, which every other copy takes.
 */
export function stampRestoredValues(current: { state: ChangeState; values: KeyedValues }, restored: { state: ChangeState; values: KeyedValues }, device: string, at: string, floor = 0): ChangeState {
  const versions = { ...restored.state.versions }
  for (const [by, n] of Object.entries(current.state.versions)) versions[by] = Math.max(versions[by] ?? 0, n)
  versions[device] = Math.max(versions[device] ?? 0, floor)
  return stampChanges({ versions, changes: { ...restored.state.changes, ...current.state.changes } }, current.values, restored.values, device, at)
}
