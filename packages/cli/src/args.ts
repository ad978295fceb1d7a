import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type CommandConfig<O extends Options> = {
  args: string[];
  options: O & { help: { type: 'boolean'; short: 'h' } };
  allowPositionals: true;
  strict: true;
};
/** Spelled out so declaration emit can name it (parseArgs' own result types are not exported). */
type CommandArgs<O extends Options> = ReturnType<typeof parseArgs<CommandConfig<O>>>;

/**
 * node:util parseArgs in strict mode, with `--help` added and its errors turned into usage errors
 * (exit code 2). Unknown options and missing values are refused, never guessed.
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, maxPositionals: number): CommandArgs<O> {
  let parsed: CommandArgs<O>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    // parseArgs' messages name the option, never its value.
    throw new UsageError(error instanceof Error ? error.message : 'invalid arguments');
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new UsageError(maxPositionals === 0 ? 'this command takes no arguments' : `too many arguments (at most ${maxPositionals})`);
  }
  return parsed;
}

/** A whole number in [min, max], from an option's text. */
export function integerOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return value;
}

export function requiredOption(name: string, value: string | undefined): string {
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}
