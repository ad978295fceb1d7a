/** "expires in 59 min" for humans; 0 means the provider gave no lifetime. */
export function describeExpiry(expiresAt: number, now: number = Date.now()): string {
  if (expiresAt === 0) return 'no known expiry';
  const seconds = Math.round((expiresAt - now) / 1000);
  if (seconds <= 0) return 'expired';
  if (seconds < 120) return `expires in ${seconds} s`;
  if (seconds < 2 * 3600) return `expires in ${Math.round(seconds / 60)} min`;
  return `expires in ${Math.round(seconds / 3600)} h`;
}
