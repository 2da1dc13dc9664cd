import { describe, expect, it } from 'vitest';
import { drawNow, OVERLAY_DEVICE_PROPS } from './overlay';

describe('the overlay canvas', () => {
  it('asks for a context without multisampling or a preserved drawing buffer', () => {
    expect(OVERLAY_DEVICE_PROPS.webgl).toEqual({ antialias: false, preserveDrawingBuffer: false });
  });

  it('draws a pending change at once, only once deck.gl is initialised', () => {
    const calls: (string | undefined)[] = [];
    const deck = { isInitialized: false, redraw: (r?: string) => calls.push(r) };
    drawNow({ _deck: deck });
    expect(calls).toEqual([]);
    deck.isInitialized = true;
    drawNow({ _deck: deck });
    // No reason: deck.gl draws only if something changed since its last draw.
    expect(calls).toEqual([undefined]);
    expect(() => drawNow({})).not.toThrow();
  });
});
