import { formEncode } from './clientAuth.ts';
import type { HttpRequestSpec } from './http.ts';
import { isJsonObject } from './json.ts';
import { looksLikeSecretParam } from './sensitiveParams.ts';

/** Shorter values are not masked: they would blank out ordinary words of a message. */
const MIN_SECRET_LENGTH = 6;

export const MASK = '[redacted]';

/**
 * The secret values a back-channel request carries (SECURITY 28): every credential parameter of its
 * body (code, verifier, tokens, client secret, assertion, device code), its `Authorization` value
 * and, for Basic, the encoded pair and the secret inside it. A provider that quotes any of them back
 * (in `error_description`, say) must not get it into a log line, an event or an error message.
 */
export function sentSecrets(spec: HttpRequestSpec): string[] {
  const values: string[] = [];
  for (const [name, value] of bodyParams(spec)) if (looksLikeSecretParam(name)) values.push(value);
  for (const [name, value] of Object.entries(spec.headers)) {
    if (name.toLowerCase() !== 'authorization') continue;
    const credential = value.replace(/^\s*\S+\s+/, '');
    values.push(credential);
    if (/^\s*basic\s/i.test(value)) values.push(...basicSecret(credential));
  }
  return values;
}

/** Replaces each secret, as sent and in the encodings a server might quote it in, with `[redacted]`. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const variant of new Set([secret, formEncode(secret), encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      masked = masked.split(variant).join(MASK);
    }
  }
  return masked;
}

function bodyParams(spec: HttpRequestSpec): Array<[string, string]> {
  if (spec.body === undefined || spec.body === '') return [];
  const contentType = Object.entries(spec.headers).find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? '';
  if (contentType.startsWith('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(spec.body);
    } catch {
      return [];
    }
    return isJsonObject(parsed) ? Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : [];
  }
  return [...new URLSearchParams(spec.body)];
}

/** RFC 6749 §2.3.1: base64 of `form(id):form(secret)`; the secret in both forms. */
function basicSecret(credential: string): string[] {
  let pair: string;
  try {
    pair = atob(credential.trim());
  } catch {
    return [];
  }
  const colon = pair.indexOf(':');
  if (colon < 0) return [];
  const encoded = pair.slice(colon + 1);
  return [encoded, new URLSearchParams(`s=${encoded}`).get('s') ?? encoded];
}
