/**
 * Keeps a gateway's discontinuity numbering from freezing the page. hls.js 1.7 keeps its
 * per-discontinuity timestamp table as an array indexed by the discontinuity number and walks it
 * from index 0 on every playlist refresh and copies it on every new timeline: a stream whose
 * `#EXT-X-DISCONTINUITY-SEQUENCE` is in the millions (a long-running gateway, an epoch-based
 * count) blocks the main thread for seconds each time, and with it every tile of the wall.
 * Each player rebases the number to start at 0: only differences between discontinuity numbers
 * matter to the player, and those are kept.
 */
import type { HlsConfig, Loader, LoaderCallbacks, LoaderConfiguration, PlaylistLoaderContext } from 'hls.js';

const TAG = /^#EXT-X-DISCONTINUITY-SEQUENCE:(\d+)[ \t]*$/m;

export interface DiscontinuityBase {
  /** The first discontinuity number this player saw, subtracted from every later one. */
  base: number | null;
}

/** The playlist with its discontinuity sequence rebased on `state` (unchanged text when it has none). */
export function rebaseDiscontinuitySequence(playlist: string, state: DiscontinuityBase): string {
  const m = TAG.exec(playlist);
  if (!m) return playlist;
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n)) return playlist;
  // A gateway restarted and counts from lower: that is a new timeline, start it at 0 again.
  if (state.base === null || n < state.base) state.base = n;
  return playlist.replace(TAG, `#EXT-X-DISCONTINUITY-SEQUENCE:${n - state.base}`);
}

type LoaderClass = new (config: HlsConfig) => Loader<PlaylistLoaderContext>;

/** A playlist loader (hls.js `pLoader`) for one player: the default loader, with playlists rebased. */
export function rebasingPlaylistLoader(DefaultLoader: LoaderClass): LoaderClass {
  const state: DiscontinuityBase = { base: null };
  return class RebasingPlaylistLoader extends DefaultLoader {
    override load(context: PlaylistLoaderContext, config: LoaderConfiguration, callbacks: LoaderCallbacks<PlaylistLoaderContext>): void {
      const onSuccess = callbacks.onSuccess;
      super.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, ctx, details) => {
          if (typeof response.data === 'string') response.data = rebaseDiscontinuitySequence(response.data, state);
          onSuccess(response, stats, ctx, details);
        },
      });
    }
  };
}
