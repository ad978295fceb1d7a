import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as oidc from 'openid-client';
import type { IUser } from '@plugboard/apps-engine';
import { completeConsent, startAuthorizationServer } from '@plugboard/testing';
import { CLIENT_ID, CLIENT_SECRET, startBenchHost } from './lib/benchHost.ts';
import { claimForExchange, refreshBackchannelOnly } from './lib/internals.ts';
import { atLeast, type BenchRow } from './lib/rows.ts';
import { fmt, median, microsPerOp, pairedRatio, ratioSpread } from './lib/stats.ts';

const ROUNDS = 11;
const OPS = 15;
const GOAL = atLeast(1.0);
const PEER_ID = 'peer-openid-client';
const PEER_SECRET = 'peer-secret';
const PEER_REDIRECT = 'http://127.0.0.1:9/peer-callback'; // never visited: consent stops at the redirect
const SCOPE = 'read';

const TLS_DIR = new URL('../packages/apps-engine/test/support/tls/', import.meta.url);

/**
 * The same code exchange and the same refresh against one local oidc-provider, done by our client
 * and by openid-client 6 (the certified reference) in the same run. Codes are obtained through
 * consent before each timed round; only the back-channel operation is timed.
 */
export function main(): Promise<BenchRow[]> {
  return measure(false);
}

/**
 * The same comparison with the authorization server behind HTTPS on loopback, where a new TLS
 * handshake per request would dominate: run in a child process that trusts the test CA through
 * NODE_EXTRA_CA_CERTS, so both clients verify the server's certificate the ordinary way.
 */
export async function mainTls(): Promise<BenchRow[]> {
  const script = fileURLToPath(import.meta.url);
  const env = { ...process.env, NODE_EXTRA_CA_CERTS: fileURLToPath(new URL('ca.pem', TLS_DIR)) };
  const child = spawn(process.execPath, [...process.execArgv, script, '--tls-child'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`the TLS peer benchmark's child process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() as string) as BenchRow[];
}

async function measure(tls: boolean): Promise<BenchRow[]> {
  const as = await startAuthorizationServer(tls ? { tls: { key: readFileSync(new URL('server.key', TLS_DIR)), cert: readFileSync(new URL('server.pem', TLS_DIR)) } } : {});
  const suffix = tls ? ' (HTTPS)' : '';
  const bench = await startBenchHost({ client: { issuer: as.issuer, defaultScopes: [SCOPE] }, users: [{ id: 'u-alice', username: 'alice' } as IUser] });
  try {
    const alice = (await bench.host.users.getById('u-alice')) as IUser;
    await as.addClient({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, redirectUris: [bench.callback('').slice(0, -1)] });
    await as.addClient({ clientId: PEER_ID, clientSecret: PEER_SECRET, redirectUris: [PEER_REDIRECT] });
    const config = await oidc.discovery(new URL(as.issuer), PEER_ID, PEER_SECRET, oidc.ClientSecretBasic(PEER_SECRET), { execute: [oidc.allowInsecureRequests] });

    const ourCodes = async () => {
      const pending = [];
      for (let i = 0; i < OPS; i += 1) {
        const consent = await completeConsent(await bench.client.getUserAuthorizationUrl(alice), { account: 'alice' });
        const claimed = await claimForExchange(bench.client, consent.redirectUrl.searchParams.get('state') ?? '');
        pending.push(() => claimed.redeem(consent.redirectUrl.searchParams.get('code') ?? ''));
      }
      return pending;
    };
    const peerCodes = async () => {
      const pending = [];
      for (let i = 0; i < OPS; i += 1) {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const url = oidc.buildAuthorizationUrl(config, { redirect_uri: PEER_REDIRECT, scope: SCOPE, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
        const consent = await completeConsent(url, { account: 'alice' });
        pending.push(() => oidc.authorizationCodeGrant(config, consent.redirectUrl, { pkceCodeVerifier: verifier, expectedState: state }));
      }
      return pending;
    };
    const before = as.counters.successfulAuthorizationCodeGrants;
    const exchange: Samples = { ours: [], peer: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      const ours = await ourCodes();
      const peer = await peerCodes();
      await interleave(exchange, round, (i) => ours[i]!(), (i) => peer[i]!());
    }
    const exchanged = as.counters.successfulAuthorizationCodeGrants - before;

    // Refresh: each side holds one grant and refreshes it over and over (the server rotates the refresh token each time).
    const page = await fetch(bench.callback(`code=${await codeFor(bench.client, alice)}`));
    if (page.status !== 200) throw new Error(`our connect answered ${page.status}`);
    let peerRefreshToken = await peerGrant(config);
    const peerRefresh = async () => {
      const tokens = await oidc.refreshTokenGrant(config, peerRefreshToken);
      peerRefreshToken = tokens.refresh_token ?? peerRefreshToken;
    };
    const refresh: Samples = { ours: [], peer: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      await interleave(refresh, round, () => bench.client.refreshUserAccessToken(alice), peerRefresh);
    }
    // A second grant of ours, refreshed with the request alone (no store, no lock), to split our cost.
    const consent = await completeConsent(await bench.client.getUserAuthorizationUrl(alice), { account: 'alice' });
    const grant = await (await claimForExchange(bench.client, consent.redirectUrl.searchParams.get('state') ?? '')).redeem(consent.redirectUrl.searchParams.get('code') ?? '');
    let ourRefreshToken = grant.refreshToken ?? '';
    const refreshWire: Samples = { ours: [], peer: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      await interleave(refreshWire, round, async () => {
        ourRefreshToken = (await refreshBackchannelOnly(bench.client, ourRefreshToken)).refreshToken ?? ourRefreshToken;
      }, peerRefresh);
    }
    if (exchanged !== 2 * ROUNDS * OPS) throw new Error(`expected ${2 * ROUNDS * OPS} successful exchanges, the server counted ${exchanged}`);

    const row = (name: string, samples: Samples, note: string): BenchRow => {
      const ours = median(samples.ours);
      const peer = median(samples.peer);
      return { benchmark: name, measured: `${fmt.us(ours)}/op`, baseline: `openid-client ${fmt.us(peer)}`, ratio: pairedRatio(samples.peer, samples.ours, 0), goal: GOAL, note: `${note} ${ratioSpread(samples.peer, samples.ours, 0, 'pair')}.` };
    };
    const common = `against one local oidc-provider${tls ? ' behind HTTPS on loopback (ECDSA P-256 certificate of a test CA both clients trust through NODE_EXTRA_CA_CERTS; ours reuses connections through the host\'s undici pool, openid-client through fetch\'s pool)' : ''}, scope "${SCOPE}", client_secret_basic; one of ours then one of theirs, ${OPS} pairs per round, ${ROUNDS - 1} timed rounds after a warm-up; ratio = median over pairs of openid-client time / our time`;
    return [
      row(`peer: code exchange${suffix}`, exchange, `ours = the exchange the callback endpoint runs once it has claimed the state (build the request, POST through the app's IHttp on undici, parse); openid-client = authorizationCodeGrant (checks the callback URL's state and iss, POST through fetch, parse); ${common}.`),
      row(`peer: refresh${suffix}`, refresh, `ours = the public refreshUserAccessToken (store read, refresh lock, POST, parse, store write on the in-memory Keyv); openid-client = refreshTokenGrant (POST, parse; it stores nothing); ${common}.`),
      row(`peer: refresh, request only${suffix}`, refreshWire, `ours = the refresh request as the refresher builds, sends (IHttp on undici) and parses it, without the store read, lock and store write; openid-client = refreshTokenGrant; ${common}.`),
    ];
  } finally {
    await bench.close();
    await as.close();
  }
}

interface Samples {
  ours: number[];
  peer: number[];
}

/** Times operation i of ours then operation i of the peer, for i < OPS; round 0 warms up and is not kept. */
async function interleave(samples: Samples, round: number, ours: (i: number) => Promise<unknown>, peer: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < OPS; i += 1) {
    const a = await microsPerOp(1, () => ours(i));
    const b = await microsPerOp(1, () => peer(i));
    if (round > 0) {
      samples.ours.push(a);
      samples.peer.push(b);
    }
  }
}

/** Consent for our client, returning `code=...&state=...` ready for the callback. */
async function codeFor(client: Parameters<typeof claimForExchange>[0], user: IUser): Promise<string> {
  const consent = await completeConsent(await client.getUserAuthorizationUrl(user), { account: user.username });
  return `${encodeURIComponent(consent.redirectUrl.searchParams.get('code') ?? '')}&state=${consent.redirectUrl.searchParams.get('state')}&iss=${encodeURIComponent(consent.redirectUrl.searchParams.get('iss') ?? '')}`;
}

async function peerGrant(config: oidc.Configuration): Promise<string> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, { redirect_uri: PEER_REDIRECT, scope: SCOPE, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
  const consent = await completeConsent(url, { account: 'alice' });
  const tokens = await oidc.authorizationCodeGrant(config, consent.redirectUrl, { pkceCodeVerifier: verifier, expectedState: state });
  if (!tokens.refresh_token) throw new Error('the server issued no refresh token');
  return tokens.refresh_token;
}



if (process.argv.includes('--tls-child')) {
  console.log(JSON.stringify(await measure(true)));
  process.exit(0);
}
