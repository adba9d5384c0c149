import { describe, expect, it } from 'vitest';
import { assertFromCounty, ForeignUpdateOriginError, latestUpdateUrl, updateFileUrl, updateReleaseUrl } from '../../../../electron/logic/updates/countyOrigin';

const COUNTY = 'https://county.example.cn:8443/kiosk';
const ID = '0123456789abcdef01234567';

describe('updates only from the enrolled county', () => {
  it('builds the update addresses under the county URL, keeping its path prefix', () => {
    expect(updateFileUrl(COUNTY, ID)).toBe(`https://county.example.cn:8443/kiosk/api/v1/updates/files/${ID}`);
    expect(latestUpdateUrl('http://127.0.0.1:8740', { platform: 'win32', arch: 'x64', version: '1.0.0' })).toBe(
      'http://127.0.0.1:8740/api/v1/updates/latest?platform=win32&arch=x64&version=1.0.0',
    );
    expect(updateReleaseUrl(COUNTY, { platform: 'linux', arch: 'arm64', version: '1.1.0', format: 'deb' })).toBe(
      'https://county.example.cn:8443/kiosk/api/v1/updates/release?platform=linux&arch=arm64&version=1.1.0&format=deb',
    );
  });

  it('refuses another host, scheme, port, credentials, or a path outside the updates API', () => {
    const foreign = [
      `https://evil.example/kiosk/api/v1/updates/files/${ID}`,
      `http://county.example.cn:8443/kiosk/api/v1/updates/files/${ID}`,
      `https://county.example.cn/kiosk/api/v1/updates/files/${ID}`,
      `https://county.example.cn:8443@evil.example/kiosk/api/v1/updates/files/${ID}`,
      `https://user:pw@county.example.cn:8443/kiosk/api/v1/updates/files/${ID}`,
      `https://county.example.cn:8443/other/api/v1/updates/files/${ID}`,
      `https://county.example.cn:8443/kiosk/api/v1/updates/../../../other/api/v1/updates/x`,
      `https://county.example.cn:8443/kiosk/api/v1/sync/pull`,
      'not a url',
    ];
    for (const url of foreign) expect(() => assertFromCounty(url, COUNTY), url).toThrow(ForeignUpdateOriginError);
    expect(assertFromCounty(`https://COUNTY.example.cn:8443/kiosk/api/v1/updates/files/${ID}`, COUNTY)).toBe(`https://county.example.cn:8443/kiosk/api/v1/updates/files/${ID}`);
  });

  it('refuses an id that is not the server\'s form, so no path can be smuggled through it', () => {
    expect(() => updateFileUrl(COUNTY, '../../evil')).toThrow();
  });
});
