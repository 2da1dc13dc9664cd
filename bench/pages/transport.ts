/**
 * Item 3, in the page: receiving and applying unit movement, without drawing.
 *  binary  positions frames (one per tick) → decodeUnitPositions → UnitTable.applyPositions
 *  json    one socket.io event per unit → update a Map of unit objects (the usual approach)
 */
import { io } from 'socket.io-client';
import { decodeUnitPositions, UNIT_KINDS, UNIT_STATUSES, type Unit } from '../../shared/protocol';
import { UnitTable } from '../../renderer/data/unitTable';
import { unitStart } from '../lib/fleet';
import { label, param, type Probe } from './probe';

export async function startTransport(probe: Probe): Promise<void> {
  const mode = param('mode', 'binary');
  const n = Number(param('units', '1000'));
  const hz = Number(param('hz', '1'));
  label(`transport ${mode} ${n} @ ${hz} Hz`);
  const socket = io(location.origin, { auth: { mode, units: n, hz }, transports: ['websocket'] });
  if (mode === 'binary') {
    const table = new UnitTable(n);
    for (let i = 0; i < n; i++) {
      const s = unitStart(i);
      table.upsert({ id: `U${i}`, slot: i, lon: s.lon, lat: s.lat, heading: s.heading, kind: UNIT_KINDS[0], status: UNIT_STATUSES[0] } as Unit);
    }
    socket.on('positions', (data: ArrayBuffer) => {
      const r = decodeUnitPositions(data);
      if (!r.ok) return;
      probe.updates += table.applyPositions(r.value).applied;
      probe.batches++;
    });
    await new Promise<void>((r) => socket.once('positions', () => r()));
  } else {
    const units = new Map<number, { lon: number; lat: number; heading: number; speed: number; ts: number }>();
    socket.on('u', (m: { s: number; lon: number; lat: number; h: number; v: number; ts: number }) => {
      let u = units.get(m.s);
      if (!u) units.set(m.s, (u = { lon: 0, lat: 0, heading: 0, speed: 0, ts: 0 }));
      u.lon = m.lon;
      u.lat = m.lat;
      u.heading = m.h;
      u.speed = m.v;
      u.ts = m.ts;
      probe.updates++;
    });
    await new Promise<void>((r) => socket.once('u', () => r()));
  }
}
