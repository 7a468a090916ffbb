/**
 * The session fields a test that builds a `Session` by hand rarely cares about: no client recorded
 * at login or refresh, no device name, nothing sealed. Spread it, then set what the test is about.
 */
export const NOTHING_RECORDED = {
  loginIp: null,
  loginUserAgent: null,
  lastUsedIp: null,
  lastUsedUserAgent: null,
  deviceName: null,
  sealedSuccessor: null,
  amr: null,
  authTime: null,
} as const;
