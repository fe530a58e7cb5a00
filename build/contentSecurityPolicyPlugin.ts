import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from '../electron/core/contentSecurityPolicy'

/**
 * Writes the app's CSP into the built index.html. Only for builds: Vite's dev server injects
 * styles inline, which this policy rightly forbids.
 */
export function contentSecurityPolicyPlugin(): Plugin {
  return {
    name: 'scriptorium:content-security-policy',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY.replace("; frame-ancestors 'none'", '') },
        injectTo: 'head-prepend',
      },
    ],
  }
}
