/**
 * Start at login and relaunch after a crash, by the operating system rather than by the kiosk
 * itself (a crashed main process cannot restart itself). Pure text generators from the install
 * path; the installers write the result and register it:
 *   Linux   ~/.config/systemd/user/village-kiosk.service, or for every user
 *           /usr/lib/systemd/user/village-kiosk.service, then `systemctl --user enable`
 *           (or --global enable from the .deb's postinst).
 *   Windows `schtasks /Create /TN "VillageKiosk" /XML village-kiosk-task.xml /F` from the
 *           per-machine NSIS installer (elevated), removed again by the uninstaller.
 * An administrator's deliberate quit (exit code 0) is not a failure, so systemd leaves it stopped.
 */

export const SYSTEMD_UNIT_NAME = 'village-kiosk.service';
export const WINDOWS_TASK_NAME = 'VillageKiosk';
/** Seconds systemd waits before a restart: long enough not to spin on a start-up crash. */
export const RESTART_DELAY_SECONDS = 10;
/** Windows re-runs the logon task this often; a running kiosk makes the run a no-op (IgnoreNew). */
export const WINDOWS_RELAUNCH_INTERVAL = 'PT5M';

export type SystemdTarget = 'graphical-session.target' | 'default.target';

export interface SystemdUnitOptions {
  /** Absolute path of the kiosk executable, e.g. /opt/村务公开自助终端/village-kiosk. */
  executablePath: string;
  /**
   * graphical-session.target (default) starts the kiosk once the desktop is up and stops it at
   * logout; desktops that do not activate that target (some UOS/Kylin releases) need default.target.
   */
  target?: SystemdTarget;
  description?: string;
}

function assertInstallPath(path: string, absolute: RegExp): void {
  if (!absolute.test(path)) throw new Error(`the executable path must be absolute: ${path}`);
  // A line break would let a path inject further unit or XML lines.
  if (/[\r\n\0]/.test(path)) throw new Error('the executable path contains a line break');
}

/**
 * systemd's ExecStart quoting: double quotes around the path, backslash and quote escaped,
 * % doubled (specifier) and $ doubled (variable expansion).
 */
export function systemdQuote(value: string): string {
  const escaped = value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return `"${escaped}"`;
}

export function systemdUserUnit(options: SystemdUnitOptions): string {
  assertInstallPath(options.executablePath, /^\//);
  const target = options.target ?? 'graphical-session.target';
  const description = (options.description ?? 'Village service kiosk').replace(/[\r\n]/g, ' ');
  const lines = [
    '[Unit]',
    `Description=${description}`,
    ...(target === 'graphical-session.target' ? ['After=graphical-session.target', 'PartOf=graphical-session.target'] : []),
    // Never give up: an unattended kiosk that stopped retrying stays dark until someone drives out.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `ExecStart=${systemdQuote(options.executablePath)}`,
    'Restart=on-failure',
    `RestartSec=${RESTART_DELAY_SECONDS}`,
    '',
    '[Install]',
    `WantedBy=${target}`,
    '',
  ];
  return lines.join('\n');
}

export function xmlEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export interface WindowsTaskOptions {
  /** Absolute path of the kiosk executable, e.g. C:\Program Files\村务公开自助终端\village-kiosk.exe. */
  executablePath: string;
  description?: string;
}

/**
 * Task Scheduler 1.2 XML. The logon trigger for any member of BUILTIN\Users (S-1-5-32-545) starts
 * the kiosk for whoever logs on. Task Scheduler's RestartOnFailure only covers a run that failed
 * to start, so a crash is caught by repeating the trigger every few minutes: while the kiosk runs
 * the repetition is ignored (IgnoreNew), after a crash it starts the kiosk again.
 */
export function windowsScheduledTaskXml(options: WindowsTaskOptions): string {
  assertInstallPath(options.executablePath, /^[A-Za-z]:\\/);
  const command = xmlEscape(options.executablePath);
  const workingDirectory = xmlEscape(options.executablePath.replace(/\\[^\\]*$/, ''));
  const description = xmlEscape((options.description ?? 'Village service kiosk: start at logon, relaunch after a crash').replace(/[\r\n]/g, ' '));
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    `    <Description>${description}</Description>`,
    `    <URI>\\${WINDOWS_TASK_NAME}</URI>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    '    <LogonTrigger>',
    '      <Enabled>true</Enabled>',
    '      <Repetition>',
    `        <Interval>${WINDOWS_RELAUNCH_INTERVAL}</Interval>`,
    '        <StopAtDurationEnd>false</StopAtDurationEnd>',
    '      </Repetition>',
    '    </LogonTrigger>',
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Users">',
    '      <GroupId>S-1-5-32-545</GroupId>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <AllowHardTerminate>true</AllowHardTerminate>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>',
    '    <IdleSettings>',
    '      <StopOnIdleEnd>false</StopOnIdleEnd>',
    '      <RestartOnIdle>false</RestartOnIdle>',
    '    </IdleSettings>',
    '    <AllowStartOnDemand>true</AllowStartOnDemand>',
    '    <Enabled>true</Enabled>',
    '    <Hidden>false</Hidden>',
    '    <RunOnlyIfIdle>false</RunOnlyIfIdle>',
    '    <WakeToRun>false</WakeToRun>',
    // PT0S: no time limit; the default (72 hours) would kill a kiosk meant to run for months.
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    '    <Priority>7</Priority>',
    '    <RestartOnFailure>',
    '      <Interval>PT1M</Interval>',
    '      <Count>999</Count>',
    '    </RestartOnFailure>',
    '  </Settings>',
    '  <Actions Context="Users">',
    '    <Exec>',
    `      <Command>${command}</Command>`,
    `      <WorkingDirectory>${workingDirectory}</WorkingDirectory>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}

/** schtasks /XML expects UTF-16 LE with a byte-order mark, matching the declaration above. */
export function utf16LeWithBom(text: string): Uint8Array {
  const bytes = new Uint8Array(2 + text.length * 2);
  bytes[0] = 0xff;
  bytes[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    bytes[2 + i * 2] = unit & 0xff;
    bytes[3 + i * 2] = unit >> 8;
  }
  return bytes;
}

/** Where electron-builder installs the kiosk by default (deb: /opt/<productName>; NSIS per-machine: Program Files). */
export function defaultExecutablePaths(productName: string, executableName: string): { linux: string; windows: string } {
  return { linux: `/opt/${productName}/${executableName}`, windows: `C:\\Program Files\\${productName}\\${executableName}.exe` };
}

/**
 * The files an installer ships, ready to write: the systemd unit as UTF-8 text, the task XML as
 * UTF-16 LE. The .deb knows its path at build time; NSIS installs where the technician chose, so
 * its XML is written at install time with $INSTDIR (or regenerated from this function by a build hook).
 */
export function autostartFiles(paths: { linux: string; windows: string }): { name: string; bytes: Uint8Array }[] {
  return [
    { name: SYSTEMD_UNIT_NAME, bytes: new TextEncoder().encode(systemdUserUnit({ executablePath: paths.linux })) },
    { name: 'village-kiosk-task.xml', bytes: utf16LeWithBom(windowsScheduledTaskXml({ executablePath: paths.windows })) },
  ];
}
