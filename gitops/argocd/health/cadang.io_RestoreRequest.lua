-- Argo CD health check for cadang.io/RestoreRequest (argocd-cm key
-- resource.customizations.health.cadang.io_RestoreRequest). A drill is a RestoreRequest too.
local hs = {}
local phase = nil
if obj.status ~= nil then
  phase = obj.status.phase
end

if phase == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "restored backup " .. (obj.status.backupId or "")
  if obj.status.durationSeconds ~= nil then
    hs.message = hs.message .. " in " .. obj.status.durationSeconds .. " s"
  end
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
