import { join, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_SCHEME, resolveAppFile } from '../../electron/main/appProtocol'

const ROOT = resolve('/opt/scriptorium/renderer')

describe('resolveAppFile', () => {
  it('serves index.html for the root', () => {
    expect(APP_SCHEME).toBe('app')
    expect(resolveAppFile(ROOT, 'app://scriptorium/')).toEqual({
      path: join(ROOT, 'index.html'),
      mimeType: 'text/html; charset=utf-8',
    })
  })

  it('maps files under the root with their media type, ignoring query and fragment', () => {
    expect(resolveAppFile(ROOT, 'app://scriptorium/assets/index-abc.js?v=2#x')).toEqual({
      path: join(ROOT, 'assets', 'index-abc.js'),
      mimeType: 'text/javascript; charset=utf-8',
    })
    expect(resolveAppFile(ROOT, 'app://scriptorium/assets/app.css')?.mimeType).toBe('text/css; charset=utf-8')
    expect(resolveAppFile(ROOT, 'app://scriptorium/icon.svg')?.mimeType).toBe('image/svg+xml')
    expect(resolveAppFile(ROOT, 'app://scriptorium/fonts/serif.woff2')?.mimeType).toBe('font/woff2')
    expect(resolveAppFile(ROOT, 'app://scriptorium/data.bin')?.mimeType).toBe('application/octet-stream')
  })

  it('decodes percent-encoded names', () => {
    expect(resolveAppFile(ROOT, 'app://scriptorium/assets/my%20file.png')?.path).toBe(join(ROOT, 'assets', 'my file.png'))
  })

  it('refuses other hosts and schemes', () => {
    expect(resolveAppFile(ROOT, 'app://evil/index.html')).toBeUndefined()
    expect(resolveAppFile(ROOT, 'app://scriptorium.evil/index.html')).toBeUndefined()
    expect(resolveAppFile(ROOT, 'file:///etc/passwd')).toBeUndefined()
    expect(resolveAppFile(ROOT, 'https://scriptorium/index.html')).toBeUndefined()
    expect(resolveAppFile(ROOT, 'not a url')).toBeUndefined()
  })

  it('refuses malformed percent-encoding', () => {
    expect(resolveAppFile(ROOT, 'app://scriptorium/%E0%A4%A')).toBeUndefined()
  })

  it('refuses the bare root folder itself', () => {
    expect(resolveAppFile(ROOT, 'app://scriptorium')).toBeUndefined()
  })

  describe('clamps dot segments, plain or percent-encoded, at the renderer folder', () => {
    const attacks = [
      'app://scriptorium/../../etc/passwd',
      'app://scriptorium/%2e%2e/%2e%2e/etc/passwd',
      'app://scriptorium/%2E%2E/%2E%2E/etc/passwd',
      'app://scriptorium/.%2e/.%2e/etc/passwd',
      'app://scriptorium/..%2f..%2f..%2fetc%2fpasswd',
      'app://scriptorium/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://scriptorium/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      'app://scriptorium/%2fetc%2fpasswd',
      'app://scriptorium//etc/passwd',
    ]
    for (const url of attacks) {
      it(url, () => {
        // At most the request names ROOT/etc/passwd, a file the renderer folder does not have.
        const resolved = resolveAppFile(ROOT, url)
        expect(resolved?.path).toBe(join(ROOT, 'etc', 'passwd'))
        expect(resolved!.path.startsWith(ROOT + sep)).toBe(true)
      })
    }
  })

  it('does not let a sibling folder that shares the root as prefix through', () => {
    expect(resolveAppFile(ROOT, 'app://scriptorium/..%2frenderer-evil%2fsecret.js')?.path).toBe(
      join(ROOT, 'renderer-evil', 'secret.js'),
    )
  })
})
