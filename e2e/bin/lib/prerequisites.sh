# Installs what Keyfleet's scripts need on a fresh Debian machine, and checks the toolchains.
# Sourced by e2e/bin/run and e2e/bin/test.

keyfleet_prerequisites() {
  local missing=()
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
  # The Argo CD health checks are Lua 5.1 (as Argo CD embeds); ArgoCdHealthTest runs them.
  command -v lua5.1 >/dev/null 2>&1 || missing+=(lua5.1)
  if ((${#missing[@]})); then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
      echo "[keyfleet] installing ${missing[*]} (Debian packages)" >&2
      apt-get update -qq >/dev/null
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "[keyfleet] please install: ${missing[*]}" >&2
      return 1
    fi
  fi
  local java_major
  java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then
    echo "[keyfleet] Java 17 or newer is needed (found ${java_major:-none})" >&2
    return 1
  fi
  if ! command -v go >/dev/null 2>&1; then
    echo "[keyfleet] Go 1.24 or newer is needed to build the local control plane (none on PATH)" >&2
    return 1
  fi
}
