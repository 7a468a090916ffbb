import { Secret, TOTP } from 'otpauth';
import {
  TotpAlgorithm,
  type TotpProvisioning,
} from '../../domain/ports/totp-algorithm.js';

const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a code typed just before or after a step change, or a clock ~30 s off. */
const WINDOW = 1;

/**
 * RFC 6238 with the `otpauth` library (SHA-1, 6 digits, 30 s: the parameters authenticator apps
 * assume, so none is put in doubt by the URI). Its `validate` compares each candidate in
 * constant time and answers the step offset, from which the absolute step follows.
 */
export class OtpauthTotpAlgorithm extends TotpAlgorithm {
  provision(issuer: string, label: string): TotpProvisioning {
    const totp = new TOTP({
      issuer,
      label,
      secret: new Secret({ size: 20 }),
      algorithm: 'SHA1',
      digits: DIGITS,
      period: PERIOD_SECONDS,
    });
    return { secret: totp.secret.base32, uri: totp.toString() };
  }

  matchStep(secret: string, code: string, now: Date): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const totp = new TOTP({
      secret: Secret.fromBase32(secret),
      algorithm: 'SHA1',
      digits: DIGITS,
      period: PERIOD_SECONDS,
    });
    const timestamp = now.getTime();
    const delta = totp.validate({ token: code, timestamp, window: WINDOW });
    if (delta === null) return null;
    return totp.counter({ timestamp }) + delta;
  }
}
