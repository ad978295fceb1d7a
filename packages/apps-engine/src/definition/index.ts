// The definition layer apps import. It is Rocket.Chat's own published contract, the MIT
// definition-only package `@rocket.chat/apps-engine`, re-exported whole (one type world: an app
// written against it runs here unmodified), plus Plugboard's few extensions, which an app
// feature-detects so that it still runs on a Rocket.Chat server. Nothing here imports `server/`.
export * from '@rocket.chat/apps-engine/definition/accessors/index.js';
export * from '@rocket.chat/apps-engine/definition/api/index.js';
export * from '@rocket.chat/apps-engine/definition/assets/index.js';
export * from '@rocket.chat/apps-engine/definition/email/index.js';
export * from '@rocket.chat/apps-engine/definition/exceptions/index.js';
export type * from '@rocket.chat/apps-engine/definition/federation/index.js';
export * from '@rocket.chat/apps-engine/definition/externalComponent/index.js';
export * from '@rocket.chat/apps-engine/definition/livechat/index.js';
export * from '@rocket.chat/apps-engine/definition/messages/index.js';
export * from '@rocket.chat/apps-engine/definition/metadata/index.js';
export * from '@rocket.chat/apps-engine/definition/outboundCommunication/index.js';
export * from '@rocket.chat/apps-engine/definition/persistence/index.js';
export * from '@rocket.chat/apps-engine/definition/roles/index.js';
export * from '@rocket.chat/apps-engine/definition/rooms/index.js';
export * from '@rocket.chat/apps-engine/definition/scheduler/index.js';
export * from '@rocket.chat/apps-engine/definition/settings/index.js';
export * from '@rocket.chat/apps-engine/definition/slashcommands/index.js';
export * from '@rocket.chat/apps-engine/definition/ui/index.js';
export * from '@rocket.chat/apps-engine/definition/uikit/index.js';
export * from '@rocket.chat/apps-engine/definition/uploads/index.js';
export * from '@rocket.chat/apps-engine/definition/users/index.js';
export * from '@rocket.chat/apps-engine/definition/videoConferences/index.js';
export type * from '@rocket.chat/apps-engine/definition/videoConfProviders/index.js';
// Members the official folder indexes leave out, exported here so one import serves every app.
export type * from '@rocket.chat/apps-engine/definition/accessors/IContactCreator.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IContactRead.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IEmailCreator.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IOAuthApp.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IOAuthAppsModify.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IOAuthAppsReader.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IThreadRead.js';
export type * from '@rocket.chat/apps-engine/definition/accessors/IUserUpdater.js';
export type * from '@rocket.chat/apps-engine/definition/cloud/IWorkspaceToken.js';
export type * from '@rocket.chat/apps-engine/definition/permissions/IPermission.js';
export type * from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext.js';
export type * from '@rocket.chat/apps-engine/definition/messages/IPostMessageSentToBot.js';
export type * from '@rocket.chat/apps-engine/definition/users/IUserSettings.js';
export type * from '@rocket.chat/apps-engine/definition/uploads/IUploadDescriptor.js';
export type * from '@rocket.chat/apps-engine/definition/uploads/IUploadDetails.js';
export type * from '@rocket.chat/apps-engine/definition/externalComponent/IExternalComponentOptions.js';
export * from '@rocket.chat/apps-engine/definition/uikit/IUIKitIncomingInteractionActionButton.js';
export * from '@rocket.chat/apps-engine/definition/uikit/IUIKitView.js';
export * from '@rocket.chat/apps-engine/definition/uikit/UIKitIncomingInteractionContainer.js';
export * from '@rocket.chat/apps-engine/definition/uikit/UIKitIncomingInteractionTypes.js';
export * from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionPayloadFormatter.js';
export * from '@rocket.chat/apps-engine/definition/uikit/UIKitInteractionResponder.js';
export { App } from '@rocket.chat/apps-engine/definition/App.js';
export { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus.js';
export type { IApp } from '@rocket.chat/apps-engine/definition/IApp.js';

// Plugboard's extensions.
export type * from './extensions/appInfo.ts';
export * from './extensions/associations.ts';
export * from './extensions/accessors.ts';
export * from './extensions/http.ts';
export type * from './extensions/locks.ts';
export type * from './extensions/persistence.ts';
export * from './extensions/notifyUser.ts';
export * from './extensions/scheduler.ts';
export * from './extensions/interactions.ts';
