import { ConfigurationError } from '../errors.ts';
import { atlassian } from './atlassian.ts';
import { discord } from './discord.ts';
import { dropbox } from './dropbox.ts';
import { github } from './github.ts';
import { gitlab } from './gitlab.ts';
import { google } from './google.ts';
import { linear } from './linear.ts';
import { microsoft } from './microsoft.ts';
import { notion } from './notion.ts';
import { reddit } from './reddit.ts';
import { slack } from './slack.ts';
import { spotify } from './spotify.ts';
import { twitch } from './twitch.ts';
import { zoom } from './zoom.ts';
import type { ProviderPreset } from './types.ts';

/** Every preset factory by name, so configuration can say `"provider": "google"`. */
export const presets = Object.freeze({
  google,
  discord,
  github,
  microsoft,
  slack,
  gitlab,
  spotify,
  twitch,
  zoom,
  notion,
  dropbox,
  atlassian,
  linear,
  reddit,
});

export type PresetName = keyof typeof presets;

export function isPresetName(name: string): name is PresetName {
  return Object.prototype.hasOwnProperty.call(presets, name);
}

/** Builds a preset from a name and untyped options (a JSON config); the factory validates them. */
export function resolvePreset(name: string, options?: unknown): ProviderPreset {
  if (!isPresetName(name)) {
    throw new ConfigurationError(`Unknown provider "${name.slice(0, 40)}"; known: ${Object.keys(presets).join(', ')}`);
  }
  return (presets[name] as (options?: unknown) => ProviderPreset)(options);
}
