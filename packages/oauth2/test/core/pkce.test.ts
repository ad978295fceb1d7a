import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/errors.ts';
import { codeChallengeS256, createCodeVerifier } from '../../src/core/pkce.ts';
import { randomToken } from '../../src/core/random.ts';

describe('PKCE (RFC 7636)', () => {
  it('matches the appendix B vector', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('creates 43-character base64url verifiers that differ each time', () => {
    const verifiers = new Set(Array.from({ length: 50 }, createCodeVerifier));
    expect(verifiers.size).toBe(50);
    for (const verifier of verifiers) expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['outside the unreserved set', `${'a'.repeat(42)}+`],
    ['empty', ''],
  ])('refuses a verifier %s without quoting it', (_label, verifier) => {
    expect(() => codeChallengeS256(verifier)).toThrow(ConfigurationError);
    try {
      codeChallengeS256(verifier);
    } catch (error) {
      if (verifier !== '') expect((error as Error).message).not.toContain(verifier);
    }
  });

  it('accepts the full unreserved alphabet at both length limits', () => {
    expect(codeChallengeS256(`${'a'.repeat(39)}-._~`)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(codeChallengeS256('Z'.repeat(128))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});

describe('randomToken', () => {
  it('defaults to 32 bytes (43 base64url characters)', () => {
    expect(randomToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('encodes the requested number of bytes', () => {
    expect(Buffer.from(randomToken(16), 'base64url')).toHaveLength(16);
    expect(Buffer.from(randomToken(64), 'base64url')).toHaveLength(64);
  });

  it.each([0, 8, 15, 1.5, Number.NaN, 5000])('refuses %s bytes (SECURITY 3: at least 128 bits)', (bytes) => {
    expect(() => randomToken(bytes)).toThrow(ConfigurationError);
  });

  it('does not repeat', () => {
    expect(new Set(Array.from({ length: 200 }, () => randomToken())).size).toBe(200);
  });

  it('hands out whole, distinct tokens across the 4 KiB batches it draws from the CSPRNG', () => {
    // 16 + 1024 + 33 bytes a step: batch ends fall inside and between tokens.
    const tokens = Array.from({ length: 60 }, (_, i) => randomToken([16, 1024, 33][i % 3]));
    expect(new Set(tokens).size).toBe(60);
    tokens.forEach((token, i) => expect(Buffer.from(token, 'base64url')).toHaveLength([16, 1024, 33][i % 3]!));
    // No token is all zeros (a byte handed out twice would come back zeroed).
    for (const token of tokens) expect(Buffer.from(token, 'base64url').some((byte) => byte !== 0)).toBe(true);
  });
});
