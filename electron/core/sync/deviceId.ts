/**
 * A device id as a pattern's source: what libraryLayout makes of a machine's name, and all that a file
 * name of a device's own (devices/<device>.json, its change log, its annotation file) may hold, so
 * that none is ever a path.
 */
export const DEVICE_ID = '[A-Za-z0-9_-]{1,48}'
