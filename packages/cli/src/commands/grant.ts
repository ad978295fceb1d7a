import { buildAuthorizationUrl, codeChallengeS256, createCodeVerifier, displayableErrorCode, randomToken } from '@plugboard/oauth2/core';
import { resolve } from 'node:path';
import { describeError, sanitizeProviderText } from '@plugboard/oauth2';
import { integerOption, parseCommandArgs, requiredOption } from '../args.ts';
import type { Command } from '../command.ts';
import { readAppCredentials } from '../credentials/appCredentials.ts';
import { clientProfile, type ClientProfile } from '../credentials/clientProfile.ts';
import { exists, warnIfReadableByOthers } from '../credentials/files.ts';
import { warnIfNotIgnored } from '../credentials/gitIgnore.ts';
import { writeUserCredentials } from '../credentials/userCredentials.ts';
import { CliError } from '../errors.ts';
import { startCountdown } from '../grant/countdown.ts';
import { startLoopbackReceiver, type ReceivedCallback } from '../grant/loopbackReceiver.ts';
import type { CliIo } from '../io.ts';
import { exchangeCode } from '../tokens/exchangeCode.ts';
import { describeExpiry } from '../tokens/expiry.ts';

const HELP = `Usage: plugboard grant --app <app.json> --out <user.json> [options]

Authorizes one user through a loopback redirect (RFC 8252) and writes their tokens.
Register http://127.0.0.1:<port>/callback as a redirect URI with the provider.

Options:
  --app <file>       app credentials (see plugboard scaffold)
  --out <file>       where to write the user credentials (mode 0600); never an existing file
  --force            replace an existing --out file (atomically)
  --scope <scope>    a scope to request; repeat or space-separate (default: the preset's)
  --port <n>         loopback port for the redirect, 0 = any free port (default 0)
  --timeout <s>      seconds to wait for the browser (default 300)
  --no-browser       print the URL only, do not try to open a browser
  -h, --help         show this help
`;

function scopesFrom(values: string[] | undefined, profile: ClientProfile): string[] {
  const given = (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter(Boolean);
  return given.length > 0 ? given : [...profile.defaultScopes];
}

/** Waits for the callback, Ctrl-C, or the deadline, whichever comes first. */
function waitForCallback(next: Promise<ReceivedCallback>, timeoutMs: number, signal: AbortSignal): Promise<ReceivedCallback> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new CliError(`no authorization arrived within ${timeoutMs / 1000} s`)), timeoutMs);
    const onAbort = () => reject(new CliError('interrupted'));
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
    next.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    });
  });
}

/** Checks the redirect, exchanges the code, answers the browser; throws what the terminal should say. */
async function complete(
  callback: ReceivedCallback,
  profile: ClientProfile,
  pkce: { redirectUri: string; codeVerifier: string; scope: string },
) {
  if (callback.error !== undefined) {
    // The page names only a known RFC 6749 / OIDC code (SECURITY 28); the terminal, the user's own, gets the text.
    callback.answer(400, 'Authorization refused', `The provider answered: ${displayableErrorCode(callback.error)}. Nothing was saved.`);
    throw new CliError(`the authorization was refused (${sanitizeProviderText(callback.error, 100)})`);
  }
  // RFC 9207 §2.4: an `iss` that is not the expected issuer means a mix-up; never redeem the code.
  if (profile.issuer !== undefined && callback.iss !== undefined && callback.iss !== profile.issuer) {
    callback.answer(400, 'Refused', 'The response comes from an unexpected issuer. Nothing was saved.');
    throw new CliError('the authorization response came from an unexpected issuer');
  }
  if (callback.code === undefined || callback.code === '') {
    callback.answer(400, 'Refused', 'The response has no authorization code. Nothing was saved.');
    throw new CliError('the authorization response has no code');
  }
  try {
    return await exchangeCode(profile, { code: callback.code, ...pkce, requestedScope: pkce.scope });
  } catch (error) {
    callback.answer(502, 'Token exchange failed', 'The provider did not issue a token. See the terminal.');
    throw new CliError(`the token exchange failed: ${describeError(error)}`);
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      app: { type: 'string' },
      out: { type: 'string' },
      scope: { type: 'string', multiple: true },
      port: { type: 'string' },
      timeout: { type: 'string' },
      'no-browser': { type: 'boolean' },
      force: { type: 'boolean' },
    },
    0,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const appArg = requiredOption('app', values.app);
  const outArg = requiredOption('out', values.out);
  const appPath = resolve(io.cwd, appArg);
  const outPath = resolve(io.cwd, outArg);
  const port = integerOption('port', values.port, 0, 0, 65535);
  const timeoutMs = integerOption('timeout', values.timeout, 300, 1, 3600) * 1000;

  const force = values.force === true;
  // Refused before the browser opens: a user.json holds someone's refresh token, and losing it to
  // a mistyped --out cannot be undone. The write below refuses too, should one appear meanwhile.
  if (!force && (await exists(outPath))) throw new CliError(`${outArg} already exists; pass --force to overwrite it`);

  const profile = clientProfile(await readAppCredentials(appPath));
  await warnIfReadableByOthers(appPath, (text) => io.stderr.write(text), appArg);
  const scopes = scopesFrom(values.scope, profile);

  // RFC 6749 §10.12 state and RFC 7636 PKCE, both fresh per grant.
  const state = randomToken(32);
  const codeVerifier = createCodeVerifier();
  const receiver = await startLoopbackReceiver({
    port,
    state,
    onRefused: (reason) => io.stderr.write(`\nrefused a request to the redirect URI: ${reason}\n`),
  });
  try {
    const url = buildAuthorizationUrl({
      authorizationEndpoint: profile.authorizationEndpoint,
      clientId: profile.client.clientId,
      redirectUri: receiver.redirectUri,
      scopes,
      scopeSeparator: profile.scopeSeparator,
      ...(profile.scopeParameter === undefined ? {} : { scopeParameter: profile.scopeParameter }),
      state,
      codeChallenge: codeChallengeS256(codeVerifier),
      extraParams: profile.extraAuthParams,
    });
    io.stderr.write(`Open this URL to authorize (the redirect URI is ${receiver.redirectUri}):\n`);
    io.stdout.write(`${url.href}\n`);
    if (values['no-browser'] !== true) io.openUrl(url.href);

    const stopCountdown = startCountdown(io, Date.now() + timeoutMs, 'Waiting for the authorization…');
    let callback: ReceivedCallback;
    try {
      callback = await waitForCallback(receiver.next(), timeoutMs, io.signal);
    } finally {
      stopCountdown();
    }
    const token = await complete(callback, profile, {
      redirectUri: receiver.redirectUri,
      codeVerifier,
      scope: scopes.join(' '),
    });
    try {
      await writeUserCredentials(outPath, token, { overwrite: force });
    } catch (error) {
      callback.answer(500, 'Not saved', 'The token could not be written. See the terminal.');
      throw error;
    }
    callback.answer(200, 'Authorized', 'plugboard saved the credentials. You can close this tab.');
    const refresh = token.refreshToken === undefined ? 'no refresh token' : 'with a refresh token';
    io.stderr.write(`Wrote ${outArg}: scope "${token.scope}", ${describeExpiry(token.expiresAt)}, ${refresh}.\n`);
    await warnIfNotIgnored(outPath, (text) => io.stderr.write(text), outArg);
    return 0;
  } finally {
    await receiver.close();
  }
}

export const grantCommand: Command = {
  name: 'grant',
  summary: 'authorize one user through a loopback redirect and save their tokens',
  help: HELP,
  run,
};
