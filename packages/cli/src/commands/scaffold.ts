import { resolve } from 'node:path';
import { parseCommandArgs } from '../args.ts';
import type { Command } from '../command.ts';
import { createSecretFile } from '../credentials/files.ts';
import { warnIfNotIgnored } from '../credentials/gitIgnore.ts';
import { findPreset } from '../credentials/presets.ts';
import type { CliIo } from '../io.ts';

const HELP = `Usage: plugboard scaffold [file] [--provider <name>] [--force]

Writes an app credentials template (default app_credentials.json) with mode 0600:
  id, secret            the client id and secret the provider gave you
  auth_uri, token_uri   the provider's authorization and token endpoints
  revoke_uri            optional RFC 7009 revocation endpoint
  provider              optional preset name; it supplies the provider's quirks
  issuer                optional; when set, a callback's iss must equal it (RFC 9207)

Options:
  --provider <name>   pre-fill the endpoints from a preset (google, discord, github, ...)
  --force             overwrite an existing file
  -h, --help          show this help

Keep the file out of version control: scaffold warns when git does not ignore it.
`;

/** The template: every field present, so the user sees what to fill in. */
function template(providerName: string | undefined): Record<string, string> {
  const file: Record<string, string> = { id: '', secret: '', auth_uri: '', token_uri: '', revoke_uri: '', provider: '' };
  if (providerName === undefined) return file;
  const preset = findPreset(providerName);
  file['auth_uri'] = preset.authorizationEndpoint;
  file['token_uri'] = preset.tokenEndpoint;
  // Only an RFC 7009 endpoint fits this field; the preset knows the other styles by itself.
  if (preset.revocation.style === 'rfc7009') file['revoke_uri'] = preset.revocation.endpoint;
  file['provider'] = preset.id;
  if (preset.issuer !== undefined) file['issuer'] = preset.issuer;
  return file;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    argv,
    { provider: { type: 'string' }, force: { type: 'boolean' } },
    1,
  );
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  const path = positionals[0] ?? 'app_credentials.json';
  const content = template(values.provider);
  await createSecretFile(resolve(io.cwd, path), content, values.force === true);
  io.stderr.write(`Wrote ${path} (mode 0600). Fill in "id" and "secret" from the provider's developer console.\n`);
  io.stderr.write('For plugboard grant, register http://127.0.0.1:<port>/callback as a redirect URI.\n');
  await warnIfNotIgnored(resolve(io.cwd, path), (text) => io.stderr.write(text), path);
  return 0;
}

export const scaffoldCommand: Command = {
  name: 'scaffold',
  summary: 'write an app credentials template (mode 0600)',
  help: HELP,
  run,
};
