import { describe, expect, it } from 'vitest';
import { drawNow, OVERLAY_DEVICE_PROPS } from './overlay';

describe('the overlay canvas', () => {
  it('asks for a context without multisampling or a preserved drawing buffer', () => {
    expect(OVERLAY_DEVICE_PROPS.webgl).toEqual({ antialias: false, preserveDrawingBuffer: false });
  });

  it('runs a whole deck.gl frame at once (layers taken in, then drawn), only once deck.gl is initialised', () => {
    const calls: string[] = [];
    const animationLoop = { redraw: () => calls.push('frame') };
    // Deck.redraw alone would draw the layers deck.gl already has, not the ones just handed over.
    const deck = { isInitialized: false, animationLoop, redraw: () => calls.push('redraw only') };
    drawNow({ _deck: deck });
    expect(calls).toEqual([]);
    deck.isInitialized = true;
    drawNow({ _deck: deck });
    expect(calls).toEqual(['frame']);
    expect(() => drawNow({})).not.toThrow();
    expect(() => drawNow({ _deck: { isInitialized: true, animationLoop: null } })).not.toThrow();
  });
});
