/** Names the settings (`github-oauth-client-id`, ...) and the stored records. */
export const ALIAS = 'github';
/** What /connect asks for. */
export const SCOPES = ['read:user'];
/** Where the bot reads who the user is: GitHub's `GET /user` (`login`), or an OpenID userinfo (`preferred_username`). */
export const PROFILE_URL_SETTING = 'device-bot-profile-url';
export const PROFILE_URL = 'https://api.github.com/user';
