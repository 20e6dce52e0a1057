--[[
  Stores a version of a scan if it is newer than the stored one and the stored one is not final, so that a late write
  (an instance presumed lost, a version overtaken) can never undo a final state (src/cluster/scan-records.ts, `write`).
  A version carries either every field of the record or only those that changed since `baseVersion`; the latter is
  refused with -1 unless the store holds exactly that base (a write lost in an outage), and the writer sends it whole.
  Publishes the new version number on the scan's channel (when asked to): readers elsewhere fetch what they need.
  Answers 1 (stored), 0 (not newer), -1 (base missing: send whole), -2 (the stored version is final).

  KEYS[1] scan         the scan's hash
  KEYS[2] activeScan   the user's "one running scan" lock
  KEYS[3] running      scans an instance runs, scored by deadline ms
  KEYS[4] queued       scans waiting for an instance
  KEYS[5] userScans    the user's scans, scored by creation ms

  ARGV[1] version
  ARGV[2] baseVersion  '' when every field is sent
  ARGV[3] done         '1' for a final version
  ARGV[4] ttlMs        how long the record lives from now (set on the first write of an owner and on the final one)
  ARGV[5] scanId
  ARGV[6] instance     the owner ('' for a scan finalised while never placed)
  ARGV[7] channel      where versions are published
  ARGV[8] deadlineMs   the running set's score
  ARGV[9] userId
  ARGV[10] createdAtMs
  ARGV[11] publish      '1': announce the version ('0': stored only, nobody listens; a final version is always announced)
  ARGV[12…] fields, as field, value, … (src/cluster/scan-record-fields.ts)
]]
local scan, activeScan, running, queued, userScans = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local version, baseVersion, done, ttlMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local scanId, instance, channel, deadlineMs = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local userId, createdAtMs, publish = ARGV[9], ARGV[10], ARGV[11]

local cur = redis.call('HMGET', scan, 'v', 'done', 'instance')
local storedVersion, storedDone, storedInstance = cur[1], cur[2], cur[3]
if storedDone == '1' then return -2 end
if storedVersion and tonumber(storedVersion) >= tonumber(version) then return 0 end
if baseVersion ~= '' and storedVersion ~= baseVersion then return -1 end

redis.call('HSET', scan, 'v', version, 'done', done, 'instance', instance, unpack(ARGV, 12))
local moved = storedInstance ~= instance
if not storedVersion then
  -- No record: Redis lost its data (restarted without persistence) and the owner writes the scan again after the outage.
  -- Restore what START wrote beside it, or the scan would be readable but neither in its user's list nor seen as theirs
  -- by the routes that check the owner field (trace, inspect).
  redis.call('HSET', scan, 'user', userId, 'cancel', '0')
  redis.call('ZADD', userScans, createdAtMs, scanId)
  -- A scan still running holds its user's "one running scan" lock again (unless another scan took it meanwhile).
  if done == '0' then redis.call('SET', activeScan, scanId, 'NX', 'PX', ttlMs) end
end
-- A version between an owner's first and its final one changes no lifetime and no index: it costs three commands, four
-- when announced.
if moved or done == '1' or not storedVersion then
  redis.call('PEXPIRE', scan, ttlMs)
  -- The user's list outlives every record it indexes. START gave it the record's first lifetime, which an owner's first
  -- write does not extend (its deadline is within it); a final write, or a restored record, may.
  if (done == '1' or not storedVersion) and redis.call('PTTL', userScans) < tonumber(ttlMs) then redis.call('PEXPIRE', userScans, ttlMs) end
end
if publish == '1' or done == '1' then redis.call('PUBLISH', channel, version) end
if done == '1' then
  if redis.call('GET', activeScan) == scanId then redis.call('DEL', activeScan) end
  if storedInstance ~= '' or not storedVersion then redis.call('ZREM', running, scanId) end
  if storedInstance == '' or not storedVersion then redis.call('ZREM', queued, scanId) end
elseif moved and instance ~= '' then
  redis.call('ZREM', queued, scanId)
  redis.call('ZADD', running, deadlineMs, scanId)
end
return 1
