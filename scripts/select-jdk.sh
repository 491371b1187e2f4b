# Sourced (POSIX sh) by ./drctl, ./test, ./mvnw and .ci/run: exports JAVA_HOME pointing at a
# JDK >= 21, because a machine's default `java` may be older (Debian 12 ships 17).
# Order: $JAVA_HOME if >= 21, else `java` on the PATH if >= 21, else the newest JDK >= 21 in
# the system JVM directory (/usr/lib/jvm, Debian's standard place; DRCTL_JVM_DIR overrides).

drctl_java_major() {
  # Reads the feature version of the JDK whose home is $1; prints nothing if it is not a JDK.
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$v" in 1.*) v=${v#1.} ;; esac
  echo "${v%%[.+-]*}"
}

drctl_select_jdk() {
  min=21
  if [ -n "${JAVA_HOME:-}" ]; then
    m=$(drctl_java_major "$JAVA_HOME")
    if [ -n "$m" ] && [ "$m" -ge "$min" ]; then return 0; fi
  fi
  if command -v java >/dev/null 2>&1; then
    home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1)
    m=$(drctl_java_major "$home")
    if [ -n "$m" ] && [ "$m" -ge "$min" ]; then JAVA_HOME=$home; export JAVA_HOME; return 0; fi
  fi
  best=; best_m=0
  jvm_dir=${DRCTL_JVM_DIR:-/usr/lib/jvm}
  # `ls`, not a glob: ./mvnw runs with `set -f`.
  for name in $(ls "$jvm_dir" 2>/dev/null); do
    d=$jvm_dir/$name
    [ -d "$d" ] && [ ! -L "$d" ] || continue
    m=$(drctl_java_major "$d")
    if [ -n "$m" ] && [ "$m" -ge "$min" ] && [ "$m" -gt "$best_m" ]; then best=$d; best_m=$m; fi
  done
  if [ -n "$best" ]; then JAVA_HOME=$best; export JAVA_HOME; return 0; fi
  echo "drctl: no JDK 21 or newer found (checked JAVA_HOME, java on the PATH, ${DRCTL_JVM_DIR:-/usr/lib/jvm}); install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME" >&2
  return 1
}

drctl_select_jdk || exit 1
PATH="$JAVA_HOME/bin:$PATH"; export PATH
