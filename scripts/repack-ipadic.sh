#!/usr/bin/env bash
# Rebuilds dictionaries/ipadic/data/mecab-ipadic-2.7.0-20070801.tar.gz from Debian's
# mecab-ipadic package, reproducibly (same bytes on every run).
#
# The archive is committed, so nobody needs this script to build keikaku; it documents
# where the bytes came from and lets a maintainer re-create them. Needs apt-get (Debian).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
out="$here/dictionaries/ipadic/data/mecab-ipadic-2.7.0-20070801.tar.gz"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
apt-get download mecab-ipadic
sha256sum mecab-ipadic_*.deb
dpkg -x mecab-ipadic_*.deb root
mkdir mecab-ipadic
cp root/usr/share/mecab/dic/ipadic/*.csv root/usr/share/mecab/dic/ipadic/{char.def,unk.def,matrix.def} mecab-ipadic/
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=2007-08-01 -cf - mecab-ipadic | gzip -9n > "$out"
cp root/usr/share/doc/mecab-ipadic/copyright "$here/dictionaries/ipadic/data/COPYING.mecab-ipadic"
sha256sum "$out"
