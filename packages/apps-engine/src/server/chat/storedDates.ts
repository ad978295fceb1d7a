/**
 * Dates do not survive JSON: records keep the named fields as ISO strings at rest and get `Date`s
 * back on read. Only the listed fields are touched, so an app's own data is left as it was.
 */
export function storeDates<T extends object>(value: T, fields: readonly string[]): object {
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const field of fields) {
    const date = out[field];
    if (date instanceof Date) {
      out[field] = date.toISOString();
    }
  }
  return out;
}

export function reviveDates<T>(stored: object, fields: readonly string[]): T {
  const out: Record<string, unknown> = { ...stored };
  for (const field of fields) {
    const text = out[field];
    if (typeof text === 'string') {
      out[field] = new Date(text);
    }
  }
  return out as T;
}
