-- Argo CD health check for keyfleet.io/DeviceIdentity (docs/argocd.md).
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

-- Ready=False reasons that go away on their own; every other one needs a person (FleetNotFound,
-- CSRRejected, IssuanceFailed, and any reason a later operator version adds).
local transient = {
  FleetNotReady = true,    -- the fleet is not Ready yet; its own health says why
  AwaitingIssuance = true, -- the fleet is ready; the certificate follows within seconds
  Conflict = true,         -- the device Secret changed while issuing; the operator retries
  AwaitingApproval = true, -- cert-manager mode: the CertificateRequest waits for its approver
  AwaitingIssuer = true,   -- cert-manager mode: the issuer has not signed yet (not ready, pending)
}

local waiting = notYetObserved()
if waiting ~= nil then
  return waiting
end

local ready = condition("Ready")
if ready == nil or ready.status == "Unknown" then
  return { status = "Progressing", message = ready and explain(ready) or "waiting for the Ready condition" }
end
-- Revocation is a state someone asked for, and it is final: the device is as it should be. Were
-- it Degraded, every sync of the fleet would fail on a stolen pump until it left Git.
if ready.reason == "Revoked" then
  local message = "revoked"
  if obj.status.revokedAt ~= nil then
    message = message .. " at " .. obj.status.revokedAt
  end
  return { status = "Healthy", message = message .. ": " .. say(ready) }
end
if ready.status == "True" then
  local message = say(ready)
  local due = condition("RenewalDue")
  if due ~= nil and due.status == "True" then
    message = message .. "; renewal due, " .. explain(due)
  end
  return { status = "Healthy", message = message }
end
if transient[ready.reason] then
  return { status = "Progressing", message = explain(ready) }
end
return { status = "Degraded", message = explain(ready) }
