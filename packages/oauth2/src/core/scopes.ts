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

/**
 * Whether a granted scope string (RFC 6749 §3.3, space-separated) covers every requested scope.
 * `aliases` maps a short name to the form a provider grants it under (Google answers `email` with
 * `https://www.googleapis.com/auth/userinfo.email`); either form counts. No scopes asked: covered.
 */
export function scopesCover(granted: string, requested: readonly string[], aliases: Readonly<Record<string, string>> = {}): boolean {
  const have = new Set(mergeScopes([granted]));
  return mergeScopes(requested).every((scope) => {
    const alias = aliases[scope];
    return have.has(scope) || (alias !== undefined && have.has(alias));
  });
}
