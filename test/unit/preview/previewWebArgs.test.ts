import { describe, expect, it } from 'vitest';
import { parsePreviewWebArgs, PREVIEW_WEB_DEFAULTS, UsageError } from '../../../scripts/lib/previewWebArgs';

describe('parsePreviewWebArgs', () => {
  it('uses the defaults with no arguments', () => {
    expect(parsePreviewWebArgs([])).toEqual({ port: 4173, demoDir: '.demo-data/default', households: 400 });
    expect(PREVIEW_WEB_DEFAULTS.households).toBe(400);
  });

  it('reads --port, --demo and --households in both spellings', () => {
    expect(parsePreviewWebArgs(['--port', '8080', '--demo', '/tmp/d', '--households=50'])).toEqual({
      port: 8080,
      demoDir: '/tmp/d',
      households: 50,
    });
    expect(parsePreviewWebArgs(['--port=0']).port).toBe(0);
  });

  it.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '-1'], /--port/],
    [['--port', '70000'], /between 0 and 65535/],
    [['--port', '80.5'], /whole number/],
    [['--households', '0'], /--households must be between 1/],
    [['--demo', ''], /--demo needs a folder/],
    [['--verbose'], /Unknown option/],
    [['extra'], /positional/i],
    [['--port'], /argument missing/i],
  ])('rejects %j', (argv, message) => {
    expect(() => parsePreviewWebArgs(argv)).toThrow(UsageError);
    expect(() => parsePreviewWebArgs(argv)).toThrow(message);
  });
});
