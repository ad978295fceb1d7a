/** Names the callback endpoint (`google-callback`) and the settings (`google-oauth-client-id`, ...). */
export const ALIAS = 'google';
/** Read-only access to the user's calendars (https://developers.google.com/calendar/api/auth). */
export const CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar.readonly';
/** The setting that says where the Calendar API lives; the user's token is sent there. */
export const CALENDAR_API_SETTING = 'calendar-api-base-url';
export const CALENDAR_API = 'https://www.googleapis.com/calendar/v3';
