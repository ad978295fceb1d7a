import { ConfigurationError } from '@plugboard/oauth2';
import { isPresetName, presets, resolvePreset, type ProviderPreset } from '@plugboard/oauth2/providers';
import { CliError, UsageError } from '../errors.ts';

export const PRESET_NAMES: readonly string[] = Object.keys(presets);

/**
 * The preset an app file or `--provider` names. An unknown name is a usage error listing the
 * known ones; bad `provider_options` fail with the preset's own message.
 */
export function findPreset(name: string, options?: unknown): ProviderPreset {
  if (!isPresetName(name)) {
    throw new UsageError(`unknown provider "${name.slice(0, 40)}"; known: ${PRESET_NAMES.join(', ')}`);
  }
  try {
    return resolvePreset(name, options);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new CliError(`provider ${name}: ${error.message}`);
    throw error;
  }
}
