import { describe, expect, it } from 'vitest';
import { tileHoldsSidePanel } from './span';

describe('side panel of a spanned map', () => {
  it('is shown by the top-right tile only; a window without a span always shows it', () => {
    // A 2×2 span of 1920×1080 monitors: canvas 3840×2160.
    expect(tileHoldsSidePanel([0, 0, 1920, 1080, 3840, 2160])).toBe(false);
    expect(tileHoldsSidePanel([1920, 0, 1920, 1080, 3840, 2160])).toBe(true);
    expect(tileHoldsSidePanel([0, 1080, 1920, 1080, 3840, 2160])).toBe(false);
    expect(tileHoldsSidePanel([1920, 1080, 1920, 1080, 3840, 2160])).toBe(false);
    // Rounded tile edges (bezel compensation) still count as the right edge.
    expect(tileHoldsSidePanel([1919, 0, 1920, 1080, 3840, 1080])).toBe(true);
    expect(tileHoldsSidePanel(null)).toBe(true);
  });
});
