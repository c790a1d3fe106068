-- Argo CD health check for keyfleet.io/UpdateCampaign (docs/argocd.md).
-- Argo CD runs it with the live object in the global obj and without Lua's standard libraries
-- (no string or math functions): only the base functions, table and os.
-- argocd-cm.yaml and argo-cd-values.yaml are generated from this file.

-- keyfleet: shared helpers begin (the same in the four scripts; ArgoCdHealthTest checks it)
local function condition(wanted)
  if obj.status == nil or obj.status.conditions == nil then
    return nil
  end
  for _, c in ipairs(obj.status.conditions) do
    if c.type == wanted then
      return c
    end
  end
  return nil
end

-- "Reason: message", as an on-call engineer reads it in the Argo CD UI.
local function explain(c)
  local text = c.reason or "NoReason"
  if c.message ~= nil and c.message ~= "" then
    text = text .. ": " .. c.message
  end
  return text
end

-- What a condition says, for a status that needs no reason in front.
local function say(c)
  if c.message ~= nil and c.message ~= "" then
    return c.message
  end
  return c.reason or ""
end

-- Until the operator has acted on the latest spec, the status describes an older one: Argo CD
-- must not take it for the outcome of the sync it just made.
local function notYetObserved()
  local observed = obj.status ~= nil and obj.status.observedGeneration or nil
  local generation = obj.metadata.generation
  if observed == nil then
    return { status = "Progressing",
      message = "waiting for the Keyfleet operator to reconcile this " .. obj.kind .. " for the first time" }
  end
  if generation ~= nil and observed < generation then
    return { status = "Progressing",
      message = "waiting for the Keyfleet operator to act on generation " .. generation
        .. " (the status describes generation " .. observed .. ")" }
  end
  return nil
end
-- keyfleet: shared helpers end

-- Pending: Ready=False reasons that go away on their own. The others (FleetNotFound,
-- FleetHasNoUpdateChannel, InvalidSpec) need a person, as they would in any phase.
local pendingTransient = {
  FleetNotReady = true,       -- the fleet is not Ready yet
  NoSigningKey = true,        -- the fleet's first update-signing key is on its way
  AwaitingPublication = true, -- everything resolved; publishing starts
}

-- Publishing: Published=False reasons worth retrying without a person (the operator retries with
-- a backoff). The others (Unauthorized, ArtifactNotFound, DigestMismatch, CredentialsNotFound,
-- InvalidCredentials, InvalidReference, InvalidRegistrySettings, SigningKeyMissing, ...) do not
-- get better by retrying.
local publishTransient = {
  NotPublished = true,        -- not tried yet
  RegistryUnreachable = true, -- no connection or no answer
  RegistryError = true,       -- the registry answered with an error (e.g. 5xx)
  SigningKeyConflict = true,  -- the signing-key Secret changed meanwhile
}

-- What a condition says; its reason is left out where the phase or the wave already says it.
local function detail(c, phase)
  if c == nil then
    return "waiting for the operator"
  end
  if c.reason == phase or c.reason == "Wave" .. (obj.status.currentWave or "") then
    return say(c)
  end
  return explain(c)
end

local function wave()
  local waves = obj.status.waves
  if obj.status.currentWave == nil or waves == nil or #waves == 0 then
    return ""
  end
  return " (current wave " .. obj.status.currentWave .. ", waves 0-" .. (#waves - 1) .. ")"
end

local function totals()
  local t = obj.status.totals
  if t == nil then
    return ""
  end
  return "; devices: " .. (t.eligible or 0) .. " eligible, " .. (t.assigned or 0) .. " assigned, "
    .. (t.inProgress or 0) .. " in progress, " .. (t.succeeded or 0) .. " succeeded, "
    .. (t.failed or 0) .. " failed, " .. (t.timedOut or 0) .. " timed out, " .. (t.skipped or 0) .. " skipped"
end

-- How a failed publication stands: nil while none failed; Progressing while retrying may fix it,
-- Degraded when it cannot.
local function publication()
  local published = condition("Published")
  if published == nil or published.status ~= "False" or published.reason == "NotPublished" then
    return nil, nil
  end
  if publishTransient[published.reason] then
    return "Progressing", published
  end
  return "Degraded", published
end

local waiting = notYetObserved()
if waiting ~= nil then
  return waiting
end

local phase = obj.status.phase
local ready = condition("Ready")
local progressing = condition("Progressing")
if phase == nil then
  return { status = "Progressing", message = "waiting for the Keyfleet operator to start the campaign" }
end
local prefix = phase .. wave() .. ": "

if phase == "Pending" then
  if ready ~= nil and ready.status == "False" and not pendingTransient[ready.reason] then
    return { status = "Degraded", message = prefix .. explain(ready) }
  end
  return { status = "Progressing", message = prefix .. detail(ready or progressing, phase) }
end
if phase == "Publishing" then
  local health, published = publication()
  if health ~= nil then
    return { status = health, message = prefix .. explain(published) }
  end
  return { status = "Progressing", message = prefix .. detail(progressing, phase) }
end
if phase == "Rolling" then
  return { status = "Progressing", message = prefix .. detail(progressing, phase) .. totals() }
end
if phase == "RollingBack" then
  -- Devices stay on the failed firmware until the rollback manifest is out. Published is not set
  -- back to True when a retry succeeds, so it counts only while the manifest has no digest.
  local manifest = obj.status.rollbackManifest
  if manifest == nil or manifest.digest == nil then
    local health, published = publication()
    if health ~= nil then
      return { status = health,
        message = prefix .. "the rollback manifest is not published: " .. explain(published) .. totals() }
    end
  end
  return { status = "Progressing", message = prefix .. detail(progressing, phase) .. totals() }
end
if phase == "Paused" then
  -- By spec.paused, or by onFailure: Pause after a failed wave; either way it waits for a person.
  return { status = "Suspended", message = prefix .. detail(progressing, phase) .. totals() }
end
if phase == "Succeeded" then
  return { status = "Healthy", message = prefix .. detail(progressing, phase) .. totals() }
end
if phase == "RolledBack" then
  -- The campaign failed, but the rollback it was told to do is complete: the fleet is back on
  -- known firmware, as the spec asked for that case.
  return { status = "Healthy",
    message = prefix .. detail(ready, phase) .. "; " .. detail(progressing, phase) .. totals() }
end
if phase == "Failed" or phase == "Aborted" then
  return { status = "Degraded", message = prefix .. detail(progressing, phase) .. totals() }
end
return { status = "Unknown", message = "unknown phase " .. phase }
