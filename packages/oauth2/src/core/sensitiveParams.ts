/**
 * Parameter names that carry credentials. None of them may appear in a URL (SECURITY 5): URLs
 * end up in browser history, proxy logs and Referer headers (RFC 6819 §4.4.1.1, §5.1.3).
 */
const SECRET_NAME = /secret|passw(or)?d|verifier|assertion|private[-_]?key|api[-_]?key/i;
const TOKEN_NAMES = new Set(['access_token', 'refresh_token', 'id_token', 'code', 'device_code', 'token']);

export function looksLikeSecretParam(name: string): boolean {
  return SECRET_NAME.test(name) || TOKEN_NAMES.has(name.toLowerCase());
}
