// The app module: its default export is the App class (what a host installs), `info` its manifest.
export { default, ALIAS, GOOGLE_ENDPOINTS, info, type ServerEndpoints } from './OAuth2BasicApp.ts';
export { localEndpoints, main, type MainOptions } from './main.ts';
