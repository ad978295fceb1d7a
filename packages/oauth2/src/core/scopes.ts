/**
 * Merges scope lists: splits entries on whitespace (RFC 6749 §3.3 scope tokens hold none), drops
 * empty ones and duplicates, and keeps first-seen order so authorization URLs are stable.
 */
export function mergeScopes(...lists: Array<readonly string[] | undefined>): string[] {
  const merged = new Set<string>();
  for (const list of lists) {
    for (const entry of list ?? []) {
      for (const scope of entry.split(/\s+/)) {
        if (scope !== '') merged.add(scope);
      }
    }
  }
  return [...merged];
}
