import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App, type IConfigurationExtend, type IUser } from '@plugboard/apps-engine';
import { AppHost } from '@plugboard/apps-engine/server';
import { createOAuth2Client, type OAuth2Client } from '../../src/index.ts';
import { json, startFakeTokenEndpoint, tokenBody } from '../support/fakeTokenEndpoint.ts';
import { asRequestTarget, callbackQuery } from './arbitraries.ts';
import { rawGet } from './http.ts';

/**
 * Random callback query strings over real HTTP (SECURITY 6, 8, 10): never a 5xx, and the token
 * endpoint, which would hand out a token to anyone asking, is only asked for a real state.
 */

type Fake = Awaited<ReturnType<typeof startFakeTokenEndpoint>>;
const PATH = '/api/apps/public/fuzz/fuzz-callback';

let fake: Fake;
let host: AppHost;
let origin: string;
let client: OAuth2Client;
let userCount = 0;
/** Errors the host logged (a 500 is logged there): shown when a run fails. */
const hostErrors: string[] = [];

beforeAll(async () => {
  fake = await startFakeTokenEndpoint();
  fake.always((_req, res) => json(res, 200, tokenBody()));
  class FuzzApp extends App {
    oauth!: OAuth2Client;
    protected override async extendConfiguration(configuration: IConfigurationExtend): Promise<void> {
      this.oauth = createOAuth2Client(this, { alias: 'fuzz', authUri: `${fake.origin}/authorize`, accessTokenUri: `${fake.origin}/token`, clientId: 'fuzz-client', clientSecret: 'fuzz-secret', bindingConfirmation: false });
      await this.oauth.setup(configuration);
    }
  }
  host = new AppHost({ logger: (entry) => void (entry.level === 'error' && hostErrors.push(entry.message)) });
  origin = (await host.listen({ port: 0, host: '127.0.0.1' })).url;
  client = (await host.install(FuzzApp, { id: 'fuzz', name: 'Fuzz', version: '1.0.0' })).oauth;
});

afterAll(async () => {
  await host.close();
  await fake.close();
});

async function freshUser(): Promise<IUser> {
  userCount += 1;
  return host.users.add({ id: `fuzz-user-${userCount}`, username: `fuzz${userCount}` });
}

/** How many times a parameter reaches the server: decoded as the host does, the fragment left out. */
function occurrences(target: string, name: string): number {
  return new URL(target, 'http://host.test').searchParams.getAll(name).length;
}

function expectNo5xx(status: number): void {
  expect(status, `host errors: ${hostErrors.join(' | ')}`).toBeLessThan(500);
}

describe('random callback queries', () => {
  it('without a real state: a 4xx, the token endpoint never asked, nothing stored', async () => {
    const bystander = await freshUser();
    // A pending authorization exists all along: random queries must not reach it.
    await client.getUserAuthorizationUrl(bystander);
    await fc.assert(
      fc.asyncProperty(callbackQuery, async (query) => {
        const { status } = await rawGet(origin, asRequestTarget(PATH, query));
        expectNo5xx(status);
        expect(status).toBeGreaterThanOrEqual(400);
        expect(fake.requests).toHaveLength(0);
      }),
      { numRuns: 400 },
    );
    expect(await client.getAccessTokenForUser(bystander)).toBeUndefined();
  });

  it('with a real state among random parameters: never a 5xx; the endpoint is asked at most once, and only then is a token stored', async () => {
    await fc.assert(
      fc.asyncProperty(callbackQuery, callbackQuery, fc.boolean(), async (before, after, withCode) => {
        const user = await freshUser();
        const state = (await client.getUserAuthorizationUrl(user)).searchParams.get('state') as string;
        const query = [before, `state=${state}`, withCode ? 'code=the-code' : '', after].filter(Boolean).join('&');
        const target = asRequestTarget(PATH, query);
        const asked = fake.requests.length;
        const { status } = await rawGet(origin, target);
        expectNo5xx(status);
        const exchanges = fake.requests.length - asked;
        expect(exchanges).toBeLessThanOrEqual(1);
        if (occurrences(target, 'state') !== 1 || occurrences(target, 'code') > 1) expect(exchanges).toBe(0);
        const stored = await client.getAccessTokenForUser(user);
        if (exchanges === 1) {
          expect(status).toBe(200);
          expect(stored?.token).toMatch(/^at-/);
        } else {
          expect(stored).toBeUndefined();
        }
      }),
      { numRuns: 200 },
    );
  });
});
