/** The map's user-visible controls (layers, heat window and filter, playback, selection): low-rate React state. */
import { create } from 'zustand';
import type { Camera, DrainageSensor } from '../../shared/protocol';
import { ALL_CATEGORIES, type HeatWindow } from './incidents';

export const LAYER_IDS = ['heatmap', 'incidents', 'units', 'cameras', 'drainage'] as const;
export type ToggleId = (typeof LAYER_IDS)[number];

export interface Playback {
  from: number;
  to: number;
  /** Start of the hour being shown. */
  at: number;
}

export type Selection = { kind: 'camera'; item: Camera } | { kind: 'drainage'; item: DrainageSensor } | null;

export interface MapUiState {
  visible: Record<ToggleId, boolean>;
  window: HeatWindow;
  categories: number;
  playback: Playback | null;
  selection: Selection;
  basemapError: string | null;
  toggle(id: ToggleId): void;
  setWindow(w: HeatWindow): void;
  setCategories(mask: number): void;
  setPlayback(p: Playback | null): void;
  select(s: Selection): void;
}

export const useMapUi = create<MapUiState>()((set) => ({
  visible: { heatmap: true, incidents: true, units: true, cameras: true, drainage: true },
  window: '24h',
  categories: ALL_CATEGORIES,
  playback: null,
  selection: null,
  basemapError: null,
  toggle: (id) => set((s) => ({ visible: { ...s.visible, [id]: !s.visible[id] } })),
  setWindow: (window) => set({ window }),
  setCategories: (categories) => set({ categories }),
  setPlayback: (playback) => set({ playback }),
  select: (selection) => set({ selection }),
}));
