@rem The fake az for Windows, where cmd.exe and @actions/exec find az.cmd through PATHEXT: runs the same script.
@node "%~dp0az" %*
