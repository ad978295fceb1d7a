import { describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../src/core/endpoint.ts';
import { ConfigurationError } from '../../src/errors.ts';
import { definePreset, isPresetName, presets, resolvePreset } from '../../src/providers/index.ts';
import type { ProviderPreset } from '../../src/providers/types.ts';

const ALL = Object.keys(presets);
const build = (name: string): ProviderPreset => resolvePreset(name, name === 'reddit' ? { userAgent: 'web:com.example:v1 (by /u/example)' } : undefined);

describe('presets map', () => {
  it('holds the 14 providers', () => {
    expect(ALL.sort()).toEqual(['atlassian', 'discord', 'dropbox', 'github', 'gitlab', 'google', 'linear', 'microsoft', 'notion', 'reddit', 'slack', 'spotify', 'twitch', 'zoom']);
  });

  it.each(ALL)('%s: id matches its name, endpoints are https, docs and notes are filled in', (name) => {
    const preset = build(name);
    expect(preset.id).toBe(name);
    for (const url of [preset.authorizationEndpoint, preset.tokenEndpoint, preset.docs]) {
      expect(parseEndpoint(url.replace('{client_id}', 'x'), 'x').protocol).toBe('https:');
    }
    if (preset.revocation.style !== 'none') expect(preset.revocation.endpoint).toMatch(/^https:\/\//);
    expect(preset.notes.length).toBeGreaterThan(0);
    expect(Object.isFrozen(preset)).toBe(true);
  });

  it('resolves names from configuration and refuses unknown ones', () => {
    expect(resolvePreset('google').id).toBe('google');
    expect(resolvePreset('github', { app: true }).refreshTokenRotates).toBe(true);
    expect(() => resolvePreset('myspace')).toThrow(ConfigurationError);
    expect(() => resolvePreset('toString')).toThrow(ConfigurationError);
    expect(isPresetName('__proto__')).toBe(false);
  });

  it('passes JSON options to the factory, which validates them', () => {
    expect(() => resolvePreset('reddit')).toThrow(/userAgent/);
    expect(() => resolvePreset('gitlab', 'https://gitlab.example.com')).toThrow(/must be an object/);
    expect(() => resolvePreset('discord', { anything: 1 })).toThrow(/no option "anything"/);
  });

  it('a preset cannot be changed by one caller under another', () => {
    const preset = build('google');
    expect(() => {
      (preset.authParams as Record<string, string>)['access_type'] = 'online';
    }).toThrow(TypeError);
    expect(build('google').authParams?.['access_type']).toBe('offline');
  });
});

describe('definePreset', () => {
  const base: ProviderPreset = {
    id: 'custom',
    authorizationEndpoint: 'https://auth.example.com/authorize',
    tokenEndpoint: 'https://auth.example.com/token',
    revocation: { style: 'none' },
    clientAuthMethod: 'client_secret_basic',
    pkce: 'S256',
    scopeSeparator: ' ',
    refreshTokenRotates: false,
    notes: ['custom'],
    docs: 'https://auth.example.com/docs',
  };

  it.each([
    { tokenEndpoint: 'http://auth.example.com/token' },
    { authorizationEndpoint: 'https://auth.example.com/authorize#x' },
    { refreshEndpoint: 'http://auth.example.com/refresh' },
    { revocation: { style: 'rfc7009' as const, endpoint: 'http://auth.example.com/revoke' } },
  ])('refuses insecure endpoints %j', (override) => {
    expect(() => definePreset({ ...base, ...override })).toThrow(ConfigurationError);
  });

  it('accepts a custom preset', () => {
    expect(definePreset(base).id).toBe('custom');
  });
});
