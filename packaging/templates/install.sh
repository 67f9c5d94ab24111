#!/bin/sh
# Install reception_tui from this folder, with no network: a virtual environment, then
# pip install --no-index --find-links wheels reception_tui, then a launcher named "reception".
#   sh install.sh            installs into ./venv beside this script (copy the folder off the USB stick first)
#   sh install.sh DIR        installs into DIR/venv and puts the launcher in DIR
# Needs Python 3.11 or newer (python3 -m venv; PYTHON=... chooses one). Nothing is downloaded.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
DEST=${1:-$HERE}
mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
VENV="$DEST/venv"

say() { printf '%s\n' "$*"; }
fail() { printf '\n安装失败 / Install failed: %s\n' "$*" >&2; exit 1; }

[ -d "$HERE/wheels" ] || fail "找不到 wheels 文件夹：请把整个文件夹复制过来 (no wheels folder next to install.sh)"

PY=""
# PYTHON=/path/to/python3.12 sh install.sh chooses the interpreter
for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3.14 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, venv, ensurepip; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
        PY=$(command -v "$candidate")
        break
    fi
done
if [ -z "$PY" ]; then
    fail "没有找到 Python 3.11 或更新的版本（含 venv 模块）。UOS/Kylin/Debian/Ubuntu：请系统管理员安装 python3 和 python3-venv，或改用单文件版 reception-linux-x86_64（不需要 Python）。
No Python 3.11+ with the venv module was found: install python3 and python3-venv, or use the single-file program."
fi
say "使用 / Using: $PY ($("$PY" -c 'import platform; print(platform.python_version())'))"

if [ -e "$VENV" ] && [ ! -x "$VENV/bin/python" ]; then
    fail "$VENV 已存在但不是虚拟环境，请先删除或改个位置 (exists and is not a virtual environment)"
fi
[ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" || fail "无法创建虚拟环境 $VENV (python3 -m venv failed: install python3-venv)"

# no index at all: only the wheels in this folder, whatever pip configuration the machine has
PIP_CONFIG_FILE=/dev/null PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$VENV/bin/python" -m pip install --no-index --find-links "$HERE/wheels" --upgrade reception_tui \
    || fail "pip 安装出错（见上面的信息）。检查 wheels 是否完整：manifest.json 列出了每个文件的 sha256。"

LAUNCHER="$DEST/reception"
cat > "$LAUNCHER" <<LAUNCH
#!/bin/sh
exec "$VENV/bin/reception" "\$@"
LAUNCH
chmod 755 "$LAUNCHER"

LINKED=""
case ":${PATH:-}:" in
    *":$HOME/.local/bin:"*)
        if [ -d "$HOME/.local/bin" ] && [ ! -e "$HOME/.local/bin/reception" ]; then
            ln -s "$LAUNCHER" "$HOME/.local/bin/reception" && LINKED=1
        fi ;;
esac

VERSION=$("$LAUNCHER" --version) || fail "安装后无法启动 (the installed program did not start)"
say ""
say "安装完成 / Installed: $VERSION"
say "启动 / Start:   $LAUNCHER"
[ -n "$LINKED" ] && say "             或直接输入 / or just type:  reception"
say "检查 / Check:   $LAUNCHER --version"
