/** Names the callback endpoint (`discord-callback`) and the settings (`discord-oauth-client-id`, ...). */
export const ALIAS = 'discord';
/** DisCatSharp's "identify connections". */
export const SCOPES = ['identify', 'connections'];
/** The setting that says where the Discord API lives; the user's token is sent there. */
export const DISCORD_API_SETTING = 'discord-api-base-url';
export const DISCORD_API = 'https://discord.com/api';
/** How long /connections waits for the user to authorize (DisCatSharp's one minute). */
export const WAIT_MS = 60_000;
