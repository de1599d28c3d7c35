import { describe, expect, it } from 'vitest';
import { parseInspectMode, parseInspectPort } from '../../src/inspect/inspect-mode.js';
import { renderInspectorBanner } from '../../src/inspect/start-inspector.js';

describe('inspect flags', () => {
  it.each([
    [undefined, undefined],
    [false, undefined],
    [true, 'local'],
    ['local', 'local'],
    ['stately', 'stately'],
  ])('--inspect %j means %j', (flag, mode) => {
    expect(parseInspectMode(flag)).toBe(mode);
  });

  it('rejects an unknown mode with a usage error that names the choices', () => {
    expect(() => parseInspectMode('sky')).toThrowError(
      expect.objectContaining({ code: 'inspect.mode', exitCode: 2 }),
    );
  });

  it('reads SAMOCODE_INSPECT_PORT, defaulting to 0 (any free port)', () => {
    expect(parseInspectPort(undefined)).toBe(0);
    expect(parseInspectPort('')).toBe(0);
    expect(parseInspectPort('9123')).toBe(9123);
    expect(() => parseInspectPort('80a')).toThrowError(
      expect.objectContaining({ code: 'inspect.port', exitCode: 2 }),
    );
    expect(() => parseInspectPort('70000')).toThrowError(expect.objectContaining({ code: 'inspect.port' }));
  });

  it('tells the user where to look, and that the Stately page needs internet', () => {
    expect(renderInspectorBanner('local', 'http://127.0.0.1:5/', 'http://127.0.0.1:5/')).toBe(
      'inspector: open http://127.0.0.1:5/ in a browser to watch the session live',
    );
    expect(renderInspectorBanner('stately', 'http://127.0.0.1:5/', 'http://127.0.0.1:5/local')).toBe(
      'inspector: open http://127.0.0.1:5/ in a browser with internet access (it loads https://stately.ai/inspect); the local page, which needs none, is at http://127.0.0.1:5/local',
    );
  });
});
