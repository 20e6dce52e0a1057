--[[
  Registers a new scan under its user's "one running scan" lock, atomically (src/cluster/scan-records.ts, `start`).
  Answers {'created', ''}, {'replaced', previousId} (force), {'reused', runningId} or {'full', queuedCount}.

  KEYS[1] activeScan   the user's running scan id (the lock)
  KEYS[2] scan         the new scan's hash
  KEYS[3] userScans    the user's scans, scored by creation ms
  KEYS[4] queued       scans waiting for an instance, scored by creation ms

  ARGV[1] scanId
  ARGV[2] lockTtlMs      how long the lock holds without a final version
  ARGV[3] ttlMs          how long the record lives without a later write
  ARGV[4] createdAtMs
  ARGV[5] force          '1': take the lock from a running scan (its id is answered, to be cancelled)
  ARGV[6] scanKeyPrefix  scan hash key = prefix .. id (to read the lock holder's record)
  ARGV[7] userId
  ARGV[8] maxQueued      the shared queue's bound
  ARGV[9…] the record's fields, as field, value, … (src/cluster/scan-record-fields.ts)
]]
local activeScan, scan, userScans, queued = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local scanId, lockTtlMs, ttlMs, createdAtMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local force, scanKeyPrefix, userId, maxQueued = ARGV[5], ARGV[6], ARGV[7], tonumber(ARGV[8])

local holder = redis.call('GET', activeScan)
local holderDone = nil
if holder then holderDone = redis.call('HGET', scanKeyPrefix .. holder, 'done') end
if holderDone == '0' and force ~= '1' then return {'reused', holder} end
local queuedCount = redis.call('ZCARD', queued)
if queuedCount >= maxQueued then return {'full', tostring(queuedCount)} end

redis.call('SET', activeScan, scanId, 'PX', lockTtlMs)
redis.call('HSET', scan, 'v', '1', 'done', '0', 'user', userId, 'instance', '', 'cancel', '0', unpack(ARGV, 9))
redis.call('PEXPIRE', scan, ttlMs)
redis.call('ZADD', userScans, createdAtMs, scanId)
-- The user's list lives as long as the longest-lived record it indexes (18.2: every key expires).
if redis.call('PTTL', userScans) < tonumber(ttlMs) then redis.call('PEXPIRE', userScans, ttlMs) end
redis.call('ZADD', queued, createdAtMs, scanId)
if holderDone == '0' then return {'replaced', holder} end
return {'created', ''}
