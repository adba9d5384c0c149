import { describe, expect, it } from 'vitest';
import {
  autostartFiles,
  defaultExecutablePaths,
  RESTART_DELAY_SECONDS,
  systemdQuote,
  systemdUserUnit,
  utf16LeWithBom,
  WINDOWS_TASK_NAME,
  windowsScheduledTaskXml,
  xmlEscape,
} from '../../../../electron/logic/autostart';

const LINUX_EXE = '/opt/村务公开自助终端/village-kiosk';
const WINDOWS_EXE = 'C:\\Program Files\\村务公开自助终端\\village-kiosk.exe';

/** "[Section]" → { key: [values] }, enough of systemd's format to check the unit. */
function parseUnit(text: string): Record<string, Record<string, string[]>> {
  const sections: Record<string, Record<string, string[]>> = {};
  let current: Record<string, string[]> | null = null;
  for (const line of text.split('\n')) {
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      current = sections[header[1] as string] = {};
      continue;
    }
    if (line.trim() === '') continue;
    const eq = line.indexOf('=');
    if (!current || eq < 0) throw new Error(`stray line: ${line}`);
    (current[line.slice(0, eq)] ??= []).push(line.slice(eq + 1));
  }
  return sections;
}

describe('systemd user unit', () => {
  it('starts the kiosk with the desktop session and restarts it after a crash only', () => {
    const unit = parseUnit(systemdUserUnit({ executablePath: LINUX_EXE }));
    expect(unit.Service).toEqual({
      Type: ['simple'],
      ExecStart: [`"${LINUX_EXE}"`],
      Restart: ['on-failure'],
      RestartSec: [String(RESTART_DELAY_SECONDS)],
    });
    expect(unit.Install).toEqual({ WantedBy: ['graphical-session.target'] });
    expect(unit.Unit?.After).toEqual(['graphical-session.target']);
    expect(unit.Unit?.PartOf).toEqual(['graphical-session.target']);
    // Unlimited restarts: the default limit would leave a crash-looping kiosk dark for good.
    expect(unit.Unit?.StartLimitIntervalSec).toEqual(['0']);
  });

  it('can hang off default.target for desktops without a graphical-session target', () => {
    const unit = parseUnit(systemdUserUnit({ executablePath: LINUX_EXE, target: 'default.target' }));
    expect(unit.Install).toEqual({ WantedBy: ['default.target'] });
    expect(unit.Unit?.After).toBeUndefined();
  });

  it('quotes paths so spaces, specifiers and variables stay literal', () => {
    expect(systemdQuote('/opt/My Kiosk/run')).toBe('"/opt/My Kiosk/run"');
    expect(systemdQuote('/opt/100%/$HOME/"x"\\y')).toBe('"/opt/100%%/$$HOME/\\"x\\"\\\\y"');
  });

  it('refuses relative paths and paths that would inject lines', () => {
    expect(() => systemdUserUnit({ executablePath: 'village-kiosk' })).toThrow(/absolute/);
    expect(() => systemdUserUnit({ executablePath: '/opt/x\nExecStartPre=/bin/rm -rf ~' })).toThrow(/line break/);
    const unit = systemdUserUnit({ executablePath: LINUX_EXE, description: 'Kiosk\n[Service]\nExecStart=/bin/sh' });
    expect(unit.match(/^ExecStart=/gm)).toHaveLength(1);
  });
});

describe('Windows scheduled task', () => {
  const xml = windowsScheduledTaskXml({ executablePath: WINDOWS_EXE });
  const element = (name: string): string[] => [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1] as string);

  it('runs the kiosk at every user’s logon, as that user, without elevation', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-16"?>\r\n<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">')).toBe(true);
    expect(xml).toMatch(/<LogonTrigger>\s*<Enabled>true<\/Enabled>/);
    expect(element('GroupId')).toEqual(['S-1-5-32-545']);
    expect(element('RunLevel')).toEqual(['LeastPrivilege']);
    expect(element('URI')).toEqual([`\\${WINDOWS_TASK_NAME}`]);
    expect(element('Command')).toEqual([WINDOWS_EXE]);
    expect(element('WorkingDirectory')).toEqual(['C:\\Program Files\\村务公开自助终端']);
  });

  it('relaunches after a crash: repeating trigger, one instance at a time, restart on failure, no time limit', () => {
    expect(element('Interval')).toEqual(['PT5M', 'PT1M']);
    expect(element('StopAtDurationEnd')).toEqual(['false']);
    expect(element('MultipleInstancesPolicy')).toEqual(['IgnoreNew']);
    expect(xml).toMatch(/<RestartOnFailure>\s*<Interval>PT1M<\/Interval>\s*<Count>999<\/Count>\s*<\/RestartOnFailure>/);
    expect(element('ExecutionTimeLimit')).toEqual(['PT0S']);
    expect(element('DisallowStartIfOnBatteries')).toEqual(['false']);
    expect(element('StopIfGoingOnBatteries')).toEqual(['false']);
    expect(element('StopOnIdleEnd')).toEqual(['false']);
  });

  it('is well-formed: every element closes in order', () => {
    const stack: string[] = [];
    for (const tag of xml.matchAll(/<(\/?)([A-Za-z]+)[^>]*?(\/?)>/g)) {
      const [, closing, name, selfClosing] = tag;
      if (selfClosing) continue;
      if (closing) expect(stack.pop()).toBe(name);
      else stack.push(name as string);
    }
    expect(stack).toEqual([]);
  });

  it('escapes XML in paths and refuses non-absolute ones', () => {
    expect(xmlEscape(`a&b<c>"d'`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;');
    expect(windowsScheduledTaskXml({ executablePath: 'D:\\R&D <kiosk>\\k.exe' })).toContain('<Command>D:\\R&amp;D &lt;kiosk&gt;\\k.exe</Command>');
    expect(() => windowsScheduledTaskXml({ executablePath: 'village-kiosk.exe' })).toThrow(/absolute/);
    expect(() => windowsScheduledTaskXml({ executablePath: '/opt/kiosk' })).toThrow(/absolute/);
  });

  it('encodes as UTF-16 LE with a byte-order mark, as schtasks /XML expects', () => {
    const bytes = utf16LeWithBom('A村');
    expect([...bytes]).toEqual([0xff, 0xfe, 0x41, 0x00, 0x51, 0x67]);
    expect(new TextDecoder('utf-16le').decode(utf16LeWithBom(xml).slice(2))).toBe(xml);
  });
});

describe('installer files', () => {
  it('default paths follow electron-builder’s install locations', () => {
    expect(defaultExecutablePaths('村务公开自助终端', 'village-kiosk')).toEqual({ linux: LINUX_EXE, windows: WINDOWS_EXE });
  });

  it('gives the unit as UTF-8 and the task as UTF-16 with a BOM', () => {
    const [unit, task] = autostartFiles({ linux: LINUX_EXE, windows: WINDOWS_EXE });
    expect(unit?.name).toBe('village-kiosk.service');
    expect(new TextDecoder().decode(unit?.bytes)).toBe(systemdUserUnit({ executablePath: LINUX_EXE }));
    expect(task?.name).toBe('village-kiosk-task.xml');
    expect([...(task?.bytes.slice(0, 2) ?? [])]).toEqual([0xff, 0xfe]);
    expect(new TextDecoder('utf-16le').decode(task?.bytes.slice(2))).toBe(windowsScheduledTaskXml({ executablePath: WINDOWS_EXE }));
  });
});
