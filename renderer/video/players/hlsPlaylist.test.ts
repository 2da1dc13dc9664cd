import type { HlsConfig, Loader, LoaderCallbacks, LoaderConfiguration, LoaderResponse, LoaderStats, PlaylistLoaderContext } from 'hls.js';
import { describe, expect, it } from 'vitest';
import { rebaseDiscontinuitySequence, rebasingPlaylistLoader, type DiscontinuityBase } from './hlsPlaylist';

const playlist = (disc: number | null, seq = 1_790_000_000) =>
  ['#EXTM3U', '#EXT-X-TARGETDURATION:1', `#EXT-X-MEDIA-SEQUENCE:${seq}`, ...(disc === null ? [] : [`#EXT-X-DISCONTINUITY-SEQUENCE:${disc}`]), '#EXTINF:1.000,', `sub/${seq}.ts`, '#EXT-X-DISCONTINUITY', '#EXTINF:1.000,', `sub/${seq + 1}.ts`, ''].join('\n');
const discOf = (text: string) => Number(/#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)/.exec(text)![1]);

describe('rebaseDiscontinuitySequence', () => {
  it('starts an epoch-sized discontinuity count at 0 and keeps the steps between refreshes', () => {
    const state: DiscontinuityBase = { base: null };
    expect(discOf(rebaseDiscontinuitySequence(playlist(179_000_000), state))).toBe(0);
    expect(discOf(rebaseDiscontinuitySequence(playlist(179_000_000), state))).toBe(0);
    expect(discOf(rebaseDiscontinuitySequence(playlist(179_000_003), state))).toBe(3);
  });

  it('leaves everything else of the playlist as it was, and a playlist without the tag untouched', () => {
    const state: DiscontinuityBase = { base: null };
    const out = rebaseDiscontinuitySequence(playlist(5_000_000), state);
    expect(out).toBe(playlist(5_000_000).replace('SEQUENCE:5000000', 'SEQUENCE:0'));
    expect(out).toContain('#EXT-X-MEDIA-SEQUENCE:1790000000');
    expect(rebaseDiscontinuitySequence(playlist(null), state)).toBe(playlist(null));
  });

  it('a gateway that restarts and counts from lower starts a new base', () => {
    const state: DiscontinuityBase = { base: null };
    rebaseDiscontinuitySequence(playlist(900), state);
    expect(discOf(rebaseDiscontinuitySequence(playlist(2), state))).toBe(0);
    expect(discOf(rebaseDiscontinuitySequence(playlist(4), state))).toBe(2);
  });
});

describe('rebasingPlaylistLoader', () => {
  /** Stands in for hls.js's XHR/fetch loader: answers every load with the next prepared playlist. */
  const answers: string[] = [];
  class FakeLoader implements Loader<PlaylistLoaderContext> {
    context = null;
    stats = {} as LoaderStats;
    constructor(_config: HlsConfig) {}
    destroy(): void {}
    abort(): void {}
    load(context: PlaylistLoaderContext, _config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      const response: LoaderResponse = { url: context.url, data: answers.shift()! };
      callbacks.onSuccess(response, this.stats, context, null);
    }
  }

  it('rebases each playlist a player loads, per player', () => {
    const seen: string[] = [];
    const load = (L: new (c: HlsConfig) => Loader<PlaylistLoaderContext>) =>
      new L({} as HlsConfig).load({ url: 'http://x/sub.m3u8' } as PlaylistLoaderContext, {} as LoaderConfiguration, {
        onSuccess: (r) => seen.push(r.data as string),
        onError: () => undefined,
        onTimeout: () => undefined,
      });
    const a = rebasingPlaylistLoader(FakeLoader);
    const b = rebasingPlaylistLoader(FakeLoader);
    answers.push(playlist(179_000_000), playlist(179_000_001), playlist(179_000_001));
    // hls.js makes a new loader per request: the base belongs to the player, not the loader.
    load(a);
    load(a);
    load(b);
    expect(seen.map(discOf)).toEqual([0, 1, 0]);
  });
});
