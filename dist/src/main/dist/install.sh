#!/bin/sh
# Installs this drctl under PREFIX (default ~/.local): the files into PREFIX/lib/drctl/VERSION,
# the command as PREFIX/bin/drctl, shell completion for bash and zsh, man pages (man drctl,
# man drctl-run, ...) under PREFIX/share/man. Installing another
# version switches the links (a page of a command the new version no longer has is unlinked);
# the old version's files stay until removed.
#   tar -xzf drctl-VERSION-linux-x64.tar.gz && ./drctl-VERSION/install.sh [PREFIX]
set -eu
prefix=${1:-${PREFIX:-$HOME/.local}}
src=$(cd "$(dirname "$0")" && pwd)
version=$(cat "$src/VERSION")
dest=$prefix/lib/drctl/$version
mkdir -p "$prefix/lib/drctl" "$prefix/bin"
if [ "$src" != "$dest" ]; then
  rm -rf "$dest.partial"
  cp -R "$src" "$dest.partial"
  rm -rf "$dest"
  mv "$dest.partial" "$dest"
fi
ln -sfn "$dest/bin/drctl" "$prefix/bin/drctl"
mkdir -p "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions"
ln -sfn "$dest/share/completion/drctl.bash" "$prefix/share/bash-completion/completions/drctl"
ln -sfn "$dest/share/completion/_drctl" "$prefix/share/zsh/site-functions/_drctl"
mkdir -p "$prefix/share/man/man1"
# An earlier drctl's pages are its links into PREFIX/lib/drctl/: drop them all, so that a command
# which no longer exists leaves no page behind; this version's pages are linked again below.
for link in "$prefix/share/man/man1"/drctl*.1; do
  [ -L "$link" ] || continue
  case $(readlink "$link") in
    "$prefix/lib/drctl/"*) rm -f "$link" ;;
  esac
done
for page in "$dest"/share/man/man1/*.1; do
  ln -sfn "$page" "$prefix/share/man/man1/$(basename "$page")"
done
echo "drctl $version installed: $prefix/bin/drctl"
case ":$PATH:" in
  *":$prefix/bin:"*) ;;
  *) echo "add $prefix/bin to your PATH, e.g.: echo 'export PATH=\"$prefix/bin:\$PATH\"' >> ~/.profile" ;;
esac
