/**
 * Query strings and form bodies as records. A name given twice becomes an array instead of "last
 * one wins": the OAuth callback must see duplicated `code` / `state` to reject them (RFC 6749 §3.1).
 * The record has no prototype, so names like `__proto__`, `constructor` or `toString` are plain
 * keys and never collide with inherited members.
 */
export function searchParamsToRecord(params: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const [name, value] of params) {
    const existing = Object.hasOwn(record, name) ? record[name] : undefined;
    if (existing === undefined) {
      record[name] = value;
    } else if (Array.isArray(existing)) {
      existing.push(value);
    } else {
      record[name] = [existing, value];
    }
  }
  return record;
}
