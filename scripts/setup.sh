# Sourced by the demo, the test command and CI: makes this machine able to build and test.
#  - JAVA_HOME: a JDK 21 or newer (the product targets Java 21 bytecode)
#  - libfaketime: moves the emulator's clock in tests and the demo (Debian package faketime)
#  - moto_server: the AWS API emulator (pip package moto[server]; brings boto3)
# Safe to source more than once.

_java_feature() { # prints the feature release of the JDK at $1 (17, 21, 25...), or nothing
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

find_jdk() {
  local candidate feature
  local candidates=("${JAVA_HOME:-}")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  if [ -x /usr/libexec/java_home ]; then
    candidates+=("$(/usr/libexec/java_home -v 21+ 2>/dev/null)")
  fi
  candidates+=(/usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/*)
  for candidate in "${candidates[@]}"; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    feature=$(_java_feature "$candidate")
    if [ -n "$feature" ] && [ "$feature" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK 21 or newer found; install one (e.g. apt-get install openjdk-21-jdk-headless or Temurin 21) and set JAVA_HOME" >&2
  return 1
}

find_libfaketime() {
  local path
  for path in "${LIBFAKETIME:-}" /usr/lib/*-linux-gnu*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1 \
              /usr/local/lib/faketime/libfaketimeMT.so.1; do
    if [ -n "$path" ] && [ -r "$path" ]; then
      export LIBFAKETIME="$path"
      return 0
    fi
  done
  return 1
}

_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else return 1; fi
}

ensure_libfaketime() {
  find_libfaketime && return 0
  if command -v apt-get >/dev/null 2>&1; then
    echo "installing libfaketime (Debian package faketime)..." >&2
    _as_root apt-get update -qq >/dev/null && _as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null
  fi
  find_libfaketime && return 0
  echo "error: libfaketime not found; install the faketime package (apt-get install faketime) or set LIBFAKETIME" >&2
  return 1
}

ensure_moto() {
  command -v moto_server >/dev/null 2>&1 && return 0
  if command -v pip3 >/dev/null 2>&1 || command -v pip >/dev/null 2>&1; then
    echo "installing the AWS API emulator (pip install 'moto[server]')..." >&2
    "$(command -v pip3 || command -v pip)" install --quiet 'moto[server]>=5.1' >&2 || true
    hash -r
  fi
  command -v moto_server >/dev/null 2>&1 && return 0
  echo "error: moto_server not found; install it with: pip install 'moto[server]'" >&2
  return 1
}

setup_all() {
  find_jdk && ensure_libfaketime && ensure_moto
}
