import { describe, expect, it } from 'vitest';
import { github } from '../../src/providers/index.ts';
import { withRocketChatDefaults } from '../../src/rocketchat.ts';

describe('@plugboard/oauth2/rocketchat: Rocket.Chat\'s defaults', () => {
  const base = { alias: 'acme', authUri: 'https://acme.example/authorize', accessTokenUri: 'https://acme.example/token' };

  it('sends client credentials in the request body, as Rocket.Chat\'s client does (not HTTP Basic)', () => {
    expect(withRocketChatDefaults(base)).toEqual({ ...base, clientAuthMethod: 'client_secret_post' });
  });

  it.each([
    ['an explicit method', { clientAuthMethod: 'client_secret_basic' as const }],
    ['a private key', { privateKey: 'not read here' }],
    ['a provider preset', { provider: github() }],
  ])('keeps the app\'s choice: %s', (_name, choice) => {
    const options = { ...base, ...choice };
    expect(withRocketChatDefaults(options)).toBe(options);
  });
});
