import { describe, expect, it } from 'vitest';
import { blockClose, placementSteps, platformSwitches, sceneFromUrl, windowUrl } from './kiosk';

describe('kiosk rules', () => {
  it('force X11 on Linux unless told otherwise; nothing elsewhere', () => {
    expect(platformSwitches('linux', {})).toEqual([['ozone-platform', 'x11']]);
    expect(platformSwitches('linux', { QUJING_WAYLAND: '1' })).toEqual([]);
    expect(platformSwitches('win32', {})).toEqual([]);
    expect(platformSwitches('darwin', {})).toEqual([]);
  });

  it('block closing in kiosk mode unless the admin confirmed quitting', () => {
    expect(blockClose({ kiosk: true, quitting: false })).toBe(true);
    expect(blockClose({ kiosk: true, quitting: true })).toBe(false);
    expect(blockClose({ kiosk: false, quitting: false })).toBe(false);
  });

  it('move to the display before going fullscreen', () => {
    expect(placementSteps({ kiosk: true, isFullScreen: true, sameBounds: false })).toEqual(['leave-fullscreen', 'set-bounds', 'enter-fullscreen']);
    expect(placementSteps({ kiosk: true, isFullScreen: false, sameBounds: false })).toEqual(['set-bounds', 'enter-fullscreen']);
    expect(placementSteps({ kiosk: true, isFullScreen: true, sameBounds: true })).toEqual([]);
    expect(placementSteps({ kiosk: false, isFullScreen: false, sameBounds: false })).toEqual(['set-bounds']);
  });

  it('build window URLs without secrets and read the scene back from the fragment', () => {
    expect(windowUrl('app://wall/index.html', { view: 'map', wall: 'wall-1', monitor: 'A1' })).toBe('app://wall/index.html?view=map&wall=wall-1&monitor=A1');
    expect(sceneFromUrl('app://wall/index.html?view=map#scene=%E9%98%B2%E6%B1%9B%E5%BA%94%E6%80%A5')).toBe('防汛应急');
    expect(sceneFromUrl('app://wall/index.html?view=map')).toBeNull();
  });
});
