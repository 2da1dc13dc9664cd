/**
 * UI and low-rate state only. Entity data lives in data/world.ts; this store carries the
 * version numbers that tell React something changed, bumped at most once per frame.
 */
import { create } from 'zustand';
import { TOPICS, type Hello, type Topic } from '../../shared/protocol';
import type { Lang, Settings } from '../config/settings';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface ConnectionError {
  code: string;
  message: string;
  supported?: readonly number[];
}

export interface WallState {
  settings: Settings | null;
  lang: Lang;
  connection: ConnectionState;
  connectionError: ConnectionError | null;
  /** When the current connection (or the first attempt) started, for staleness of silent topics. */
  connectedSince: number | null;
  hello: Hello | null;
  lastMessageAt: Record<Topic, number | null>;
  /** Per-topic data versions; bumped by the frame flush. */
  versions: Record<Topic, number>;
  unitsVersion: number;
  historyVersion: number;
  counts: Record<Topic, number>;
  diagOpen: boolean;
  setConnection(c: ConnectionState, error?: ConnectionError | null): void;
  toggleDiag(): void;
}

const perTopic = <V,>(v: V) => Object.fromEntries(TOPICS.map((t) => [t, v])) as Record<Topic, V>;

export const useWall = create<WallState>()((set) => ({
  settings: null,
  lang: 'zh',
  connection: 'connecting',
  connectionError: null,
  connectedSince: null,
  hello: null,
  lastMessageAt: perTopic<number | null>(null),
  versions: perTopic(0),
  unitsVersion: 0,
  historyVersion: 0,
  counts: perTopic(0),
  diagOpen: false,
  setConnection: (connection, error) =>
    set((s) => ({
      connection,
      connectionError: error === undefined ? s.connectionError : error,
      connectedSince: connection === 'connected' ? Date.now() : s.connectedSince,
    })),
  toggleDiag: () => set((s) => ({ diagOpen: !s.diagOpen })),
}));
