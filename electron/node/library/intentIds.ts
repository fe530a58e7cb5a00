import { isSafeItemId } from '../../core/safeItemId'

/**
 * The items an intent file names: the one its name starts with, and any its text lists (one intent
 * for a change of many items). A listed line that is not an item id is no item's.
 */
export function intentIds(name: string, text: string): string[] {
  return [name.split('.')[0], ...text.split('\n').filter(isSafeItemId)]
}
