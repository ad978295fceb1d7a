/**
 * Removes secrets from log text. Two passes: values the host knows are secret (PASSWORD settings)
 * are replaced wherever they appear; then well-known secret shapes are masked by name, in the forms
 * they take in JSON, in `util.inspect` output, in query strings / form bodies and in headers.
 */
const REDACTED = '[redacted]';

/** OAuth 2.0 parameters that are credentials (RFC 6749 §4.1.2, §4.1.3, §5.1; RFC 7636 §4.5). */
const SECRET_NAMES = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'code_verifier', 'password'];
/** `code` is also an everyday word (`error.code`): only its JSON and query forms are masked. */
const QUOTED_OR_QUERY_ONLY = ['code'];

const names = SECRET_NAMES.join('|');
const allNames = [...SECRET_NAMES, ...QUOTED_OR_QUERY_ONLY].join('|');

const patterns: Array<[RegExp, string]> = [
  // "name": "value"  and  'name': 'value'  (JSON, JS literals)
  [new RegExp(`(["'])(${allNames})\\1(\\s*:\\s*)(["'])(?:\\\\.|(?!\\4).)*\\4`, 'gi'), `$1$2$1$3$4${REDACTED}$4`],
  // name: 'value'  (util.inspect of an object)
  [new RegExp(`(?<![\\w"'])(${names})(\\s*:\\s*)(["'])(?:\\\\.|(?!\\3).)*\\3`, 'gi'), `$1$2$3${REDACTED}$3`],
  // name=value  (query strings, form bodies)
  [new RegExp(`(?<![\\w-])(${allNames})=[^&\\s"'<>]*`, 'gi'), `$1=${REDACTED}`],
  // Authorization: Basic xxx / Bearer xxx, in any of the forms above
  [/(authorization["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi, `$1${REDACTED}`],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/g, `$1 ${REDACTED}`],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers a value that must never be written (a PASSWORD setting's value). */
  addSecret(value: unknown): void {
    // Very short values would mask ordinary words; a secret that short is no secret anyway.
    if (typeof value === 'string' && value.length >= 4) {
      this.secrets.add(value);
    }
  }

  redact(text: string): string {
    let result = text;
    for (const secret of this.secrets) {
      result = result.split(secret).join(REDACTED);
    }
    for (const [pattern, replacement] of patterns) {
      result = result.replace(pattern, replacement);
    }
    return result;
  }
}
