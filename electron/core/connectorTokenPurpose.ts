/**
 * What the HMAC of the session token signs to make the connector's token (see
 * renderer/src/connectorToken.ts and electron/node/httpBridge.ts, which must agree on it).
 */
export const CONNECTOR_TOKEN_PURPOSE = 'scriptorium-connector'
