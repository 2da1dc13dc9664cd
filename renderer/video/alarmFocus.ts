/**
 * Alarm linkage: a face-recognition hit or a critical/major incident alarm brings the nearest
 * online cameras into the alarm tile, until the alarm is acknowledged or cleared, or for a set
 * time. Pure: the view passes the world's tables and the clock.
 */
import { haversineM } from '../../shared/geo';
import type { Alarm, Camera, FaceHit } from '../../shared/protocol';

export const ALARM_HOLD_S = 120;

export interface AlarmTrigger {
  key: string;
  kind: 'face' | 'incident';
  lon: number;
  lat: number;
  at: number;
  title: string;
  severity: Alarm['severity'];
  /** The camera that saw it (face hits): shown first even if another is nearer. */
  cameraId: string | null;
}

/** Active triggers, newest first. */
export function activeTriggers(alarms: Iterable<Alarm>, faceHits: Iterable<FaceHit>, now: number, holdMs = ALARM_HOLD_S * 1000): AlarmTrigger[] {
  const out: AlarmTrigger[] = [];
  const faceAlarmState = new Map<string, Alarm>();
  for (const a of alarms) {
    if (a.source === 'face') faceAlarmState.set(a.sourceId, a);
    if (a.state !== 'active' || now - a.raisedAt > holdMs || a.lon === null || a.lat === null) continue;
    if (a.source === 'incident' && (a.severity === 'critical' || a.severity === 'major')) {
      out.push({ key: `alarm:${a.id}`, kind: 'incident', lon: a.lon, lat: a.lat, at: a.raisedAt, title: a.title, severity: a.severity, cameraId: null });
    }
  }
  for (const h of faceHits) {
    if (now - h.time > holdMs || h.time > now + 60_000) continue;
    const alarm = faceAlarmState.get(h.id);
    if (alarm && alarm.state !== 'active') continue;
    out.push({
      key: `face:${h.id}`,
      kind: 'face',
      lon: h.lon,
      lat: h.lat,
      at: h.time,
      title: alarm?.title ?? `${h.watchlist} ${h.personRef} ${Math.round(h.similarity * 100)}%`,
      severity: alarm?.severity ?? 'major',
      cameraId: h.cameraId,
    });
  }
  return out.sort((a, b) => b.at - a.at || a.key.localeCompare(b.key));
}

export interface NearCamera {
  camera: Camera;
  distanceM: number;
}

/** The `n` nearest online cameras with a stream; the trigger's own camera first when it can play. */
export function nearestCameras(cameras: Iterable<Camera>, at: { lon: number; lat: number; cameraId?: string | null }, n: number): NearCamera[] {
  const near: NearCamera[] = [];
  for (const c of cameras) {
    if (!c.online || c.streams.length === 0) continue;
    near.push({ camera: c, distanceM: haversineM(at.lon, at.lat, c.lon, c.lat) });
  }
  near.sort((a, b) => {
    const own = Number(b.camera.id === at.cameraId) - Number(a.camera.id === at.cameraId);
    return own || a.distanceM - b.distanceM || a.camera.id.localeCompare(b.camera.id);
  });
  return near.slice(0, Math.max(0, n));
}
