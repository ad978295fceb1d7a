import { afterEach, expect, test } from 'vitest';
import { SettingType } from '../src/definition/index.ts';
import { Redactor } from '../src/server/index.ts';
import { appWith, info } from './support/apps.ts';
import { startHost, type TestHost } from './support/host.ts';

let running: TestHost | undefined;
afterEach(async () => {
  await running?.host.close();
});

test.each([
  ['JSON body', '{"access_token":"at-123","token_type":"Bearer","refresh_token":"rt-456"}', ['at-123', 'rt-456'], 'Bearer'],
  ['form body', 'grant_type=authorization_code&code=c0de&code_verifier=ver1fier&client_secret=s3c', ['c0de', 'ver1fier', 's3c'], 'grant_type=authorization_code'],
  ['URL query', 'https://as.example/cb?code=abc123&state=xyz', ['abc123'], 'state=xyz'],
  ['inspected object', "{ client_secret: 'shh-1', id_token: 'eyJ.x.y', name: 'kept' }", ['shh-1', 'eyJ.x.y'], "name: 'kept'"],
  ['Authorization header', 'Authorization: Basic dXNlcjpwYXNz', ['dXNlcjpwYXNz'], 'Authorization'],
  ['bearer in text', 'sent Bearer abc.def-ghi to the API', ['abc.def-ghi'], 'to the API'],
  ['JSON code', '{"code":"the-code","error":"x"}', ['the-code'], '"error":"x"'],
])('redacts secrets in a %s', (_name, text, secrets, kept) => {
  const redacted = new Redactor().redact(text);
  for (const secret of secrets) {
    expect(redacted).not.toContain(secret);
  }
  expect(redacted).toContain(kept);
  expect(redacted).toContain('[redacted]');
});

test("error codes in inspected errors survive (`code: 'ECONNREFUSED'` is not a secret)", () => {
  expect(new Redactor().redact("{ code: 'ECONNREFUSED' }")).toContain('ECONNREFUSED');
});

test('app loggers prefix the app id, format like console.log and redact, including PASSWORD values', async () => {
  running = await startHost();
  const { host, logs } = running;
  const app = await host.install(
    appWith({ settings: [{ id: 'secret', type: SettingType.PASSWORD, packageValue: '', required: false, public: false, i18nLabel: 's' }] }),
    info('logs'),
  );
  await host.settings.set('logs', 'secret', 'plain-secret-value');
  const logger = app.getLogger();
  logger.info('token response', { access_token: 'at-999', expires_in: 3600 });
  logger.warn('client secret is', 'plain-secret-value');
  logger.error(new Error('failed with refresh_token=rt-777'));
  // Rocket.Chat's App constructor writes a debug line of its own; the console sink hides those.
  const lines = logs.filter((entry) => entry.appId === 'logs' && entry.level !== 'debug');
  expect(lines.map((entry) => entry.level)).toEqual(['info', 'warn', 'error']);
  const text = lines.map((entry) => entry.message).join('\n');
  for (const secret of ['at-999', 'plain-secret-value', 'rt-777']) {
    expect(text).not.toContain(secret);
  }
  expect(text).toContain('expires_in: 3600');
  expect(lines[0]?.time).toBeInstanceOf(Date);
});
