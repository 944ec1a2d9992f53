#!/usr/bin/env bash
# Fetches the distribution's Node.js 18 (Debian 12's nodejs, what `apt-get install nodejs` gives a
# fresh Debian 12) without installing it, for the unit tests that run the CLI on it. Usage:
#   bash scripts/fetch-node18.sh [DIR]    (DIR defaults to /var/tmp/nicgate-node18)
# DIR/node then runs that Node. Nothing is installed system-wide: the packages are unpacked into
# DIR/root, their libraries found through LD_LIBRARY_PATH, and the builtins Debian's libnode reads
# from /usr/share/nodejs (a path compiled into it) are laid over /usr/share in a private mount
# namespace. A second call with DIR/node working does nothing.
set -euo pipefail

dir="${1:-/var/tmp/nicgate-node18}"
if [ -x "$dir/node" ] && "$dir/node" --version 2>/dev/null | grep -q '^v18\.'; then
  exit 0
fi

# The newest 18.x apt knows (its candidate may be another source's Node, as nodesource's 20 is).
version="$(apt-cache madison nodejs | awk -F' [|] ' '$2 ~ /^18\./ { print $2 }' | sort -V | tail -n 1)"
if [ -z "$version" ]; then
  echo "fetch-node18: apt knows no nodejs 18.x (Debian 12 and Ubuntu 24.04 have one; run apt-get update)" >&2
  exit 1
fi

# nodejs, its libnode, and what they depend on that this host lacks (c-ares, the unbundled builtins).
depends() {
  apt-cache depends "$@" | awk '/^ *[|]?Depends: [^<]/ { print $2 }' | sort -u
}
libnode="$(depends "nodejs=$version" | grep '^libnode' | head -n 1)"
packages=("nodejs=$version" "$libnode=$version")
for pkg in $(depends "nodejs=$version" "$libnode=$version"); do
  case "$pkg" in libnode*) continue ;; esac
  dpkg-query -W -f '${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || packages+=("$pkg")
done

mkdir -p "$dir"
work="$(mktemp -d "$dir/fetch.XXXXXX")"
trap 'rm -rf "$work"' EXIT
chmod 755 "$work" # apt-get download runs as _apt where it can
mkdir "$work/debs" "$work/root"
(cd "$work/debs" && apt-get download -q "${packages[@]}" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2 || true)
shopt -s nullglob
debs=("$work"/debs/*.deb)
if [ "${#debs[@]}" -lt "${#packages[@]}" ]; then
  echo "fetch-node18: apt-get download gave ${#debs[@]} of ${#packages[@]} packages: ${packages[*]}" >&2
  exit 1
fi
for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$work/root"; done

libdir="$(dirname "$(find "$work/root/usr/lib" -name 'libnode.so.*' | head -n 1)")"
cat >"$work/node" <<EOF
#!/bin/sh
# Node.js $version, unpacked from the distribution's packages by scripts/fetch-node18.sh.
root='$dir/root'
exec unshare --map-root-user --mount sh -c 'mount -t overlay nicgate-node18 -o "lowerdir=\$0/usr/share:/usr/share" /usr/share && LD_LIBRARY_PATH="\$0${libdir#"$work/root"}" exec "\$0/usr/bin/node" "\$@"' "\$root" "\$@"
EOF
chmod 755 "$work/node"

rm -rf "$dir/root" "$dir/node"
mv "$work/root" "$dir/root"
mv "$work/node" "$dir/node"
echo "fetch-node18: $("$dir/node" --version) in $dir/node"
