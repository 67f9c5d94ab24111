#!/bin/sh
# Run the single-file program on an old Linux with no Python: a fresh debootstrap --variant=minbase chroot
# (Ubuntu 18.04 bionic: glibc 2.27; focal: 2.31). See docs/install-offline.md.
#
#   sudo sh packaging/run_single_in_chroot.sh PROGRAM [SUITE] [CHROOT]
#
# Creates the chroot once (default /work/chroots/$SUITE-run), checks that it has no python3, copies PROGRAM in
# as /opt/reception/reception and runs, as a user would, with PATH=/usr/bin:/bin, LANG=C.UTF-8 and nothing else:
# --version, demo (data folder from RECEPTION_DATA_DIR, a Chinese name), receipt --format pdf, export, the
# office's keys, import, ledger (xlsx) and report (pdf) from that export, then the app in tmux at 80x24 (the tmux
# server runs here, the app inside the chroot): the start form, and the desk on the demo's session. Prints each outcome and the screen; leaves the receipt, report
# and ledger at $OUT (default /tmp/reception-chroot-$SUITE) for pdftotext. Exit 1 on a failure.
set -eu
PROGRAM=$(readlink -f "$1")
SUITE=${2:-bionic}
CHROOT=${3:-/work/chroots/$SUITE-run}
MIRROR=${MIRROR:-http://archive.ubuntu.com/ubuntu/}
OUT=${OUT:-/tmp/reception-chroot-$SUITE}

if [ ! -e "$CHROOT/etc/os-release" ]; then
    debootstrap --variant=minbase --no-check-gpg "$SUITE" "$CHROOT" "$MIRROR"
fi
cleanup() {
    for m in dev/pts dev proc; do
        if mountpoint -q "$CHROOT/$m"; then umount "$CHROOT/$m"; fi
    done
}
trap cleanup EXIT INT TERM
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
mountpoint -q "$CHROOT/dev" || mount --bind /dev "$CHROOT/dev"
mountpoint -q "$CHROOT/dev/pts" || mount --bind /dev/pts "$CHROOT/dev/pts"

in_chroot() {
    chroot "$CHROOT" env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color "$@"
}
echo "== $(grep PRETTY_NAME "$CHROOT/etc/os-release"); $(in_chroot ldd --version | head -1)"
if in_chroot sh -c 'command -v python3 || command -v python || ls /usr/bin/python* /usr/lib/python3*' 2>/dev/null; then
    echo "error: the chroot has a Python" >&2
    exit 1
fi
echo "no python3, python or /usr/lib/python3* in the chroot"

mkdir -p "$CHROOT/opt/reception"
cp "$PROGRAM" "$CHROOT/opt/reception/reception"
rm -rf "$CHROOT/root/接待数据" "$CHROOT/root/usb" "$CHROOT/root/office" "$CHROOT/root/tmux-data" "$CHROOT"/root/*.pdf \
    "$CHROOT/root/ledger.xlsx"
R=/opt/reception/reception
status=0
step() {
    echo "== reception $*"
    if ! in_chroot RECEPTION_DATA_DIR=/root/接待数据 "$R" "$@"; then
        echo "FAILED: reception $*" >&2
        status=1
    fi
}
step --version
step demo --visitors 3 --seed 7
CASE=$(sed -n 's/.*"case_number": *"\{0,1\}\([^",}]*\).*/\1/p' "$CHROOT"/root/接待数据/sessions/*/session.json | sort | head -1)
step receipt "$CASE" --format pdf --out /root/receipt.pdf
step export --to /root/usb
echo "exported: $(find "$CHROOT/root/usb" -type f | wc -l) files"
# the office's side on the same machine: its SQLite store (UPSERT: the program's own SQLite, not the system's)
step office-keys init --office-dir /root/office
step import /root/usb --office-dir /root/office --trust-new-devices
step ledger --office-dir /root/office --format xlsx --out /root/ledger.xlsx
step report --office-dir /root/office --period "$(date +%Y-%m)" --format pdf --out /root/report.pdf
mkdir -p "$OUT"
cp "$CHROOT/root/receipt.pdf" "$CHROOT/root/report.pdf" "$CHROOT/root/ledger.xlsx" "$OUT/" 2>/dev/null || status=1

# the app in tmux at 80x24: a new data folder opens the start form; the demo's folder (today's session) the desk
tmux_screen() {  # DATA_DIR WORDS... : start the app, wait up to 90 s for a screen holding every word, print it
    data=$1
    shift
    socket=reception-chroot-$$-$(date +%s%N)
    # the pane stays after the program ends (sleep), so an error message can be read
    tmux -L "$socket" new-session -d -x 80 -y 24 "chroot '$CHROOT' env -i HOME=/root PATH=/usr/bin:/bin \
        LANG=C.UTF-8 TERM=xterm-256color RECEPTION_DATA_DIR='$data' $R; sleep 600"
    start=$(date +%s)
    screen=""
    found=no
    while [ $(( $(date +%s) - start )) -lt 90 ] && [ $found = no ]; do
        now=$(tmux -L "$socket" capture-pane -p 2>/dev/null) || break
        screen=$now
        found=yes
        for word in "$@"; do
            case "$screen" in *"$word"*) ;; *) found=no ;; esac
        done
        [ $found = yes ] || sleep 0.5
    done
    tmux -L "$socket" kill-server 2>/dev/null || true
    echo "after $(( $(date +%s) - start )) s:"
    echo "$screen"
    [ $found = yes ]
}
echo "== the app in tmux at 80x24, a new data folder: the start form"
if ! tmux_screen /root/tmux-data 开始接待 保存 > "$OUT/screen-start.txt"; then
    echo "FAILED: the start form did not show" >&2
    status=1
fi
cat "$OUT/screen-start.txt"
echo "== the app in tmux at 80x24, the demo's data folder: the desk"
if ! tmux_screen /root/接待数据 到达 登记 退出 > "$OUT/screen-desk.txt"; then
    echo "FAILED: the desk did not show" >&2
    status=1
fi
cat "$OUT/screen-desk.txt"
exit $status
