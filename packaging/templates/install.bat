@echo off
rem Install reception_tui from this folder with no network (double-click this file).
rem   install.bat            installs into .\venv beside this file
rem   install.bat D:\dir     installs into D:\dir\venv
rem Creates a virtual environment, runs pip install --no-index --find-links wheels reception_tui,
rem and writes the launcher reception.bat. Nothing is downloaded.
rem No folder path is expanded inside a parenthesised block: one named like "Program Files (x86)" would end it.
chcp 65001 >nul
setlocal EnableExtensions
set "HERE=%~dp0"
if "%HERE:~-1%"=="\" set "HERE=%HERE:~0,-1%"
set "DEST=%~1"
if "%DEST%"=="" set "DEST=%HERE%"
if not exist "%DEST%" mkdir "%DEST%"
set "VENV=%DEST%\venv"
set "PIP_CONFIG_FILE=NUL"
set "PIP_NO_INDEX=1"
set "PIP_DISABLE_PIP_VERSION_CHECK=1"

if not exist "%HERE%\wheels" goto :nowheels

set "PY="
for %%V in (-3.13 -3.12 -3.11 -3) do (
    if not defined PY (
        py %%V -c "import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>&1 && set "PY=py %%V"
    )
)
if not defined PY (
    python -c "import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)" >nul 2>&1 && set "PY=python"
)
if not defined PY goto :nopython
echo 使用 / Using: %PY%

if exist "%VENV%\Scripts\python.exe" goto :venv_ready
%PY% -m venv "%VENV%"
if errorlevel 1 goto :novenv
:venv_ready
"%VENV%\Scripts\python.exe" -m pip install --no-index --find-links "%HERE%\wheels" --upgrade reception_tui
if errorlevel 1 goto :pipfailed

> "%DEST%\reception.bat" echo @echo off
>> "%DEST%\reception.bat" echo chcp 65001 ^>nul
>> "%DEST%\reception.bat" echo "%VENV%\Scripts\reception.exe" %%*

"%VENV%\Scripts\reception.exe" --version || goto :failed
echo.
echo 安装完成 / Installed.
echo 启动 / Start: 打开 “Windows 终端” (Windows Terminal)，运行  "%DEST%\reception.bat"
echo 检查 / Check: "%DEST%\reception.bat" --version
pause
exit /b 0

:nowheels
echo 找不到 wheels 文件夹：请把整个文件夹复制过来。 / No wheels folder next to install.bat.
goto :failed

:novenv
echo 无法创建虚拟环境 / Could not create the virtual environment: "%VENV%"
goto :failed

:pipfailed
echo pip 安装出错（见上面的信息）。检查 wheels 是否完整：manifest.json 列出了每个文件的 sha256。
goto :failed

:nopython
for %%F in ("%HERE%\python\python-*.exe") do (
    echo 没有找到 Python 3.11 或更新版本。现在打开随附的安装程序：%%~nxF
    echo 请勾选 “Add python.exe to PATH”，点 “Install Now”，装完后重新双击 install.bat。
    start "" /wait "%%~fF"
    pause
    exit /b 1
)
echo 没有找到 Python 3.11 或更新版本。请先安装 Python（见 安装说明.md 第 2 步），再双击 install.bat。
echo No Python 3.11 or newer found: install it first (see 安装说明.md, step 2).
goto :failed

:failed
echo.
echo 安装失败 / Install failed.
pause
exit /b 1
