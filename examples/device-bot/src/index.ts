// The app module: its default export is the App class (what a host installs), `info` its manifest.
export { default, info, type ServerOptions } from './DeviceBotApp.ts';
export { ALIAS, PROFILE_URL, PROFILE_URL_SETTING, SCOPES } from './constants.ts';
