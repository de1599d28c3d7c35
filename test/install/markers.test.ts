import { describe, expect, it } from 'vitest';
import { isSamocodeError } from '../../src/errors.js';
import { readBetweenMarkers, replaceBetweenMarkers } from '../../src/install/markers.js';

const text = 'before\n<!-- t:start -->\nold\n<!-- t:end -->\nafter\n';

describe('generated-block markers', () => {
  it('replaces only the text between the markers and reads it back', () => {
    const next = replaceBetweenMarkers(text, 't', 'new\nlines', 'x.md');
    expect(next).toBe('before\n<!-- t:start -->\nnew\nlines\n<!-- t:end -->\nafter\n');
    expect(readBetweenMarkers(next, 't', 'x.md')).toBe('new\nlines');
  });

  it('is idempotent', () => {
    const once = replaceBetweenMarkers(text, 't', 'body', 'x.md');
    expect(replaceBetweenMarkers(once, 't', 'body', 'x.md')).toBe(once);
  });

  it('names the file and the fix when the markers are missing', () => {
    let caught: unknown;
    try {
      readBetweenMarkers('no markers', 't', 'agents/x.md');
    } catch (error) {
      caught = error;
    }
    expect(isSamocodeError(caught) && caught.code).toBe('prompt.markers');
    expect(caught instanceof Error && caught.message).toContain(
      'agents/x.md: missing the generated-block markers <!-- t:start --> … <!-- t:end -->',
    );
  });
});
