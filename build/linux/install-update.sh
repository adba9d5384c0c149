#!/bin/sh
# Installed by the kiosk's .deb as /usr/lib/village-kiosk/install-update and run as root through
# pkexec (polkit action org.village-kiosk.install-update): the unattended kiosk user installs its
# own verified update without a password, and only this program gets that. So it trusts nothing it
# is given: one absolute path to a regular .deb file, copied first to a folder only root can write
# (the caller could swap the file between the checks and dpkg), and the package must be the kiosk's
# own for this machine's architecture before dpkg -i sees it.
#
# Usage: install-update [--check] /absolute/path/to/file.deb
#   --check  does every check but installs nothing (tests, and a technician's dry run).
# Exit codes: 0 installed (or would be), 64 wrong usage, 65 not the kiosk's package,
# 66 no such file, anything else from dpkg.

set -eu
PATH=/usr/sbin:/usr/bin:/sbin:/bin
export PATH
umask 022

PACKAGE=village-kiosk

refuse() {
  code=$1
  shift
  echo "install-update: $*" >&2
  exit "$code"
}

check_only=0
if [ "$#" -ge 1 ] && [ "$1" = "--check" ]; then
  check_only=1
  shift
fi
[ "$#" -eq 1 ] || refuse 64 "expected exactly one .deb file (usage: install-update [--check] /path/to/file.deb)"
file=$1

case "$file" in
  /*) ;;
  *) refuse 64 "the package path must be absolute: $file" ;;
esac
case "$file" in
  *.deb) ;;
  *) refuse 65 "not a .deb file: $file" ;;
esac
[ ! -L "$file" ] || refuse 65 "refusing a symbolic link: $file"
[ -e "$file" ] || refuse 66 "no such file: $file"
[ -f "$file" ] || refuse 65 "not a regular file: $file"

work=$(mktemp -d /tmp/village-kiosk-update.XXXXXXXX)
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
cp -- "$file" "$work/update.deb"
deb=$work/update.deb

name=$(dpkg-deb --field "$deb" Package 2>/dev/null) || refuse 65 "not a Debian package: $file"
[ "$name" = "$PACKAGE" ] || refuse 65 "package '$name' is not $PACKAGE: $file"
arch=$(dpkg-deb --field "$deb" Architecture 2>/dev/null) || refuse 65 "the package names no architecture: $file"
machine=$(dpkg --print-architecture)
[ "$arch" = "$machine" ] || [ "$arch" = "all" ] || refuse 65 "package is for $arch, this machine is $machine: $file"
version=$(dpkg-deb --field "$deb" Version 2>/dev/null) || version=unknown

if [ "$check_only" -eq 1 ]; then
  echo "install-update: would install $PACKAGE $version ($arch)"
  exit 0
fi

dpkg -i "$deb"
