; ClinicDesk for Windows: an Inno Setup 6 script over the one-folder frozen build.
; Build on Windows (see installer/README.md):
;   py installer\build.py               -> dist\clinicdesk\clinicdesk.exe and its _internal\
;   iscc installer\windows\clinicdesk.iss  -> dist\ClinicDesk-Setup-0.1.0.exe
; Installs per machine under Program Files, adds Start menu entries, and optionally
; registers the scheduled sync for the person who ran the installer (as that person, not
; as the administrator: the API key lives in their Credential Manager).
; Uninstalling does not remove a scheduled sync (it ran as another account): the person
; runs `clinicdesk schedule remove` first, or deletes "ClinicDesk\Federation sync" in
; Task Scheduler. tests/integration/packaging/test_frozen_build.py checks the paths below
; against the build.

#define AppName "ClinicDesk"
#define AppVersion "0.1.0"
#define BuildDir "..\..\dist\clinicdesk"

[Setup]
AppId={{6E0F6C2B-8A4B-4C38-9B1E-0C1D5C7E2A11}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=ClinicDesk
DefaultDirName={autopf}\ClinicDesk
DefaultGroupName=ClinicDesk
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=ClinicDesk-Setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
UninstallDisplayIcon={app}\clinicdesk.exe

[Tasks]
Name: "desktopicon"; Description: "A shortcut on the desktop"; Flags: unchecked
Name: "schedulesync"; Description: "Sync with the federation every three hours (for the person installing)"; Flags: unchecked

[Files]
Source: "{#BuildDir}\clinicdesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BuildDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\ClinicDesk"; Filename: "{app}\clinicdesk.exe"
Name: "{group}\ClinicDesk self-test"; Filename: "{app}\clinicdesk.exe"; Parameters: "self-test"
Name: "{group}\Uninstall ClinicDesk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\ClinicDesk"; Filename: "{app}\clinicdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\clinicdesk.exe"; Parameters: "schedule install --using task-scheduler"; Flags: runasoriginaluser runhidden waituntilterminated; Tasks: schedulesync; StatusMsg: "Scheduling the federation sync…"
Filename: "{app}\clinicdesk.exe"; Description: "Open ClinicDesk"; Flags: postinstall nowait skipifsilent runasoriginaluser
