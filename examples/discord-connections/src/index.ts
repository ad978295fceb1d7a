// The app module: its default export is the App class (what a host installs), `info` its manifest.
export { default, info, type ServerOptions } from './DiscordConnectionsApp.ts';
export { ALIAS, DISCORD_API, DISCORD_API_SETTING, SCOPES, WAIT_MS } from './constants.ts';
