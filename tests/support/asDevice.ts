/** Opens an archive as another machine would: the device name is read when the library is opened. */
export function asDevice<T>(device: string, open: () => T): T {
  const previous = process.env.SCRIPTORIUM_DEVICE
  process.env.SCRIPTORIUM_DEVICE = device
  try {
    return open()
  } finally {
    if (previous === undefined) delete process.env.SCRIPTORIUM_DEVICE
    else process.env.SCRIPTORIUM_DEVICE = previous
  }
}
