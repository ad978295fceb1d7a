import { createRequire } from 'node:module';
import { expect, test } from 'vitest';
import * as definition from '../src/definition/index.ts';

// `@plugboard/apps-engine` is Rocket.Chat's own definition package re-exported, not a copy: an app
// may import from either and get the same classes and enums.
const require = createRequire(import.meta.url);

test.each([
  ['App', 'App'],
  ['AppStatus', 'AppStatus'],
  ['SettingType', 'settings/index'],
  ['ApiVisibility', 'api/index'],
  ['ApiSecurity', 'api/index'],
  ['HttpStatusCode', 'accessors/index'],
  ['RocketChatAssociationRecord', 'metadata/index'],
  ['RocketChatAssociationModel', 'metadata/index'],
  ['BlockBuilder', 'uikit/index'],
  ['UIKitBlockInteractionContext', 'uikit/index'],
  ['SlashCommandContext', 'slashcommands/index'],
  ['RoomType', 'rooms/index'],
  ['StartupType', 'scheduler/index'],
  ['UIActionButtonContext', 'ui/index'],
  ['UIKitInteractionResponder', 'uikit/UIKitInteractionResponder'],
] as const)('%s is the official one', (name, module) => {
  const official = require(`@rocket.chat/apps-engine/definition/${module}`) as Record<string, unknown>;
  expect(official[name]).toBeDefined();
  expect((definition as Record<string, unknown>)[name]).toBe(official[name]);
});

test('the porting aliases are the official classes under short names', () => {
  expect(definition.AssociationRecord).toBe(definition.RocketChatAssociationRecord);
  expect(definition.AssociationModel).toBe(definition.RocketChatAssociationModel);
});
