export { startAuthorizationServer, DEFAULT_SCOPES } from './server.ts';
export { DEFAULT_ACCOUNTS } from './accounts.ts';
export {
  completeConsent,
  ConsentFlowError,
  type CompleteConsentOptions,
  type ConsentResult,
  type FollowedConsentResult,
} from './consent.ts';
export { parseCallbackUrl, type CallbackParameters } from './callback-url.ts';
export { completeDeviceAuthorization, type CompleteDeviceAuthorizationOptions, type DeviceAuthorizationResult } from './device.ts';
export type { DevicePoll } from './device-polling.ts';
export type {
  AccountSpec,
  AuthorizationServer,
  AuthorizationServerCounters,
  AuthorizationServerEndpoints,
  AuthorizationServerOptions,
  ClientSpec,
  DeviceFlowOptions,
  GrantType,
  IntrospectionResponse,
  ServedRequest,
  TokenRequestRecord,
  TokenEndpointAuthMethod,
} from './types.ts';
export { bindingCodeFrom, confirmBindingInChat, type InteractingHost } from './binding-code.ts';
