// @plugboard/oauth2: a secure OAuth 2.0 authorization-code client for Plugboard apps.
export { createOAuth2Client } from './createOAuth2Client.ts';
export type { OAuth2Client } from './client/OAuth2Client.ts';
export type {
  BindingConfirmationStatus,
  IAccountOptions,
  IAuthorizationOptions,
  IBindingConfirmationResult,
  IBindingOptions,
  IDeviceAuthorization,
  IOAuth2Account,
  IOAuth2Client,
  IWaitForAccessTokenOptions,
  IWaitForAccessTokenResult,
} from './IOAuth2Client.ts';
export type { IOAuth2ClientOptions, AuthorizationCallback, IAuthorizationCallbackInfo, IAuthorizationCallbackResult } from './options.ts';
export type { IAuthData } from './IAuthData.ts';
export type { IWithAccessTokenOptions } from './client/withAccessToken.ts';
export { isUnauthorized } from './client/unauthorized.ts';
export type { IRelinkMessageOptions, IRelinkNotice } from './chat/relinkOptions.ts';
export type { IBackgroundRefreshOptions } from './background/options.ts';
export type { ConnectionState, IConnectionStatus, ReauthReason, UnavailableReason } from './health/connectionStatus.ts';
export type { OAuth2ClientEvents, OAuth2EventName, OAuth2Listener } from './events/events.ts';
export * from './errors.ts';
export { expireForDevelopment, useDevelopmentAuthorizationServer } from './development.ts';
export { EmbeddedDevicePollScheduler, type EmbeddedDevicePollSchedulerOptions, type IDevicePollScheduler, type DevicePollRun, type DevicePollAccessors } from './device/pollScheduler.ts';
export type { ClientAuthMethod } from './core/clientAuth.ts';
