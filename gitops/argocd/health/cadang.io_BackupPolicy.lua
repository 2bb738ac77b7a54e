-- Argo CD health check for cadang.io/BackupPolicy (argocd-cm key
-- resource.customizations.health.cadang.io_BackupPolicy). Reads only status.conditions.
local hs = {}

local function condition(conditionType)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == conditionType then
        return c
      end
    end
  end
  return nil
end

local function says(c)
  if c.message ~= nil and c.message ~= "" then
    return c.type .. " " .. c.status .. " (" .. (c.reason or "") .. "): " .. c.message
  end
  return c.type .. " " .. c.status .. " (" .. (c.reason or "") .. ")"
end

if obj.status == nil or obj.status.observedGeneration == nil
    or (obj.metadata.generation ~= nil and obj.status.observedGeneration < obj.metadata.generation) then
  hs.status = "Progressing"
  hs.message = "waiting for the operator to observe this generation"
  return hs
end

if obj.spec ~= nil and obj.spec.suspend == true then
  hs.status = "Suspended"
  hs.message = "spec.suspend is true: no scheduled backups"
  return hs
end

local ready = condition("Ready")
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = says(ready)
  return hs
end

-- Conditions whose False means something is wrong now; other False reasons (no backup or drill
-- yet, nothing to measure) only mean it is early.
local degraded = {
  { "LastBackupSucceeded", { BackupFailed = true } },
  { "BackupsCurrent", { Stale = true } },
  { "WalArchiving", { StreamerNotReporting = true, BehindTarget = true, StreamerFailed = true, WalGap = true } },
  { "ReplicasInSync", { ReplicaLagging = true, ReplicaFailed = true } },
  { "RepositorySynced", { BackupsRefused = true, ForeignRepository = true, RepositoryUnreachable = true } },
  { "RPOMet", { AboveObjective = true } },
  { "RTOMet", { AboveObjective = true, DrillFailed = true } },
}
for _, entry in ipairs(degraded) do
  local c = condition(entry[1])
  if c ~= nil and c.status == "False" and entry[2][c.reason] then
    hs.status = "Degraded"
    hs.message = says(c)
    return hs
  end
end

local last = condition("LastBackupSucceeded")
if last == nil or last.status ~= "True" then
  hs.status = "Progressing"
  hs.message = "no backup has succeeded yet"
  return hs
end

hs.status = "Healthy"
hs.message = last.message or "the last backup succeeded"
return hs
