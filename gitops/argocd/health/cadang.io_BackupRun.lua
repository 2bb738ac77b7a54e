-- Argo CD health check for cadang.io/BackupRun (argocd-cm key
-- resource.customizations.health.cadang.io_BackupRun).
local hs = {}
local phase = nil
if obj.status ~= nil then
  phase = obj.status.phase
end

if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "backup " .. (obj.status.backupId or "") .. " succeeded"
elseif phase == "Failed" then
  hs.status = "Degraded"
  hs.message = (obj.status.failureReason or "Failed") .. ": " .. (obj.status.failureMessage or "")
else
  hs.status = "Progressing"
  if phase ~= nil then
    hs.message = "phase " .. phase
  else
    hs.message = "waiting for the operator"
  end
end
return hs
