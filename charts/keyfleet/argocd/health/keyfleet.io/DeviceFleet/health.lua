-- Argo CD health check for keyfleet.io/DeviceFleet (docs/argocd.md).
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

-- Ready=False reasons that go away on their own; every other one needs a person (a missing or
-- invalid policy, template, issuer, CA or signing-key Secret, the operator's namespace).
local transient = {
  SigningKeyConflict = true, -- the signing-key Secret changed meanwhile; the operator retries
  AwaitingCrlSigner = true,  -- cert-manager mode: the CRL-signing certificate is being issued
}

local function devices()
  local d = obj.status.devices
  if d == nil then
    return ""
  end
  return "; devices: " .. (d.total or 0) .. " total, " .. (d.ready or 0) .. " ready, "
    .. (d.renewalDue or 0) .. " renewal due, " .. (d.expiringSoon or 0) .. " expiring soon, "
    .. (d.revoked or 0) .. " revoked, " .. (d.failed or 0) .. " failed"
end

local function signingRotation()
  local s = obj.status.signing
  if s == nil or s.pendingKeyId == nil then
    return ""
  end
  return "; update-signing key " .. s.pendingKeyId .. " waits until every device trusts it ("
    .. (s.devicesWithCurrentTrust or 0) .. " do)"
end

local waiting = notYetObserved()
if waiting ~= nil then
  return waiting
end

local ready = condition("Ready")
if ready == nil or ready.status == "Unknown" then
  return { status = "Progressing", message = ready and explain(ready) or "waiting for the Ready condition" }
end
if ready.status == "True" then
  return { status = "Healthy", message = say(ready) .. devices() .. signingRotation() }
end
if transient[ready.reason] then
  return { status = "Progressing", message = explain(ready) }
end
return { status = "Degraded", message = explain(ready) }
