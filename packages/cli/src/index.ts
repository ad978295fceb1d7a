// @plugboard/cli: the `plugboard` command, and the same credential files as a library for scripts.
export { main, COMMANDS } from './main.ts';
export type { CliIo } from './io.ts';
export type { Command } from './command.ts';
export { CliError, UsageError } from './errors.ts';
export { fromCredentialFiles, REFRESH_WINDOW_MS, type CredentialFiles, type RefreshListener } from './tokens/fromCredentialFiles.ts';
export { readAppCredentials, type AppCredentials } from './credentials/appCredentials.ts';
export { startDevHost, type DevHost, type DevHostOptions } from './dev/startDevHost.ts';
export { DEV_ISSUER_ENV } from './dev/localAuthServer.ts';
export { readUserCredentials, writeUserCredentials, type UserCredentials } from './credentials/userCredentials.ts';
