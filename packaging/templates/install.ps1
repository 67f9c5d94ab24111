# Install reception_tui from this folder with no network (Windows PowerShell 5.1 or PowerShell 7).
#   powershell -ExecutionPolicy Bypass -File install.ps1            installs into .\venv beside this script
#   powershell -ExecutionPolicy Bypass -File install.ps1 D:\接待      installs into D:\接待\venv
# Creates a virtual environment, runs pip install --no-index --find-links wheels reception_tui, and writes the
# launcher reception.bat. Nothing is downloaded.
param([string]$Dest = "")
# "Continue": under "Stop", Windows PowerShell 5.1 turns any line a program writes to stderr (pip's warnings,
# py.exe's "no such version") into a terminating error. Each step checks $LASTEXITCODE instead.
$ErrorActionPreference = "Continue"
[Console]::OutputEncoding = [System.Text.Encoding]::UTF8
$Here = Split-Path -Parent $MyInvocation.MyCommand.Path
if (-not $Dest) { $Dest = $Here }
New-Item -ItemType Directory -Force -Path $Dest -ErrorAction Stop | Out-Null
$Dest = (Resolve-Path $Dest -ErrorAction Stop).Path
$Venv = Join-Path $Dest "venv"

function Fail($message) {
    Write-Host ""
    Write-Host "安装失败 / Install failed: $message" -ForegroundColor Red
    Read-Host "按回车键关闭 / Press Enter to close" | Out-Null
    exit 1
}

if (-not (Test-Path (Join-Path $Here "wheels"))) { Fail "找不到 wheels 文件夹：请把整个文件夹复制过来" }

# Python 3.11+: the py launcher first, then python.exe (not the Microsoft Store stub, which cannot run code)
$Python = $null
$check = "import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)"
foreach ($candidate in @("py -3.13", "py -3.12", "py -3.11", "py -3", "python")) {
    $parts = $candidate.Split(" ")
    $exe = $parts[0]
    $rest = @($parts | Select-Object -Skip 1)
    if (-not (Get-Command $exe -ErrorAction SilentlyContinue)) { continue }
    & $exe @rest -c $check 2>$null
    if ($LASTEXITCODE -eq 0) { $Python = $candidate; break }
}
if (-not $Python) {
    $installer = Get-ChildItem -Path (Join-Path $Here "python") -Filter "python-*.exe" -ErrorAction SilentlyContinue |
        Select-Object -First 1
    if ($installer) {
        Write-Host "没有找到 Python 3.11 或更新版本。现在打开随附的 Python 安装程序：$($installer.Name)"
        Write-Host "请勾选 「Add python.exe to PATH」，点 「Install Now」，装完后重新运行 install.bat。"
        Start-Process -FilePath $installer.FullName -Wait
        exit 1
    }
    Fail "没有找到 Python 3.11 或更新版本。请先安装 Python（见 安装说明.md 第 2 步），再运行 install.bat。"
}
$parts = $Python.Split(" ")
$exe = $parts[0]
$rest = @($parts | Select-Object -Skip 1)
Write-Host "使用 / Using: $Python"

$VenvPython = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $VenvPython)) {
    & $exe @rest -m venv $Venv
    if ($LASTEXITCODE -ne 0) { Fail "无法创建虚拟环境 $Venv" }
}

$env:PIP_CONFIG_FILE = "NUL"
$env:PIP_NO_INDEX = "1"
$env:PIP_DISABLE_PIP_VERSION_CHECK = "1"
& $VenvPython -m pip install --no-index --find-links (Join-Path $Here "wheels") --upgrade reception_tui
if ($LASTEXITCODE -ne 0) { Fail "pip 安装出错（见上面的信息）。检查 wheels 是否完整：manifest.json 列出了每个文件的 sha256。" }

$Launcher = Join-Path $Dest "reception.bat"
$body = "@echo off`r`nchcp 65001 >nul`r`n`"$Venv\Scripts\reception.exe`" %*`r`n"
[System.IO.File]::WriteAllText($Launcher, $body, (New-Object System.Text.UTF8Encoding($false)))

$version = & (Join-Path $Venv "Scripts\reception.exe") --version
if ($LASTEXITCODE -ne 0) { Fail "安装后无法启动" }
Write-Host ""
Write-Host "安装完成 / Installed: $version" -ForegroundColor Green
Write-Host "启动 / Start: 在 Windows 终端 (Windows Terminal) 中运行  `"$Launcher`""
Write-Host "检查 / Check: `"$Launcher`" --version"
