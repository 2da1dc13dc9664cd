import { describe, expect, it } from 'vitest';
import { drawNow, OVERLAY_DEVICE_PROPS, sleepWhenIdle } from './overlay';

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

  describe('sleeping while idle', () => {
    /** deck.gl's Deck as sleepWhenIdle sees it, with a frame loop that asks for the next frame after each one (as luma.gl's AnimationLoop). */
    function setup() {
      const state = { redraw: false as unknown, update: false as unknown, pick: null as unknown };
      const provider: { requestAnimationFrame?: (cb: FrameRequestCallback) => number } = {};
      const deck = {
        isInitialized: true,
        frames: 0,
        animationLoop: { props: { animationFrameProvider: provider } },
        needsRedraw: () => state.redraw,
        layerManager: { needsUpdate: () => state.update },
        _pickRequest: { event: null as unknown },
      };
      const deckFrame = () => {
        deck.frames++;
        // Deck's frame picks the hover and draws what needed it, then asks for the next frame.
        deck._pickRequest.event = null;
        state.redraw = false;
        deck.animationLoop.props.animationFrameProvider.requestAnimationFrame!(deckFrame);
      };
      const handlers = new Map<string, Set<() => void>>();
      const map = {
        on: (t: string, f: () => void) => void (handlers.get(t) ?? handlers.set(t, new Set()).get(t)!).add(f),
        off: (t: string, f: () => void) => void handlers.get(t)?.delete(f),
      };
      const emit = (t: string) => handlers.get(t)?.forEach((f) => f());
      const queue: FrameRequestCallback[] = [];
      let beat: (() => void) | null = null;
      const sleep = sleepWhenIdle(
        { _deck: deck },
        map,
        { requestAnimationFrame: (cb) => queue.push(cb), cancelAnimationFrame: () => void queue.splice(0) },
        (_ms, fn) => {
          beat = fn;
          return () => void (beat = null);
        },
      );
      // deck.gl's loop starts: its first request goes through the replaced provider.
      deck.animationLoop.props.animationFrameProvider.requestAnimationFrame!(deckFrame);
      /** Runs the animation frames that were requested, as the browser would, until none is left. */
      const runFrames = () => {
        let n = 0;
        while (queue.length > 0 && n++ < 100) queue.shift()!(n * 16);
        return n;
      };
      return { deck, state, emit, handlers, runFrames, sleep, heartbeat: () => beat?.() };
    }

    it('runs its first frame, then requests none while nothing changes', () => {
      const { deck, runFrames } = setup();
      runFrames();
      expect(deck.frames).toBe(1);
      runFrames();
      expect(deck.frames).toBe(1);
    });

    it('runs a frame when the map renders (the view moved) and two when the pointer moves (hover, then cursor)', () => {
      const { deck, emit, runFrames } = setup();
      runFrames();
      emit('render');
      runFrames();
      expect(deck.frames).toBe(2);
      emit('mousemove');
      runFrames();
      expect(deck.frames).toBe(4);
      // A burst of map events before the frame still costs one frame.
      emit('render');
      emit('resize');
      emit('render');
      runFrames();
      expect(deck.frames).toBe(5);
    });

    it('keeps running while deck.gl reports work, and the heartbeat catches work flagged while asleep', () => {
      const { deck, state, runFrames, heartbeat, sleep } = setup();
      runFrames();
      state.update = 'icon atlas loaded';
      heartbeat();
      runFrames();
      // Every frame: the layer manager still reports the update, so the loop keeps running.
      expect(deck.frames).toBeGreaterThan(10);
      state.update = false;
      const before = deck.frames;
      runFrames();
      expect(deck.frames).toBeLessThanOrEqual(before + 1);
      // Nothing reported: the heartbeat does not wake it.
      const settled = deck.frames;
      heartbeat();
      runFrames();
      expect(deck.frames).toBe(settled);
      sleep.wake();
      runFrames();
      expect(deck.frames).toBe(settled + 1);
    });

    it('stops listening to the map and stops its heartbeat', () => {
      const { deck, emit, handlers, runFrames, sleep, heartbeat } = setup();
      runFrames();
      sleep.stop();
      expect([...handlers.values()].every((h) => h.size === 0)).toBe(true);
      emit('render');
      heartbeat();
      runFrames();
      expect(deck.frames).toBe(1);
    });

    it('leaves an overlay without deck.gl internals drawing on its own', () => {
      expect(() => sleepWhenIdle({}, { on: () => {}, off: () => {} }).wake()).not.toThrow();
    });
  });
});
