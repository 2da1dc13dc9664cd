/**
 * The district names over the situation map, as text in the page rather than a deck.gl layer.
 * On the overlay canvas they were redrawn with every unit batch and pulse frame, and on a wall
 * PC without a GPU that cost more main thread than ten thousand unit dots (two SDF passes);
 * on a canvas of their own they cost the compositor a full-screen blend per frame instead
 * (canvases.ts). As page text they are drawn once by the browser and only move with the map:
 * a dozen transforms per camera frame. They sit above every canvas and below the map's tooltip,
 * and take no pointer events.
 */
import type { BasemapCrs } from '../config/settings';
import { DISTRICT_LABELS } from './basemap';
import { projectFor } from './crs';
import { uiScale } from './layer-style';

/** The part of MapLibre's Map the labels use. */
export interface LabelMap {
  getContainer(): HTMLElement;
  project(lngLat: [number, number]): { x: number; y: number };
  on(type: 'move' | 'resize', fn: () => void): unknown;
  off(type: 'move' | 'resize', fn: () => void): unknown;
}

export class DistrictLabels {
  private readonly root: HTMLDivElement;
  private readonly spans: HTMLSpanElement[];
  private readonly points: [number, number][];
  private lang: 'zh' | 'en' | null = null;

  constructor(
    private readonly map: LabelMap,
    crs: BasemapCrs,
  ) {
    const project = projectFor(crs);
    this.points = DISTRICT_LABELS.map((d) => project(d.position[0], d.position[1]) as [number, number]);
    this.root = document.createElement('div');
    this.root.className = 'district-labels';
    this.root.dataset.testid = 'district-labels';
    this.spans = DISTRICT_LABELS.map((d) => {
      const s = document.createElement('span');
      s.className = 'district-label';
      s.dataset.adcode = d.adcode;
      this.root.appendChild(s);
      return s;
    });
    // Next to the overlay canvases and after them, so the names stay on top of every marker
    // while deck.gl's tooltip (z-index 2 in the same stacking context) stays on top of the names.
    const container = map.getContainer();
    (container.querySelector('.maplibregl-ctrl-top-left') ?? container).appendChild(this.root);
    map.on('move', this.place);
    map.on('resize', this.place);
    this.place();
  }

  /** Names in the wall's language; nothing is rewritten when it did not change. */
  setLang(lang: 'zh' | 'en'): void {
    if (lang === this.lang) return;
    this.lang = lang;
    this.root.lang = lang === 'zh' ? 'zh-CN' : 'en';
    this.root.style.fontSize = `${(lang === 'zh' ? 30 : 24) * uiScale()}px`;
    DISTRICT_LABELS.forEach((d, i) => {
      this.spans[i]!.textContent = lang === 'zh' ? d.name : d.nameEn;
    });
  }

  get count(): number {
    return this.spans.length;
  }

  private readonly place = (): void => {
    for (let i = 0; i < this.spans.length; i++) {
      const p = this.map.project(this.points[i]!);
      this.spans[i]!.style.transform = `translate(${p.x.toFixed(1)}px, ${p.y.toFixed(1)}px) translate(-50%, -50%)`;
    }
  };

  destroy(): void {
    this.map.off('move', this.place);
    this.map.off('resize', this.place);
    this.root.remove();
  }
}
