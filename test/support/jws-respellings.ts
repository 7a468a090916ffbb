const BASE64URL =
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Other spellings of a compact JWS's signature that lenient base64url decoders read as the same
 * bytes: the last character's unused low bits set, standard base64 with padding, padding alone,
 * spaces around it. A verifier must refuse every one (the token would be malleable as a string).
 */
export function respelledSignatures(jws: string): string[] {
  const cut = jws.lastIndexOf('.') + 1;
  const input = jws.slice(0, cut);
  const signature = jws.slice(cut);
  const bytes = Buffer.from(signature, 'base64url');
  const siblings = [...BASE64URL]
    .map((c) => `${signature.slice(0, -1)}${c}`)
    .filter(
      (s) => s !== signature && Buffer.from(s, 'base64url').equals(bytes),
    );
  if (siblings.length === 0)
    throw new Error('a signature whose length leaves no unused bits');
  return [
    ...siblings,
    bytes.toString('base64'),
    `${signature}=`,
    `${signature} `,
    ` ${signature}`,
  ].map((s) => input + s);
}
