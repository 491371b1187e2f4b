# Sourced (POSIX sh) by ./drctl, ./test, ./mvnw and .ci/run: exports JAVA_HOME pointing at a
# JDK >= 21, because a machine's default `java` may be older (Debian 12 ships 17), and sets
# DRCTL_JAVA_MAJOR to its feature version.
# Order: $JAVA_HOME if >= 21, else `java` on the PATH if >= 21, else the newest JDK >= 21 in
# the system JVM directory (/usr/lib/jvm, Debian's standard place; DRCTL_JVM_DIR overrides).
# Every drctl command pays for this, so the common paths start no process: the version comes
# from the JDK's `release` file, read by the shell itself.

drctl_java_major() {
  # Sets drctl_major to the feature version of the JDK whose home is $1 (empty if it is not a JDK).
  drctl_major=
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  v=
  if [ -f "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in JAVA_VERSION=*) v=${line#JAVA_VERSION=}; v=${v#\"}; v=${v%%\"*}; break ;; esac
    done < "$1/release"
  fi
  if [ -z "$v" ]; then
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([^"]*\)".*/\1/p' | head -n 1)
  fi
  case "$v" in 1.*) v=${v#1.} ;; esac
  drctl_major=${v%%[.+-]*}
}

drctl_jdk_ok() {
  # True when $1 is a JDK >= 21; then JAVA_HOME and DRCTL_JAVA_MAJOR are set to it.
  drctl_java_major "$1"
  if [ -n "$drctl_major" ] && [ "$drctl_major" -ge 21 ] 2>/dev/null; then
    JAVA_HOME=$1; DRCTL_JAVA_MAJOR=$drctl_major; export JAVA_HOME DRCTL_JAVA_MAJOR
    return 0
  fi
  return 1
}

drctl_select_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && drctl_jdk_ok "$JAVA_HOME"; then return 0; fi
  java_on_path=$(command -v java 2>/dev/null || true)
  if [ -n "$java_on_path" ]; then
    # Follow the symlinks (Debian's alternatives) to the JDK's own bin/java instead of starting
    # a JVM to ask for java.home: that alone cost ~150 ms on every drctl command.
    home=$(readlink -f "$java_on_path" 2>/dev/null || true)
    home=${home%/bin/java}
    if [ ! -f "$home/release" ]; then
      home=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p' | head -n 1)
    fi
    if drctl_jdk_ok "$home"; then return 0; fi
  fi
  jvm_dir=${DRCTL_JVM_DIR:-/usr/lib/jvm}
  # Scanning the JVM directory reads every JDK's release file; remember the answer until a JDK
  # is added or removed there (the directory's mtime changes) so each command pays it once.
  cache=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/drctl/jdk-home
  if [ -f "$cache" ] && [ "$cache" -nt "$jvm_dir" ]; then
    home=; read -r home < "$cache" || true
    if [ "${home#"$jvm_dir"/}" != "$home" ] && drctl_jdk_ok "$home"; then return 0; fi
  fi
  best=; best_m=0
  # `ls`, not a glob: ./mvnw runs with `set -f`.
  for name in $(ls "$jvm_dir" 2>/dev/null); do
    d=$jvm_dir/$name
    [ -d "$d" ] && [ ! -L "$d" ] || continue
    drctl_java_major "$d"
    if [ -n "$drctl_major" ] && [ "$drctl_major" -ge 21 ] && [ "$drctl_major" -gt "$best_m" ]; then
      best=$d; best_m=$drctl_major
    fi
  done
  if [ -n "$best" ] && drctl_jdk_ok "$best"; then
    { mkdir -p "${cache%/*}" && echo "$best" > "$cache.$$" && mv -f "$cache.$$" "$cache"; } 2>/dev/null || true
    return 0
  fi
  echo "drctl: no JDK 21 or newer found (checked JAVA_HOME, java on the PATH, $jvm_dir); install one, e.g. 'apt-get install openjdk-21-jdk-headless' or Temurin 21+, or set JAVA_HOME" >&2
  return 1
}

drctl_select_jdk || exit 1
PATH="$JAVA_HOME/bin:$PATH"; export PATH
