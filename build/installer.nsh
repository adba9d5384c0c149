; NSIS include for the kiosk's Windows installer (electron-builder inserts it into its installer.nsi;
; named by nsis.include in build/electron-builder.config.cjs).
;
; It offers "start the kiosk when someone logs in" as a checkbox on its own page after the
; installation folder page, checked by default because a station PC exists to run the kiosk. The
; autostart is a Task Scheduler task, not a Run registry value: a task can start the kiosk for any
; user who logs in on the station (per-machine install), retries a failed start, and its logon
; trigger repeats every 5 minutes, which starts the kiosk again after a crash (a running kiosk
; makes the repetition a no-op). Silent installs (/S, as used for updates) take /AUTOSTART=1 or /AUTOSTART=0; without it a
; silent install leaves an existing choice alone, so an update never undoes the technician's choice.
;
; electron-builder compiles with -WX (warnings are errors) and compiles the uninstaller from the same
; sources with BUILD_UNINSTALLER defined, so installer-only functions and variables are guarded.

!include LogicLib.nsh
!include FileFunc.nsh

; The task name and the XML below are electron/logic/autostart.ts's (WINDOWS_TASK_NAME,
; windowsScheduledTaskXml); test/unit/build/builderConfig.test.ts checks they stay identical.
!define KIOSK_AUTOSTART_TASK "VillageKiosk"
; Under C:\ProgramData: electron/logic/launchOptions.ts WINDOWS_STATION_DATA_FOLDER (checked by the same test).
!define KIOSK_STATION_FOLDER "VillageKiosk"

!ifndef BUILD_UNINSTALLER
  !include nsDialogs.nsh

  ; "1" create the task, "0" remove it, "keep" leave whatever is there (silent install without /AUTOSTART).
  Var KioskAutostartChoice
  Var KioskAutostartCheckbox

  !macro customInit
    StrCpy $KioskAutostartChoice "1"
    ; Silent installs and updates skip the page: they keep what is there unless /AUTOSTART= says otherwise.
    ${If} ${Silent}
    ${OrIf} ${isUpdated}
      StrCpy $KioskAutostartChoice "keep"
    ${EndIf}
    ${GetParameters} $R0
    ClearErrors
    ${GetOptions} $R0 "/AUTOSTART=" $R1
    ${IfNot} ${Errors}
      ${If} $R1 == "0"
        StrCpy $KioskAutostartChoice "0"
      ${ElseIf} $R1 == "1"
        StrCpy $KioskAutostartChoice "1"
      ${EndIf}
    ${EndIf}
  !macroend

  !macro customPageAfterChangeDir
    Page custom KioskAutostartPageShow KioskAutostartPageLeave
  !macroend

  Function KioskAutostartPageShow
    ; An update keeps the technician's earlier choice, so it asks nothing.
    ${If} ${isUpdated}
      Abort
    ${EndIf}
    nsDialogs::Create 1018
    Pop $0
    ${If} $0 == error
      Abort
    ${EndIf}
    ${NSD_CreateLabel} 0 0 100% 36u "The kiosk can start by itself when anyone logs in on this PC (recommended for a station kiosk). It is restarted if it fails to start.$\r$\n登录此电脑时自动启动村务公开自助终端（推荐）。"
    Pop $0
    ${NSD_CreateCheckbox} 0 44u 100% 12u "Start the kiosk at login / 登录时自动启动"
    Pop $KioskAutostartCheckbox
    ${If} $KioskAutostartChoice != "0"
      ${NSD_Check} $KioskAutostartCheckbox
    ${EndIf}
    nsDialogs::Show
  FunctionEnd

  Function KioskAutostartPageLeave
    ${NSD_GetState} $KioskAutostartCheckbox $0
    ${If} $0 == ${BST_CHECKED}
      StrCpy $KioskAutostartChoice "1"
    ${Else}
      StrCpy $KioskAutostartChoice "0"
    ${EndIf}
  FunctionEnd

  ; Task Scheduler reads a task definition as UTF-16; $INSTDIR is a folder chosen in the installer,
  ; so the XML is written here rather than shipped. Takes the file path on the stack and keeps the
  ; caller's $R8/$R9. PRODUCT_FILENAME, not APP_EXECUTABLE_FILENAME: this include is read before
  ; electron-builder's common.nsh defines the latter, and function bodies expand defines when read.
  Function KioskWriteAutostartTaskXml
    Exch $R9
    Push $R8
    FileOpen $R8 $R9 w
    FileWriteUTF16LE /BOM $R8 '<?xml version="1.0" encoding="UTF-16"?>$\r$\n'
    FileWriteUTF16LE $R8 '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">$\r$\n'
    FileWriteUTF16LE $R8 '  <RegistrationInfo>$\r$\n'
    FileWriteUTF16LE $R8 '    <Description>Village service kiosk: start at logon, relaunch after a crash</Description>$\r$\n'
    FileWriteUTF16LE $R8 '    <URI>\VillageKiosk</URI>$\r$\n'
    FileWriteUTF16LE $R8 '  </RegistrationInfo>$\r$\n'
    FileWriteUTF16LE $R8 '  <Triggers>$\r$\n'
    FileWriteUTF16LE $R8 '    <LogonTrigger>$\r$\n'
    FileWriteUTF16LE $R8 '      <Enabled>true</Enabled>$\r$\n'
    FileWriteUTF16LE $R8 '      <Repetition>$\r$\n'
    FileWriteUTF16LE $R8 '        <Interval>PT5M</Interval>$\r$\n'
    FileWriteUTF16LE $R8 '        <StopAtDurationEnd>false</StopAtDurationEnd>$\r$\n'
    FileWriteUTF16LE $R8 '      </Repetition>$\r$\n'
    FileWriteUTF16LE $R8 '    </LogonTrigger>$\r$\n'
    FileWriteUTF16LE $R8 '  </Triggers>$\r$\n'
    FileWriteUTF16LE $R8 '  <Principals>$\r$\n'
    FileWriteUTF16LE $R8 '    <Principal id="Users">$\r$\n'
    FileWriteUTF16LE $R8 '      <GroupId>S-1-5-32-545</GroupId>$\r$\n'
    FileWriteUTF16LE $R8 '      <RunLevel>LeastPrivilege</RunLevel>$\r$\n'
    FileWriteUTF16LE $R8 '    </Principal>$\r$\n'
    FileWriteUTF16LE $R8 '  </Principals>$\r$\n'
    FileWriteUTF16LE $R8 '  <Settings>$\r$\n'
    FileWriteUTF16LE $R8 '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>$\r$\n'
    FileWriteUTF16LE $R8 '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>$\r$\n'
    FileWriteUTF16LE $R8 '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>$\r$\n'
    FileWriteUTF16LE $R8 '    <AllowHardTerminate>true</AllowHardTerminate>$\r$\n'
    FileWriteUTF16LE $R8 '    <StartWhenAvailable>true</StartWhenAvailable>$\r$\n'
    FileWriteUTF16LE $R8 '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>$\r$\n'
    FileWriteUTF16LE $R8 '    <IdleSettings>$\r$\n'
    FileWriteUTF16LE $R8 '      <StopOnIdleEnd>false</StopOnIdleEnd>$\r$\n'
    FileWriteUTF16LE $R8 '      <RestartOnIdle>false</RestartOnIdle>$\r$\n'
    FileWriteUTF16LE $R8 '    </IdleSettings>$\r$\n'
    FileWriteUTF16LE $R8 '    <AllowStartOnDemand>true</AllowStartOnDemand>$\r$\n'
    FileWriteUTF16LE $R8 '    <Enabled>true</Enabled>$\r$\n'
    FileWriteUTF16LE $R8 '    <Hidden>false</Hidden>$\r$\n'
    FileWriteUTF16LE $R8 '    <RunOnlyIfIdle>false</RunOnlyIfIdle>$\r$\n'
    FileWriteUTF16LE $R8 '    <WakeToRun>false</WakeToRun>$\r$\n'
    FileWriteUTF16LE $R8 '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>$\r$\n'
    FileWriteUTF16LE $R8 '    <Priority>7</Priority>$\r$\n'
    FileWriteUTF16LE $R8 '    <RestartOnFailure>$\r$\n'
    FileWriteUTF16LE $R8 '      <Interval>PT1M</Interval>$\r$\n'
    FileWriteUTF16LE $R8 '      <Count>999</Count>$\r$\n'
    FileWriteUTF16LE $R8 '    </RestartOnFailure>$\r$\n'
    FileWriteUTF16LE $R8 '  </Settings>$\r$\n'
    FileWriteUTF16LE $R8 '  <Actions Context="Users">$\r$\n'
    FileWriteUTF16LE $R8 '    <Exec>$\r$\n'
    FileWriteUTF16LE $R8 '      <Command>$INSTDIR\${PRODUCT_FILENAME}.exe</Command>$\r$\n'
    FileWriteUTF16LE $R8 '      <WorkingDirectory>$INSTDIR</WorkingDirectory>$\r$\n'
    FileWriteUTF16LE $R8 '    </Exec>$\r$\n'
    FileWriteUTF16LE $R8 '  </Actions>$\r$\n'
    FileWriteUTF16LE $R8 '</Task>$\r$\n'
    FileClose $R8
    Pop $R8
    Pop $R9
  FunctionEnd

  !macro customInstall
    ; The station folder (electron/logic/launchOptions.ts stationDataDir) where a technician leaves
    ; provisioning.json: it decides which county the kiosk trusts, so only administrators and SYSTEM
    ; may write it (ProgramData's inherited rights would let any user add files). Well-known SIDs, so
    ; a Chinese Windows (名称 "Administrators" localised) grants the same.
    CreateDirectory "$COMMONAPPDATA\${KIOSK_STATION_FOLDER}"
    nsExec::ExecToLog 'icacls.exe "$COMMONAPPDATA\${KIOSK_STATION_FOLDER}" /inheritance:r /grant:r *S-1-5-32-544:(OI)(CI)F *S-1-5-18:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX'
    Pop $0
    ${If} $0 != "0"
      DetailPrint "Could not restrict the station folder (icacls exit $0)."
    ${EndIf}
    ${If} $KioskAutostartChoice == "1"
      InitPluginsDir
      Push "$PLUGINSDIR\kiosk-autostart-task.xml"
      Call KioskWriteAutostartTaskXml
      nsExec::ExecToLog 'schtasks.exe /Create /F /TN "${KIOSK_AUTOSTART_TASK}" /XML "$PLUGINSDIR\kiosk-autostart-task.xml"'
      Pop $0
      ${If} $0 != "0"
        DetailPrint "Could not create the start-at-login task (schtasks exit $0)."
      ${EndIf}
    ${ElseIf} $KioskAutostartChoice == "0"
      nsExec::ExecToLog 'schtasks.exe /Delete /F /TN "${KIOSK_AUTOSTART_TASK}"'
      Pop $0
    ${EndIf}
  !macroend
!endif

; The uninstaller also runs during an update (with --updated); only a real uninstall removes the task.
!macro customUnInstall
  ${IfNot} ${isUpdated}
    nsExec::ExecToLog 'schtasks.exe /Delete /F /TN "${KIOSK_AUTOSTART_TASK}"'
    Pop $0
  ${EndIf}
!macroend
