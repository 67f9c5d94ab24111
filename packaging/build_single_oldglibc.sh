#!/bin/sh
# Build the single-file Linux program in an Ubuntu 18.04 (bionic, glibc 2.27) chroot, so that it starts on
# UOS 20 / Kylin V10 (glibc 2.28), Ubuntu 20.04 / 22.04 and newer. See docs/install-offline.md.
#
#   sudo sh packaging/build_single_oldglibc.sh [OUT_DIR]        (default OUT_DIR: ./dist-oldglibc)
#
# Needs root, debootstrap (apt-get install debootstrap), gpgv and network access to archive.ubuntu.com (the
# chroot), deb.debian.org (the CPython and SQLite sources: the upstream tarballs inside Debian's source packages)
# and PyPI (the app's dependencies and PyInstaller). Took 12.5 min from nothing on 2 cores (CPython's build most
# of it), 2.5 min once the chroot and the Python in it exist.
#
# What it does:
#   1. debootstrap --variant=minbase bionic into $CHROOT (default /work/chroots/bionic-build), once; installs
#      the compiler and the -dev packages (bionic-updates brings OpenSSL 1.1.1);
#   2. downloads python3.13 and sqlite3 source packages from Debian (apt-get source with a private apt state,
#      the host's apt configuration is not touched) and checks CPython's tarball against its upstream signature;
#   3. inside the chroot: builds SQLite 3.46 (bionic's 3.22 lacks UPSERT, which the office store uses) and
#      CPython 3.13 with --enable-shared into /opt/reception-python, makes a venv, installs the app from this
#      checkout's tracked files and PyInstaller from PyPI (pip there only accepts wheels for glibc <= 2.27),
#      runs packaging/build_single.py;
#   4. copies the program to OUT_DIR and prints its glibc floor (packaging/glibc_floor.py).
#
# Environment: CHROOT, SUITE (bionic), MIRROR (http://archive.ubuntu.com/ubuntu/), SRC_CACHE
# (/tmp/reception-oldglibc-src), JOBS (2), PY_VERSION and SQLITE_VERSION (the versions of Debian's python3.13 and
# sqlite3 source packages: 3.13.5-2+deb13u5, 3.46.1-7+deb13u2),
# HOST_CA (the CA bundle pip uses in the chroot; default $PIP_CERT, else /etc/ssl/certs/ca-certificates.crt),
# PIP_INDEX_URL (passed on when set).
set -eu

PREFIX=/opt/reception-python

inside() {
    # runs in the chroot, as root, with /build/src holding the tarballs and /build/app the checkout
    cd /build
    if [ ! -x "$PREFIX/bin/python3" ]; then
        rm -rf sqlite python
        mkdir sqlite python
        tar -xJf src/sqlite3_*.orig.tar.xz -C sqlite --strip-components=1
        tar -xJf src/python3.13_*.orig.tar.xz -C python --strip-components=1
        (cd sqlite && ./configure --prefix="$PREFIX" --disable-static --disable-tcl --enable-fts5 --enable-rtree \
             CFLAGS="-O2 -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_MATH_FUNCTIONS" \
             && make -j"$JOBS" && make install)
        (cd python && ./configure --prefix="$PREFIX" --enable-shared --with-ensurepip=install --disable-test-modules \
             PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" CPPFLAGS="-I$PREFIX/include" \
             LDFLAGS="-L$PREFIX/lib -Wl,-rpath,$PREFIX/lib" \
             && make -j"$JOBS" && make install)
    fi
    # CPython builds with -g: without the debug sections libpython is 6.5 MB instead of 35 (the program unpacks it at
    # every start); only what was built here, the wheels' libraries are left as they are
    find "$PREFIX/lib" -type f -name '*.so*' -exec strip --strip-debug {} +
    "$PREFIX/bin/python3" - <<'EOF'
import ctypes, bz2, lzma, zlib, ssl, sqlite3, _uuid, _decimal, platform
print("python", platform.python_version(), "glibc", platform.libc_ver()[1], "sqlite", sqlite3.sqlite_version,
      ssl.OPENSSL_VERSION)
# the office store's SQL needs UPSERT (3.24; bionic has 3.22); Python 3.13's ssl needs OpenSSL 1.1.1
assert sqlite3.sqlite_version_info >= (3, 24), sqlite3.sqlite_version
assert ssl.OPENSSL_VERSION_INFO >= (1, 1, 1), ssl.OPENSSL_VERSION
EOF
    rm -rf venv dist
    "$PREFIX/bin/python3" -m venv venv
    venv/bin/pip install --quiet --upgrade pip
    rm -rf wheels
    venv/bin/pip wheel --quiet --no-deps -w wheels /build/app
    # wheels only: pip here accepts manylinux tags up to glibc 2.27, so a dependency without such a wheel stops
    # the build (naming it) instead of being compiled against this chroot. tzdata: the program carries the time
    # zones for a system without /usr/share/zoneinfo (a minimal install or container); the system's come first
    venv/bin/pip install --quiet --only-binary=:all: wheels/reception_tui-*.whl pyinstaller tzdata
    venv/bin/pip list --format=freeze > /build/pip-freeze.txt
    venv/bin/python /build/app/packaging/build_single.py --out /build/dist --max-glibc 2.28
}

if [ "${1:-}" = "--inside" ]; then
    inside
    exit 0
fi

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mkdir -p "${1:-dist-oldglibc}" && cd "${1:-dist-oldglibc}" && pwd)
CHROOT=${CHROOT:-/work/chroots/bionic-build}
SUITE=${SUITE:-bionic}
MIRROR=${MIRROR:-http://archive.ubuntu.com/ubuntu/}
SRC_CACHE=${SRC_CACHE:-/tmp/reception-oldglibc-src}
JOBS=${JOBS:-2}
PY_VERSION=${PY_VERSION:-3.13.5-2+deb13u5}
SQLITE_VERSION=${SQLITE_VERSION:-3.46.1-7+deb13u2}
PY_TARBALL=python3.13_${PY_VERSION%%-*}.orig.tar.xz
SQLITE_TARBALL=sqlite3_${SQLITE_VERSION%%-*}.orig.tar.xz

# 1. the chroot
if [ ! -e "$CHROOT/etc/os-release" ]; then
    # no Ubuntu keyring in Debian 12: the Release files are not checked (the packages' hashes still are,
    # against the unchecked Release file)
    debootstrap --variant=minbase --no-check-gpg "$SUITE" "$CHROOT" "$MIRROR"
fi
cat > "$CHROOT/etc/apt/sources.list" <<EOF
deb $MIRROR $SUITE main universe
deb $MIRROR $SUITE-updates main universe
deb $MIRROR $SUITE-security main universe
EOF
cp /etc/resolv.conf "$CHROOT/etc/resolv.conf"
cleanup() {
    for m in dev/pts dev sys proc; do
        if mountpoint -q "$CHROOT/$m"; then umount "$CHROOT/$m"; fi
    done
}
trap cleanup EXIT INT TERM
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
mountpoint -q "$CHROOT/sys" || mount --bind /sys "$CHROOT/sys"
mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
mountpoint -q "$CHROOT/dev/pts" || mount --bind /dev/pts "$CHROOT/dev/pts"
chroot "$CHROOT" env DEBIAN_FRONTEND=noninteractive sh -c 'apt-get update -q && apt-get install -y -q \
    --no-install-recommends build-essential pkg-config libssl-dev libffi-dev zlib1g-dev libbz2-dev liblzma-dev \
    uuid-dev tcl ca-certificates xz-utils'

# 2. the sources, from Debian's source packages
mkdir -p "$SRC_CACHE/apt/lists/partial" "$SRC_CACHE/apt/cache/archives/partial"
cat > "$SRC_CACHE/apt/sources.list" <<'EOF'
deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main
EOF
APT="-o Dir::Etc::SourceList=$SRC_CACHE/apt/sources.list -o Dir::Etc::SourceParts=/dev/null
     -o Dir::State::Lists=$SRC_CACHE/apt/lists -o Dir::Cache=$SRC_CACHE/apt/cache"
# shellcheck disable=SC2086
(cd "$SRC_CACHE" && apt-get $APT update -q && apt-get $APT source --download-only \
     "python3.13=$PY_VERSION" "sqlite3=$SQLITE_VERSION")
(cd "$SRC_CACHE" && rm -rf keycheck && mkdir keycheck \
     && tar -xJf "python3.13_$PY_VERSION.debian.tar.xz" -C keycheck debian/upstream/signing-key.asc \
     && gpg --dearmor < keycheck/debian/upstream/signing-key.asc > keycheck/key.gpg \
     && gpgv --keyring "$SRC_CACHE/keycheck/key.gpg" "$PY_TARBALL.asc" "$PY_TARBALL")

# 3. the build, inside
rm -rf "$CHROOT/build/app" "$CHROOT/build/src"
mkdir -p "$CHROOT/build/app" "$CHROOT/build/src"
cp "$SRC_CACHE/$PY_TARBALL" "$SRC_CACHE/$SQLITE_TARBALL" "$CHROOT/build/src/"
(cd "$ROOT" && git ls-files -z | xargs -0 tar -cf - ) | tar -xf - -C "$CHROOT/build/app"
cp "$0" "$CHROOT/build/build_single_oldglibc.sh"
# pip in the chroot trusts what this machine trusts (a proxy's own CA, for instance), not bionic's 2018 list
cp "${HOST_CA:-${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}}" "$CHROOT/build/host-ca.crt"
chroot "$CHROOT" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    LANG=C.UTF-8 JOBS="$JOBS" PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CERT=/build/host-ca.crt \
    ${PIP_INDEX_URL:+PIP_INDEX_URL="$PIP_INDEX_URL"} sh /build/build_single_oldglibc.sh --inside

# 4. the result and its glibc floor
cp "$CHROOT"/build/dist/reception-linux-* "$CHROOT/build/pip-freeze.txt" "$OUT/"
for f in "$OUT"/reception-linux-*; do
    python3 "$ROOT/packaging/glibc_floor.py" "$f"
done
