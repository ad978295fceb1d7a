import { createHash } from 'node:crypto';

/** The commands the scripts need from a node-redis client (the one `@keyv/redis` holds). */
export interface RedisScriptClient {
  evalSha(sha: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

/** The record's lock was held, or the record is not in the shape a script handles: take the locked path. */
export const LOCKED_PATH = Symbol('locked path');

// Shared by both scripts: KEYS[1] is the record, KEYS[2] its record lock. A held lock, or a record
// the script cannot read with certainty (not Keyv's envelope around a `{"d":…,"a":…}` text, or
// past its Keyv expiry), sends the caller to the locked path.
const READ = `
if redis.call('exists', KEYS[2]) == 1 then return 'locked' end
local raw = redis.call('get', KEYS[1])
local value
if raw then
  local ok, envelope = pcall(cjson.decode, raw)
  if not ok or type(envelope) ~= 'table' or type(envelope.value) ~= 'string' or string.sub(envelope.value, 1, 1) ~= '{' then return 'locked' end
  if envelope.expires ~= nil then
    local now = redis.call('time')
    if type(envelope.expires) ~= 'number' or envelope.expires <= tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) then return 'locked' end
  end
  value = envelope.value
end
`;

/** Removes the record when it carries no associations (nothing to unindex); answers its stored text in a list. */
const CLAIM = `${READ}
if not raw then return false end
if string.sub(value, -8) ~= ',"a":[]}' then return 'locked' end
redis.call('del', KEYS[1])
return { raw }
`;

/**
 * Writes ARGV[2] (the new envelope; ARGV[3] its ttl in ms, '0' for none) over a record whose
 * associations are ARGV[1] (the text's tail `,"a":[…]}`), or where there is none when ARGV[4] is '1'.
 */
const REPLACE = `${READ}
if raw then
  if string.sub(value, -string.len(ARGV[1])) ~= ARGV[1] then return 'locked' end
elseif ARGV[4] ~= '1' then
  return 'locked'
end
if ARGV[3] ~= '0' then redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) else redis.call('set', KEYS[1], ARGV[2]) end
return 'written'
`;

/**
 * A record claim and a record replace on Redis, each one atomic script instead of four commands
 * (take the record lock, read, write, release). A script runs only while nobody holds the record's
 * lock and does what the locked path would have done with it, at once: to every other caller, on
 * any host, it is as if it had taken and released the lock. Anything else (a held lock, a record
 * with associations to unindex, a shape it cannot read with certainty) answers `LOCKED_PATH`, and
 * the bridge does the work under the lock as before. Scripts go by SHA (EVALSHA), loaded on first use.
 */
export class RedisRecordScripts {
  constructor(private readonly client: () => Promise<RedisScriptClient>) {}

  /** The record's stored text if this call removed it; `undefined` when there was none. */
  async claim(recordKey: string, lockKey: string): Promise<string | undefined | typeof LOCKED_PATH> {
    const answer = await this.run(CLAIM, [recordKey, lockKey], []);
    if (answer === null || answer === undefined) return undefined;
    return Array.isArray(answer) && typeof answer[0] === 'string' ? answer[0] : LOCKED_PATH;
  }

  /** Writes `text` over a record carrying exactly `associationsTail` (or a missing one, with `create`). */
  async replace(recordKey: string, lockKey: string, associationsTail: string, text: string, ttlMs: number | undefined, create: boolean): Promise<true | typeof LOCKED_PATH> {
    const answer = await this.run(REPLACE, [recordKey, lockKey], [associationsTail, text, String(ttlMs ?? 0), create ? '1' : '0']);
    return answer === 'written' ? true : LOCKED_PATH;
  }

  private async run(script: string, keys: string[], args: string[]): Promise<unknown> {
    const client = await this.client();
    try {
      return await client.evalSha(sha1(script), { keys, arguments: args });
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(script, { keys, arguments: args });
    }
  }
}

const shas = new Map<string, string>();
function sha1(script: string): string {
  let sha = shas.get(script);
  if (sha === undefined) {
    sha = createHash('sha1').update(script).digest('hex');
    shas.set(script, sha);
  }
  return sha;
}
