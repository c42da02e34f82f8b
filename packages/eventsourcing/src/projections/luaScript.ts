import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A Lua script called by EVALSHA. The sha is computed locally, so the script is sent (SCRIPT LOAD) only
 * when Redis does not know it yet: the first call, or after a Redis restart flushed its script cache.
 */
export class LuaScript {
  readonly sha: string;
  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly (string | number)[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      await redis.script('LOAD', this.source);
      return redis.evalsha(this.sha, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Applies a batch of messages' commands and advances the generation's checkpoint, atomically.
 * KEYS: pointers `current` and `building`, meta hash of the generation.
 * ARGV: generation, after (checkpoint the caller believes is stored), time (ms of the last message),
 *       batch JSON `[[position, [[cmd, ...args], ...]], ...]` in position order, all as strings.
 * Returns {status, checkpoint}: 1 applied, 0 nothing new (already applied, e.g. by another replica),
 * -1 gap (stored checkpoint is below `after`: Redis lost writes; re-read from it), -2 retired
 * (neither live nor being built: writing would resurrect keys that were or will be deleted).
 * Each message is guarded on its own, so replicas batching differently never apply one twice.
 */
export const applyBatchScript = new LuaScript(`
-- ZADDFIELD zset score hash field / ZREMFIELD zset hash field: the member is the value of a hash field an
-- earlier event wrote (a projection never reads, yet an index ordered by name must move an agency whose
-- status event does not carry its name). Nothing happens while the field is absent.
-- ZADDSCOREOF zset from member: adds the member with the score it has in sorted set \`from\` (nothing when it
-- is not there): a queue index gains a complaint on a status event that does not carry its queue position.
-- ZADDKEYFIELD prefix hash field score member: ZADD into the sorted set named prefix .. the field's value
-- (nothing while the field is absent or empty): rescores a member of an index named by an earlier event.
-- ZREMKEYWORDS prefix hash field member: ZREM the member from the sorted set prefix .. word for every
-- space-separated word of the field: an agency renamed leaves the word sets of its previous name.
local function run(command)
  local name = string.upper(command[1])
  if name == 'ZREMKEYWORDS' then
    for word in string.gmatch(redis.call('HGET', command[3], command[4]) or '', '%S+') do
      redis.call('ZREM', command[2] .. word, command[5])
    end
    return
  end
  if name == 'ZADDSCOREOF' then
    local score = redis.call('ZSCORE', command[3], command[4])
    if score then redis.call('ZADD', command[2], score, command[4]) end
    return
  end
  if name == 'ZADDKEYFIELD' then
    local value = redis.call('HGET', command[3], command[4])
    if value and value ~= '' then redis.call('ZADD', command[2] .. value, command[5], command[6]) end
    return
  end
  if name ~= 'ZADDFIELD' and name ~= 'ZREMFIELD' then return redis.call(unpack(command)) end
  local member = redis.call('HGET', command[#command - 1], command[#command])
  if not member then return end
  if name == 'ZADDFIELD' then redis.call('ZADD', command[2], command[3], member) else redis.call('ZREM', command[2], member) end
end
local stored = tonumber(redis.call('HGET', KEYS[3], 'checkpoint') or '0')
if redis.call('GET', KEYS[1]) ~= ARGV[1] and redis.call('GET', KEYS[2]) ~= ARGV[1] then return {-2, stored} end
if stored < tonumber(ARGV[2]) then return {-1, stored} end
local last = stored
local lastText = nil
for _, entry in ipairs(cjson.decode(ARGV[4])) do
  local position = tonumber(entry[1])
  if position > last then
    for _, command in ipairs(entry[2]) do run(command) end
    last = position
    lastText = entry[1]
  end
end
if lastText == nil then return {0, stored} end
redis.call('HSET', KEYS[3], 'checkpoint', lastText, 'time', ARGV[3])
return {1, last}
`);

/**
 * Reads the generation pointers and makes generation 1 live on the very first start: there is no
 * older model to protect, so it serves while it fills.
 * KEYS: current, building. ARGV: meta key prefix (`…:meta:g`), version.
 * Returns {current, live version, building, building version} ('' when absent).
 */
export const readGenerationsScript = new LuaScript(`
local current = redis.call('GET', KEYS[1])
if not current then
  current = '1'
  redis.call('SET', KEYS[1], current)
  redis.call('HSET', ARGV[1] .. current, 'version', ARGV[2])
end
local building = redis.call('GET', KEYS[2]) or ''
local buildingVersion = ''
if building ~= '' then buildingVersion = redis.call('HGET', ARGV[1] .. building, 'version') or '' end
return {current, redis.call('HGET', ARGV[1] .. current, 'version') or '', building, buildingVersion}
`);

/**
 * Claims a generation to rebuild into: joins the build in progress when it is for the same version
 * (replicas and restarts converge on one), refuses when newer code is building, otherwise opens
 * max(current, building) + 1 and returns the abandoned build (0 if none) for deletion.
 * KEYS: current, building. ARGV: meta key prefix, version. Returns {generation | -1, abandoned}.
 */
export const beginBuildScript = new LuaScript(`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local building = redis.call('GET', KEYS[2])
if building then
  local version = redis.call('HGET', ARGV[1] .. building, 'version')
  if version == ARGV[2] then return {tonumber(building), 0} end
  if version and tonumber(version) > tonumber(ARGV[2]) then return {-1, 0} end
end
local abandoned = tonumber(building or '0')
local generation = math.max(current, abandoned) + 1
redis.call('SET', KEYS[2], generation)
redis.call('HSET', ARGV[1] .. generation, 'version', ARGV[2])
return {generation, abandoned}
`);

/**
 * Makes a caught-up build live. KEYS: current, building. ARGV: generation.
 * Returns the retired generation (> 0), 0 when it was already live (another replica switched),
 * -1 when this build was abandoned.
 */
export const switchGenerationScript = new LuaScript(`
if redis.call('GET', KEYS[2]) == ARGV[1] then
  local old = tonumber(redis.call('GET', KEYS[1]) or '0')
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('DEL', KEYS[2])
  return old
end
if redis.call('GET', KEYS[1]) == ARGV[1] then return 0 end
return -1
`);
