/**
 * The one policy of every page the app shows, in Electron and in the browser: only the app's own
 * scripts run, and nothing is loaded from a server, so an archived article can neither execute
 * code nor phone home.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')
