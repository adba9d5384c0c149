import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtAppPaths } from '../../../electron/logic/appPaths';
import { LINUX_STATION_DATA_DIR, parseLaunchOptions } from '../../../electron/logic/launchOptions';

const base = { argv: ['/opt/electron', '/work/app'], env: {}, isPackaged: false, cwd: '/work/app', platform: 'linux' };

describe('launch options', () => {
  it('defaults: no data folder unpackaged, the station folder when installed, kiosk lock only when packaged', () => {
    expect(parseLaunchOptions(base)).toEqual({ demoDir: null, kioskMode: false, warnings: [] });
    expect(parseLaunchOptions({ ...base, isPackaged: true })).toEqual({ demoDir: LINUX_STATION_DATA_DIR, kioskMode: true, warnings: [] });
  });

  it('an installed Windows kiosk reads its station folder under ProgramData; other systems have none', () => {
    const windows = { ...base, isPackaged: true, platform: 'win32' };
    expect(parseLaunchOptions({ ...windows, env: { ProgramData: 'D:\\ProgramData' } }).demoDir).toBe('D:\\ProgramData\\VillageKiosk');
    expect(parseLaunchOptions(windows).demoDir).toBe('C:\\ProgramData\\VillageKiosk');
    expect(parseLaunchOptions({ ...base, isPackaged: true, platform: 'darwin' }).demoDir).toBeNull();
    // An explicit folder always wins, installed or not.
    expect(parseLaunchOptions({ ...windows, argv: [...base.argv, '--demo-data=/data/demo'] }).demoDir).toBe(path.resolve('/data/demo'));
  });

  it('takes the demo folder from --demo-data (resolved against cwd) or KIOSK_DEMO_DIR', () => {
    expect(parseLaunchOptions({ ...base, argv: [...base.argv, '--demo-data=/data/demo'] }).demoDir).toBe(path.resolve('/data/demo'));
    expect(parseLaunchOptions({ ...base, argv: [...base.argv, '--demo-data=.demo-data/default'] }).demoDir).toBe(
      path.resolve('/work/app/.demo-data/default'),
    );
    expect(parseLaunchOptions({ ...base, env: { KIOSK_DEMO_DIR: '/env/demo' } }).demoDir).toBe(path.resolve('/env/demo'));
    // The switch wins over the environment, the last switch over earlier ones.
    expect(
      parseLaunchOptions({ ...base, argv: [...base.argv, '--demo-data=/a', '--demo-data=/b'], env: { KIOSK_DEMO_DIR: '/env' } }).demoDir,
    ).toBe(path.resolve('/b'));
    expect(parseLaunchOptions({ ...base, argv: [...base.argv, '--demo-data='], env: { KIOSK_DEMO_DIR: '  ' } }).demoDir).toBeNull();
  });

  it('switches the kiosk lock with --kiosk-mode or KIOSK_MODE', () => {
    expect(parseLaunchOptions({ ...base, argv: [...base.argv, '--kiosk-mode=on'] }).kioskMode).toBe(true);
    expect(parseLaunchOptions({ ...base, isPackaged: true, argv: [...base.argv, '--kiosk-mode=off'] }).kioskMode).toBe(false);
    expect(parseLaunchOptions({ ...base, env: { KIOSK_MODE: '1' } }).kioskMode).toBe(true);
    // Chromium's own --kiosk switch is not ours and changes nothing here.
    expect(parseLaunchOptions({ ...base, argv: [...base.argv, '--kiosk'] }).kioskMode).toBe(false);
  });

  it('keeps the default and warns on a value it does not understand', () => {
    const options = parseLaunchOptions({ ...base, isPackaged: true, argv: [...base.argv, '--kiosk-mode=of'] });
    expect(options.kioskMode).toBe(true);
    expect(options.warnings).toHaveLength(1);
    expect(options.warnings[0]).toContain('"of"');
  });

  it('finds preload and renderer next to main.cjs', () => {
    const mainDir = path.join('/opt', 'kiosk', 'resources', 'app.asar', 'dist', 'electron');
    expect(builtAppPaths(mainDir)).toEqual({
      preloadPath: path.join(mainDir, 'preload.cjs'),
      rendererDir: path.join('/opt', 'kiosk', 'resources', 'app.asar', 'dist', 'renderer'),
    });
  });
});
