// The app module: its default export is the App class (what a host installs), `info` its manifest.
export { default, info, type ServerOptions } from './GoogleCalendarApp.ts';
export { ALIAS, CALENDAR_API, CALENDAR_API_SETTING, CALENDAR_SCOPE } from './constants.ts';
