/**
 * The Qujing city simulation: deterministic for a seed and start time, driven only by
 * step(dtMs). It keeps every topic's entities and records what changed so the stream server
 * can send deltas; unit movement is recorded separately for the binary position frames.
 */
import type {
  Alarm,
  Camera,
  CityEvent,
  DrainageSensor,
  FaceHit,
  HistoryRecord,
  Incident,
  NearbyResult,
  PositionRecord,
  Topic,
  TopicEntityMap,
  Unit,
  UnitStatus,
  WallState,
} from '../../shared/protocol';
import { TOPICS, LIMITS, compactCamera, type StreamTemplate } from '../../shared/protocol';
import { DISTRICT_CODES, QILIN_CENTRE, districtName, type DistrictCode } from '../../shared/geo';
import { createRng, type Rng } from './random';
import { approxDistanceM, fastDistrictAt, metresToDegrees, SEATS, sampleNear } from './geo-index';
import { CITY_HOTSPOTS, HOURLY_MAX, POPULATION, QILIN, WATCHLISTS, WATCHLIST_WEIGHTS, dailyRhythm } from './places';
import { DAY_MS, HISTORY_DAYS, INCIDENTS_PER_DAY, generateHistory, newIncident, addressFor } from './incidents';
import { STATUS_DWELL_MIN, STATUS_NEXT, generateUnits, isLegalTransition } from './units';
import { generateCameras, generateSensors, round, type SensorPlan } from './world';
import { TrendStore, TREND_STEP_MS, type TrendResult } from './trend';
import { AlarmLoad, createAlarmBook, type AlarmEvent, type AlarmRaise } from '../alarms';

const MIN = 60_000;
const HOUR = 3_600_000;
/** Longest internal step: keeps movement and arrivals smooth when the caller steps coarsely. */
const MAX_SUBSTEP_MS = 5_000;
const CLOSED_INCIDENT_KEEP_MS = HOUR;
const CLEARED_ALARM_KEEP_MS = 3 * HOUR;
const CLOSED_EVENT_KEEP_MS = 2 * HOUR;
const FACE_HIT_KEEP_MS = 24 * HOUR;
const FACE_ALARM_AUTOCLEAR_MS = 2 * HOUR;
/** Mean gaps of the Poisson processes (constant over the day). */
const CITY_EVENT_GAP_MS = 25 * MIN;
const FACE_HIT_GAP_MS = 75 * MIN;
const CAMERA_OUTAGE_GAP_MS = 60 * MIN;

export interface SimulationOptions {
  seed: number;
  /** Simulated time at creation, epoch ms. */
  startTime: number;
  /** Called on every unit status change (tests check legality). */
  onUnitTransition?: (unitId: string, from: UnitStatus, to: UnitStatus) => void;
}

export interface TopicChanges<E> {
  upserts: E[];
  removes: string[];
}
export type SimChanges = { [T in Topic]: TopicChanges<TopicEntityMap[T]> } & {
  /** Units whose position or speed changed since the last drain. */
  positions: PositionRecord[];
};

export type SimCommandResult =
  | { ok: true; result: Record<string, unknown> }
  | { ok: false; code: 'NOT_FOUND' | 'CONFLICT'; message: string };

interface UnitSim {
  e: Unit;
  homeLon: number;
  homeLat: number;
  homeDistrict: DistrictCode;
  cruise: number;
  tLon: number | null;
  tLat: number | null;
  pauseUntil: number;
  nextStatusAt: number;
}

interface IncidentSim {
  e: Incident;
  /** When the simulation's own dispatcher sends units; null when it leaves this one alone. */
  dispatchAt: number | null;
  sceneMs: number;
  onSceneAt: number | null;
  /** Safety net: closed by then whatever happened (handled by phone, unit stuck …). */
  closeBy: number;
  alarmId: string | null;
}

interface CameraOutage {
  id: string;
  backAt: number;
  alarmId: string | null;
}

interface CityEventSim {
  e: CityEvent;
  nextAt: number;
  alarmId: string | null;
}

interface RainEpisode {
  start: number;
  end: number;
  peak: number;
  lon: number;
  lat: number;
  radiusM: number;
}

interface SensorSim extends SensorPlan {
  nextReportAt: number;
  alarmId: string | null;
  /** Silenced by sim.drainage: does not report until let go. */
  silent: boolean;
  /** A level set while silent, reported when the sensor reports again. */
  pendingLevel: number | null;
  /** Index of this sensor's rows in the trend store. */
  row: number;
}

type Store = { [T in Topic]: Map<string, TopicEntityMap[T]> };

const CITY_EVENT_RESPONSIBLE: Record<CityEvent['type'], (d: DistrictCode) => string> = {
  manhole_damaged: (d) => `${districtName(d)}市政管理处`,
  streetlight_out: (d) => `${districtName(d)}路灯管理所`,
  taxi_abnormal: () => '曲靖市交通运输局',
  road_damaged: (d) => `${districtName(d)}市政管理处`,
  illegal_dumping: (d) => `${districtName(d)}城管执法大队`,
  waterlogging: (d) => `${districtName(d)}排水管理处`,
};
const CITY_EVENT_TEXT: Record<CityEvent['type'], readonly string[]> = {
  manhole_damaged: ['井盖破损，存在安全隐患', '井盖缺失', '井盖移位，车辆通行有异响'],
  streetlight_out: ['路灯不亮', '连续多盏路灯故障', '路灯闪烁'],
  taxi_abnormal: ['出租车长时间异常停留', '出租车偏离路线，乘客求助', '出租车拒载投诉'],
  road_damaged: ['路面坑槽', '人行道地砖松动', '路面塌陷'],
  illegal_dumping: ['建筑垃圾乱倒', '生活垃圾堆放', '夜间偷倒渣土'],
  waterlogging: ['路面积水，影响通行', '下穿通道积水', '低洼路段积水'],
};
const CITY_EVENT_TYPES_W: readonly [CityEvent['type'], number][] = [
  ['manhole_damaged', 0.12],
  ['streetlight_out', 0.25],
  ['taxi_abnormal', 0.1],
  ['road_damaged', 0.18],
  ['illegal_dumping', 0.25],
  ['waterlogging', 0.1],
];
function drawCityEventType(rng: Rng): CityEvent['type'] {
  return CITY_EVENT_TYPES_W[rng.weighted(CITY_EVENT_TYPES_W.map((x) => x[1]))]![0];
}
/** 派单 → 处置中: minutes until the responsible unit takes the order on. */
function cityEventAcceptMs(rng: Rng): number {
  return rng.range(10, 90) * MIN;
}
/** 处置中 → 已办结, hours by type: a taxi complaint is settled quickly, a road repair takes most of a day. */
const CITY_EVENT_WORK_H: Record<CityEvent['type'], readonly [number, number]> = {
  taxi_abnormal: [0.5, 2],
  waterlogging: [1, 4],
  illegal_dumping: [1.5, 8],
  manhole_damaged: [2, 10],
  streetlight_out: [3, 18],
  road_damaged: [4, 20],
};
function cityEventWorkMs(rng: Rng, type: CityEvent['type']): number {
  const [lo, hi] = CITY_EVENT_WORK_H[type];
  return rng.range(lo, hi) * HOUR;
}

/** Pseudonymous duty-desk staff who acknowledged the alarms raised before the start. */
const DUTY_DESK = ['值班员 张伟', '值班员 李娜', '值班员 王强', '值班员 刘洋', '值班员 陈静', '值班员 杨帆', '值班台 1', '值班台 2'] as const;
const ACK_NOTES: Record<Alarm['source'], readonly (string | null)[]> = {
  incident: ['已调度警力处置', '已通知辖区派出所', null],
  face: ['已通知属地派出所核查', '已推送巡逻组', null],
  'city-event': ['已转城管部门处置', '已通知责任单位', null],
  camera: ['已报运维单位', '已派运维人员检修', null],
  drainage: ['已通知排水管理处', null],
};

export type Simulation = ReturnType<typeof createSimulation>;

export function createSimulation(opts: SimulationOptions) {
  const root = createRng(opts.seed);
  // One stream per process so the world layout does not shift when live behaviour changes.
  const rngWorld = root.fork();
  const rngHistory = root.fork();
  const rngUnits = root.fork();
  const rngIncidents = root.fork();
  const rngRain = root.fork();
  const rngEvents = root.fork();
  const rngCameras = root.fork();
  // The state before the start (warm start) draws from its own stream.
  const rngWarm = root.fork();

  let now = opts.startTime;
  const store: Store = Object.fromEntries(TOPICS.map((t) => [t, new Map()])) as unknown as Store;
  const dirty: Record<Topic, Set<string>> = Object.fromEntries(TOPICS.map((t) => [t, new Set<string>()])) as Record<
    Topic,
    Set<string>
  >;
  const removed: Record<Topic, Set<string>> = Object.fromEntries(TOPICS.map((t) => [t, new Set<string>()])) as Record<
    Topic,
    Set<string>
  >;
  const moved = new Set<UnitSim>();
  let counter = 0;
  const nextId = (prefix: string) => `${prefix}-${String(++counter).padStart(7, '0')}`;

  function upsert<T extends Topic>(topic: T, e: TopicEntityMap[T]): void {
    (store[topic] as Map<string, TopicEntityMap[T]>).set(e.id, e);
    dirty[topic].add(e.id);
    removed[topic].delete(e.id);
  }
  function remove(topic: Topic, id: string): void {
    if (!store[topic].delete(id)) return;
    dirty[topic].delete(id);
    removed[topic].add(id);
  }

  // ── infrastructure ───────────────────────────────────────────────────────
  const cameras = generateCameras(rngWorld);
  for (const c of cameras) upsert('cameras', c);
  const faceCameras = cameras.filter((c) => c.kind === 'face');
  const sensors: SensorSim[] = generateSensors(rngWorld, now).map((p, row) => ({
    ...p,
    nextReportAt: p.sensor.reportedAt + p.sensor.intervalS * 1000,
    alarmId: null,
    silent: false,
    pendingLevel: null,
    row,
  }));
  for (const s of sensors) upsert('drainage', s.sensor);
  const sensorById = new Map(sensors.map((s) => [s.sensor.id, s]));
  const trend = new TrendStore(sensors.length);
  upsert('wall', { id: 'wall-1', scene: '日常', updatedAt: now, updatedBy: null } satisfies WallState);

  // ── history ──────────────────────────────────────────────────────────────
  let history: HistoryRecord[] = generateHistory(rngHistory, now);
  let historyStart = 0;

  // ── units ────────────────────────────────────────────────────────────────
  const units: UnitSim[] = generateUnits(rngWorld, now).map((p) => ({
    e: p.unit,
    homeLon: p.homeLon,
    homeLat: p.homeLat,
    homeDistrict: p.unit.district,
    cruise: p.cruise,
    tLon: null,
    tLat: null,
    pauseUntil: 0,
    nextStatusAt: now + rngUnits.exp(STATUS_DWELL_MIN.patrol * MIN),
  }));
  const unitById = new Map(units.map((u) => [u.e.id, u]));
  for (const u of units) upsert('units', u.e);

  function setStatus(u: UnitSim, to: UnitStatus): boolean {
    const from = u.e.status;
    if (from === to) return true;
    if (!isLegalTransition(from, to)) return false;
    u.e.status = to;
    opts.onUnitTransition?.(u.e.id, from, to);
    dirty.units.add(u.e.id);
    if (to !== 'dispatched') u.nextStatusAt = now + rngUnits.exp(STATUS_DWELL_MIN[to] * MIN);
    // On-duty and standby units go back to their post; the others pick their own way.
    u.tLon = to === 'on_duty' || to === 'standby' ? u.homeLon : null;
    u.tLat = to === 'on_duty' || to === 'standby' ? u.homeLat : null;
    u.pauseUntil = 0;
    if (to === 'available') setSpeed(u, 0);
    return true;
  }

  function setSpeed(u: UnitSim, speed: number): void {
    if (u.e.speed !== speed) {
      u.e.speed = speed;
      moved.add(u);
    }
  }

  function pickWaypoint(u: UnitSim): void {
    const radius = u.e.kind === 'foot' ? 500 : 2500;
    const p = sampleNear(rngUnits, u.homeLon, u.homeLat, radius / 2, u.homeDistrict, radius, 8);
    u.tLon = p?.lon ?? u.homeLon;
    u.tLat = p?.lat ?? u.homeLat;
  }

  /** Moves one unit towards its target; true when it arrived. */
  function drive(u: UnitSim, speed: number, dtS: number): boolean {
    const tLon = u.tLon!;
    const tLat = u.tLat!;
    const dist = approxDistanceM(u.e.lon, u.e.lat, tLon, tLat);
    const stepM = speed * dtS;
    let lon: number;
    let lat: number;
    let arrived = false;
    if (dist <= stepM || dist < 1) {
      lon = tLon;
      lat = tLat;
      arrived = true;
    } else {
      const f = stepM / dist;
      lon = u.e.lon + (tLon - u.e.lon) * f;
      lat = u.e.lat + (tLat - u.e.lat) * f;
    }
    let district = fastDistrictAt(lon, lat);
    if (district === null) {
      // A straight line can leave the prefecture where the border is concave.
      if (u.e.status === 'patrol') {
        pickWaypoint(u);
        setSpeed(u, 0);
        return false;
      }
      lon = tLon;
      lat = tLat;
      arrived = true;
      district = fastDistrictAt(lon, lat);
      if (district === null) return true;
    }
    const dLon = lon - u.e.lon;
    const dLat = lat - u.e.lat;
    if (dLon !== 0 || dLat !== 0) {
      const { dLon: k } = metresToDegrees(u.e.lat, 1, 0);
      u.e.heading = ((Math.atan2(dLon / k, dLat * 111_320) * 180) / Math.PI + 360) % 360;
    }
    u.e.lon = lon;
    u.e.lat = lat;
    u.e.updatedAt = now;
    if (district !== u.e.district) {
      u.e.district = district;
      dirty.units.add(u.e.id);
    }
    setSpeed(u, arrived ? 0 : round(speed, 1));
    moved.add(u);
    return arrived;
  }

  function stepUnit(u: UnitSim, dtS: number): void {
    const s = u.e.status;
    if (s !== 'dispatched' && now >= u.nextStatusAt) {
      const options = STATUS_NEXT[s];
      const to = options[rngUnits.weighted(options.map((o) => o[1]))]![0];
      setStatus(u, to);
    }
    if (u.tLon === null) {
      if (u.e.status !== 'patrol') return;
      if (now < u.pauseUntil) return;
      pickWaypoint(u);
    }
    const speed = u.e.status === 'dispatched' ? u.cruise * 1.15 : u.e.kind === 'foot' ? u.cruise : u.cruise * 0.7;
    if (drive(u, speed, dtS)) {
      if (u.e.status === 'dispatched') arriveAtScene(u);
      else if (u.e.status === 'patrol') {
        u.tLon = null;
        u.tLat = null;
        u.pauseUntil = now + rngUnits.exp(2 * MIN);
      } else {
        u.tLon = null;
        u.tLat = null;
      }
    }
  }

  // ── alarms ───────────────────────────────────────────────────────────────
  const clearedAlarms: string[] = [];
  // Alarm ids carry the run's start time so alarms restored from storage never collide with new ones.
  const alarmRun = Math.floor(opts.startTime / 1000).toString(36);
  let alarmSeq = 0;
  const alarmListeners = new Set<(e: AlarmEvent) => void>();
  const alarmLoad = new AlarmLoad();
  const book = createAlarmBook({
    store: store.alarms,
    now: () => now,
    newId: () => `al-${alarmRun}-${String(++alarmSeq).padStart(6, '0')}`,
    onChange: (a) => {
      dirty.alarms.add(a.id);
      removed.alarms.delete(a.id);
      if (a.state === 'cleared') clearedAlarms.push(a.id);
    },
    onEvent: (e) => {
      alarmLoad.record(e);
      for (const fn of alarmListeners) fn(e);
    },
  });
  function raiseAlarm(a: AlarmRaise): string {
    return book.raise(a);
  }
  /**
   * Gives an alarm raised before the start its state at the start: acknowledged by the duty
   * desk at ackAt if that came before both now and clearedAt, cleared at clearedAt if that is past.
   */
  function settleAlarm(id: string, ackAt: number | null, clearedAt: number | null): void {
    const a = store.alarms.get(id)!;
    if (ackAt !== null && ackAt < now && (clearedAt === null || ackAt < clearedAt)) {
      a.state = 'acknowledged';
      a.ackBy = rngWarm.pick(DUTY_DESK);
      a.ackAt = Math.max(a.raisedAt, Math.round(ackAt));
      a.ackNote = rngWarm.pick(ACK_NOTES[a.source]);
      alarmLoad.record({ alarmId: a.id, at: a.ackAt, kind: 'acknowledged', actor: a.ackBy, note: a.ackNote, ref: null });
    }
    if (clearedAt !== null && clearedAt <= now) {
      a.state = 'cleared';
      a.clearedAt = Math.max(a.ackAt ?? a.raisedAt, Math.round(clearedAt));
      clearedAlarms.push(id);
    }
  }
  function clearAlarm(id: string | null): void {
    book.clear(id);
  }

  // ── incidents ────────────────────────────────────────────────────────────
  const open = new Map<string, IncidentSim>();
  const closedIncidents: string[] = [];

  function planIncident(e: Incident): IncidentSim {
    const sim: IncidentSim = {
      e,
      dispatchAt: rngIncidents.chance(e.priority === 1 ? 1 : 0.85) ? e.reportedAt + rngIncidents.range(0.5, 4) * MIN : null,
      sceneMs: rngIncidents.range(15, 60) * MIN,
      onSceneAt: null,
      closeBy: e.reportedAt + rngIncidents.range(20, 90) * MIN,
      alarmId: null,
    };
    if (sim.dispatchAt !== null) sim.closeBy = e.reportedAt + 3 * HOUR;
    return sim;
  }

  function openIncident(e: Incident): IncidentSim {
    const sim = planIncident(e);
    open.set(e.id, sim);
    upsert('incidents', e);
    if (e.priority === 1) sim.alarmId = raiseIncidentAlarm(e);
    return sim;
  }

  function raiseIncidentAlarm(e: Incident): string {
    return raiseAlarm({
      source: 'incident',
      sourceId: e.id,
      severity: e.category === 'robbery' || e.category === 'fire' || e.category === 'fight' ? 'critical' : 'major',
      title: `一级警情：${e.summary}`,
      lon: e.lon,
      lat: e.lat,
      district: e.district,
      raisedAt: e.reportedAt,
    });
  }
  /** When the duty desk acknowledged a first-priority alarm before the start; null if it has not yet. */
  function incidentAckAt(e: Incident): number | null {
    return rngWarm.chance(0.6) ? e.reportedAt + rngWarm.range(1, 8) * MIN : null;
  }

  function assignUnit(inc: IncidentSim, u: UnitSim): void {
    if (u.e.status === 'standby') setStatus(u, 'available');
    setStatus(u, 'dispatched');
    u.e.incidentId = inc.e.id;
    u.tLon = inc.e.lon;
    u.tLat = inc.e.lat;
    dirty.units.add(u.e.id);
    inc.e.unitIds = [...inc.e.unitIds, u.e.id];
    if (inc.e.status === 'new') inc.e.status = 'dispatched';
    dirty.incidents.add(inc.e.id);
  }

  function autoDispatch(inc: IncidentSim): void {
    const want = inc.e.priority === 1 ? 2 + rngIncidents.int(2) : inc.e.priority === 2 ? 1 + rngIncidents.int(2) : rngIncidents.chance(0.3) ? 2 : 1;
    const candidates: { u: UnitSim; d: number }[] = [];
    for (const u of units) {
      if (u.e.district !== inc.e.district) continue;
      if (u.e.status !== 'available' && u.e.status !== 'patrol') continue;
      candidates.push({ u, d: approxDistanceM(u.e.lon, u.e.lat, inc.e.lon, inc.e.lat) });
    }
    candidates.sort((a, b) => a.d - b.d);
    const chosen = candidates.slice(0, Math.min(want, LIMITS.maxDispatchUnits - inc.e.unitIds.length));
    if (chosen.length === 0) {
      inc.dispatchAt = now + 2 * MIN;
      return;
    }
    inc.dispatchAt = null;
    for (const c of chosen) assignUnit(inc, c.u);
  }

  function arriveAtScene(u: UnitSim): void {
    u.tLon = null;
    u.tLat = null;
    const inc = u.e.incidentId ? open.get(u.e.incidentId) : undefined;
    if (inc && inc.e.status === 'dispatched') {
      inc.e.status = 'on_scene';
      inc.onSceneAt = now;
      dirty.incidents.add(inc.e.id);
    }
  }

  function releaseUnits(e: Incident): void {
    for (const id of e.unitIds) {
      const u = unitById.get(id);
      if (!u || u.e.incidentId !== e.id) continue;
      u.e.incidentId = null;
      setStatus(u, rngIncidents.chance(0.7) ? 'patrol' : 'on_duty');
      dirty.units.add(u.e.id);
    }
  }

  function closeIncident(inc: IncidentSim): void {
    inc.e.status = 'closed';
    inc.e.closedAt = now;
    dirty.incidents.add(inc.e.id);
    open.delete(inc.e.id);
    closedIncidents.push(inc.e.id);
    releaseUnits(inc.e);
    clearAlarm(inc.alarmId);
  }

  function stepIncidents(): void {
    for (const inc of open.values()) {
      if (inc.e.status === 'new' && inc.dispatchAt !== null && now >= inc.dispatchAt) autoDispatch(inc);
      if (inc.e.status === 'on_scene' && inc.onSceneAt !== null && now >= inc.onSceneAt + inc.sceneMs) closeIncident(inc);
      else if (now >= inc.closeBy) closeIncident(inc);
    }
    while (closedIncidents.length > 0) {
      const e = store.incidents.get(closedIncidents[0]!);
      if (e && e.closedAt !== null && now - e.closedAt < CLOSED_INCIDENT_KEEP_MS) break;
      closedIncidents.shift();
      if (e) remove('incidents', e.id);
    }
  }

  const peakRatePerMs = (INCIDENTS_PER_DAY * HOURLY_MAX) / DAY_MS;
  let nextIncidentAt = now;
  function scheduleIncident(): void {
    // Thinning: candidates at the peak rate, kept in proportion to the hour's rhythm.
    for (;;) {
      nextIncidentAt += rngIncidents.exp(1 / peakRatePerMs);
      if (rngIncidents.next() * HOURLY_MAX < dailyRhythm(nextIncidentAt)) return;
    }
  }
  scheduleIncident();

  function spawnIncidents(): void {
    while (nextIncidentAt <= now) {
      const t = Math.round(nextIncidentAt);
      const e = newIncident(nextId('inc'), rngIncidents, t);
      history.push({ time: t, lon: e.lon, lat: e.lat, category: e.category, priority: e.priority, district: e.district });
      openIncident(e);
      scheduleIncident();
    }
  }

  // Incidents of the last two hours are live at start: older ones closed, recent ones being handled.
  for (let i = history.length - 1; i >= 0 && history[i]!.time >= now - 2 * HOUR; i--) {
    const rec = history[i]!;
    const e = newIncident(nextId('inc'), rngIncidents, rec.time, rec);
    const plan = planIncident(e);
    const doneAt = plan.dispatchAt === null ? plan.closeBy : e.reportedAt + rngIncidents.range(25, 70) * MIN;
    if (doneAt < now) {
      if (e.priority === 1 && now - doneAt < CLEARED_ALARM_KEEP_MS) settleAlarm(raiseIncidentAlarm(e), incidentAckAt(e), doneAt);
      if (now - doneAt > CLOSED_INCIDENT_KEEP_MS) continue;
      e.status = 'closed';
      e.closedAt = Math.round(doneAt);
      upsert('incidents', e);
      continue;
    }
    const inc = openIncident(e);
    inc.dispatchAt = plan.dispatchAt;
    if (inc.alarmId) settleAlarm(inc.alarmId, incidentAckAt(e), null);
  }
  closedIncidents.push(
    ...[...store.incidents.values()]
      .filter((e) => e.status === 'closed')
      .sort((a, b) => a.closedAt! - b.closedAt!)
      .map((e) => e.id),
  );
  for (const inc of open.values()) if (inc.dispatchAt !== null && inc.dispatchAt <= now) autoDispatch(inc);

  // ── cameras ──────────────────────────────────────────────────────────────
  const outages: CameraOutage[] = [];
  // A few long-standing faults at start, without fresh alarms.
  for (let i = 0; i < 40; i++) {
    const cam = cameras[rngCameras.int(cameras.length)]!;
    if (!cam.online) continue;
    cam.online = false;
    outages.push({ id: cam.id, backAt: now + rngCameras.range(1, 12) * HOUR, alarmId: null });
  }
  let nextOutageAt = now + rngCameras.exp(CAMERA_OUTAGE_GAP_MS);
  /** Stream templates of the cameras topic (set with the demo media server's URLs). */
  let streamTemplates = new Map<string, StreamTemplate>();
  function cameraOutageMs(rng: Rng): number {
    return rng.range(3, 20) * MIN + rng.exp(30 * MIN);
  }
  function raiseCameraAlarm(cam: Camera, t: number): string {
    return raiseAlarm({
      source: 'camera',
      sourceId: cam.id,
      severity: 'minor',
      title: `视频离线：${cam.name}`,
      lon: cam.lon,
      lat: cam.lat,
      district: cam.district,
      raisedAt: Math.round(t),
    });
  }
  // Recent short outages: those back within the alarm retention left a cleared alarm, the rest are still down.
  for (let t = now - 6 * HOUR + rngWarm.exp(CAMERA_OUTAGE_GAP_MS); t < now; t += rngWarm.exp(CAMERA_OUTAGE_GAP_MS)) {
    const cam = cameras[rngWarm.int(cameras.length)]!;
    if (!cam.online) continue;
    const backAt = t + cameraOutageMs(rngWarm);
    if (now - backAt >= CLEARED_ALARM_KEEP_MS) continue;
    const alarmId = raiseCameraAlarm(cam, t);
    const ackAt = rngWarm.chance(0.7) ? t + rngWarm.range(3, 30) * MIN : null;
    if (backAt <= now) {
      settleAlarm(alarmId, ackAt, backAt);
      continue;
    }
    settleAlarm(alarmId, ackAt, null);
    cam.online = false;
    outages.push({ id: cam.id, backAt, alarmId });
  }
  function stepCameras(): void {
    while (nextOutageAt <= now) {
      const cam = cameras[rngCameras.int(cameras.length)]!;
      if (cam.online) {
        cam.online = false;
        upsert('cameras', cam);
        outages.push({ id: cam.id, backAt: now + cameraOutageMs(rngCameras), alarmId: raiseCameraAlarm(cam, now) });
      }
      nextOutageAt += rngCameras.exp(CAMERA_OUTAGE_GAP_MS);
    }
    for (let i = outages.length - 1; i >= 0; i--) {
      const o = outages[i]!;
      if (now < o.backAt) continue;
      const cam = store.cameras.get(o.id);
      if (cam) {
        cam.online = true;
        dirty.cameras.add(cam.id);
      }
      clearAlarm(o.alarmId);
      outages.splice(i, 1);
    }
  }
  /** sim.camera: an outage held until lifted by the command; lifting also ends a natural one early. */
  function simCameraOutage(cameraId: string, outage: boolean): SimCommandResult {
    const cam = store.cameras.get(cameraId);
    if (!cam) return { ok: false, code: 'NOT_FOUND', message: `camera ${cameraId} not found` };
    const i = outages.findIndex((o) => o.id === cameraId);
    if (outage && i >= 0) outages[i]!.backAt = Infinity;
    else if (outage) outages.push({ id: cam.id, backAt: Infinity, alarmId: raiseCameraAlarm(cam, now) });
    else if (i >= 0) {
      clearAlarm(outages[i]!.alarmId);
      outages.splice(i, 1);
    }
    if (cam.online === outage) {
      cam.online = !outage;
      upsert('cameras', cam);
    }
    return { ok: true, result: { camera: structuredCloneLite(cam) } };
  }

  // ── face-recognition hits ────────────────────────────────────────────────
  const faceHits: string[] = [];
  const faceAlarms: { id: string; at: number }[] = [];
  let nextFaceHitAt = now + rngEvents.exp(FACE_HIT_GAP_MS);
  /** Records a hit at time t; its alarm too unless `alarm` is false (one long gone from the list). */
  function recordFaceHit(rng: Rng, cam: Camera, t: number, alarm: boolean): string | null {
    const watchlist = WATCHLISTS[rng.weighted(WATCHLIST_WEIGHTS)]!;
    const similarity = round(0.8 + 0.19 * Math.sqrt(rng.next()), 3);
    const hit: FaceHit = {
      id: nextId('fh'),
      cameraId: cam.id,
      district: cam.district,
      lon: cam.lon,
      lat: cam.lat,
      watchlist,
      personRef: `P-${10000 + rng.int(90000)}`,
      similarity,
      time: Math.round(t),
    };
    upsert('face-hits', hit);
    faceHits.push(hit.id);
    if (!alarm) return null;
    const severity = watchlist === '在逃人员' ? (similarity >= 0.92 ? 'critical' : 'major') : 'minor';
    return raiseAlarm({
      source: 'face',
      sourceId: hit.id,
      severity,
      title: `人脸布控比中：${watchlist} ${hit.personRef}（${Math.round(similarity * 100)}%）`,
      lon: cam.lon,
      lat: cam.lat,
      district: cam.district,
      raisedAt: hit.time,
    });
  }
  function stepFaceHits(): void {
    while (nextFaceHitAt <= now) {
      const t = nextFaceHitAt;
      nextFaceHitAt += rngEvents.exp(FACE_HIT_GAP_MS);
      const cam = rngEvents.pick(faceCameras);
      if (!cam.online) continue;
      faceAlarms.push({ at: now, id: recordFaceHit(rngEvents, cam, t, true)! });
    }
    while (faceAlarms.length > 0 && now - faceAlarms[0]!.at >= FACE_ALARM_AUTOCLEAR_MS) clearAlarm(faceAlarms.shift()!.id);
    while (faceHits.length > 0) {
      const h = store['face-hits'].get(faceHits[0]!);
      if (h && now - h.time < FACE_HIT_KEEP_MS) break;
      faceHits.shift();
      if (h) remove('face-hits', h.id);
    }
  }
  // The hits still within retention. Their alarms: the duty desk has acknowledged the older
  // ones, the latest one or two still wait; those past the auto-clear time are cleared.
  {
    const recent: { id: string; t: number }[] = [];
    for (let t = now - FACE_HIT_KEEP_MS + rngWarm.exp(FACE_HIT_GAP_MS); t < now; t += rngWarm.exp(FACE_HIT_GAP_MS)) {
      const cam = rngWarm.pick(faceCameras);
      if (!cam.online) continue;
      const clearAt = t + FACE_ALARM_AUTOCLEAR_MS;
      const id = recordFaceHit(rngWarm, cam, t, now - clearAt < CLEARED_ALARM_KEEP_MS);
      if (id === null) continue;
      const ackAt = rngWarm.chance(0.9) ? t + rngWarm.range(2, 20) * MIN : null;
      if (clearAt <= now) settleAlarm(id, ackAt, clearAt);
      else recent.push({ id, t });
    }
    const waiting = 1 + rngWarm.int(2);
    recent.forEach(({ id, t }, i) => {
      if (i < recent.length - waiting) settleAlarm(id, t + rngWarm.range(2, 20) * MIN, null);
      faceAlarms.push({ id, at: t });
    });
  }

  // ── city-management events ───────────────────────────────────────────────
  const cityEvents = new Map<string, CityEventSim>();
  const closedEvents: string[] = [];
  let nextCityEventAt = now + rngEvents.exp(CITY_EVENT_GAP_MS);
  /** A new 派单 event reported at t, at `at` or drawn like the live ones; null when no place was found. */
  function makeCityEvent(rng: Rng, type: CityEvent['type'], t: number, at?: { lon: number; lat: number }): CityEvent | null {
    let p = at ? { ...at, district: fastDistrictAt(at.lon, at.lat) } : null;
    if (!p || !p.district) {
      if (rng.chance(0.65)) {
        const hs = rng.pick(CITY_HOTSPOTS);
        p = sampleNear(rng, hs.lon, hs.lat, Math.max(hs.sigmaM, 1200));
      } else {
        const code = DISTRICT_CODES[rng.weighted(DISTRICT_CODES.map((c) => POPULATION[c]))]!;
        p = sampleNear(rng, SEATS[code].lon, SEATS[code].lat, 1500, code);
      }
    }
    if (!p || !p.district) return null;
    const district = p.district;
    return {
      id: nextId('ce'),
      type,
      status: 'assigned',
      district,
      lon: p.lon,
      lat: p.lat,
      description: `${addressFor(rng, district)}：${rng.pick(CITY_EVENT_TEXT[type])}`,
      responsible: CITY_EVENT_RESPONSIBLE[type](district),
      reportedAt: Math.round(t),
      updatedAt: Math.round(t),
    };
  }
  /** Damaged manholes are a hazard and raise an alarm; other events do not. */
  function raiseCityEventAlarm(e: CityEvent): string | null {
    if (e.type !== 'manhole_damaged') return null;
    return raiseAlarm({
      source: 'city-event',
      sourceId: e.id,
      severity: 'minor',
      title: `井盖破损：${e.description}`.slice(0, LIMITS.maxStringLength),
      lon: e.lon,
      lat: e.lat,
      district: e.district,
      raisedAt: e.reportedAt,
    });
  }
  function newCityEvent(type: CityEvent['type'], t: number, at?: { lon: number; lat: number }): void {
    const e = makeCityEvent(rngEvents, type, t, at);
    if (!e) return;
    const sim: CityEventSim = { e, nextAt: t + cityEventAcceptMs(rngEvents), alarmId: raiseCityEventAlarm(e) };
    cityEvents.set(e.id, sim);
    upsert('city-events', e);
  }
  function stepCityEvents(): void {
    while (nextCityEventAt <= now) {
      const t = nextCityEventAt;
      nextCityEventAt += rngEvents.exp(CITY_EVENT_GAP_MS);
      newCityEvent(drawCityEventType(rngEvents), t);
    }
    for (const sim of cityEvents.values()) {
      if (now < sim.nextAt) continue;
      sim.e.updatedAt = now;
      dirty['city-events'].add(sim.e.id);
      if (sim.e.status === 'assigned') {
        sim.e.status = 'in_progress';
        sim.nextAt = now + cityEventWorkMs(rngEvents, sim.e.type);
      } else {
        sim.e.status = 'closed';
        cityEvents.delete(sim.e.id);
        closedEvents.push(sim.e.id);
        clearAlarm(sim.alarmId);
      }
    }
    while (closedEvents.length > 0) {
      const e = store['city-events'].get(closedEvents[0]!);
      if (e && now - e.updatedAt < CLOSED_EVENT_KEEP_MS) break;
      closedEvents.shift();
      if (e) remove('city-events', e.id);
    }
  }
  // The last day's events (none lasts longer): the old ones are done (已办结) and only kept
  // while recent, the newer ones are still assigned (派单) or being handled (处置中).
  for (let t = now - DAY_MS + rngWarm.exp(CITY_EVENT_GAP_MS); t < now; t += rngWarm.exp(CITY_EVENT_GAP_MS)) {
    const type = drawCityEventType(rngWarm);
    const acceptAt = t + cityEventAcceptMs(rngWarm);
    const doneAt = acceptAt + cityEventWorkMs(rngWarm, type);
    // A closed event's cleared alarm stays listed a little longer than the event itself.
    if (now - doneAt >= Math.max(CLOSED_EVENT_KEEP_MS, CLEARED_ALARM_KEEP_MS)) continue;
    const e = makeCityEvent(rngWarm, type, t);
    if (!e) continue;
    const alarmId = raiseCityEventAlarm(e);
    const ackAt = rngWarm.chance(0.75) ? t + rngWarm.range(5, 40) * MIN : null;
    if (doneAt <= now) {
      if (alarmId) settleAlarm(alarmId, ackAt, doneAt);
      if (now - doneAt >= CLOSED_EVENT_KEEP_MS) continue;
      e.status = 'closed';
      e.updatedAt = Math.round(doneAt);
      closedEvents.push(e.id);
    } else {
      if (alarmId) settleAlarm(alarmId, ackAt, null);
      const sim: CityEventSim = { e, nextAt: acceptAt, alarmId };
      if (acceptAt <= now) {
        e.status = 'in_progress';
        e.updatedAt = Math.round(acceptAt);
        sim.nextAt = doneAt;
      }
      cityEvents.set(e.id, sim);
    }
    upsert('city-events', e);
  }
  closedEvents.sort((a, b) => store['city-events'].get(a)!.updatedAt - store['city-events'].get(b)!.updatedAt);

  // ── rain and drainage ────────────────────────────────────────────────────
  // The first episode is a heavy storm a few hours in, so every run shows the drainage cycle early.
  const rain: RainEpisode[] = [];
  function addRain(start: number, heavy: boolean): void {
    const c = sampleNear(rngRain, QILIN_CENTRE.lon, QILIN_CENTRE.lat, 2500, QILIN) ?? { ...QILIN_CENTRE };
    const duration = rngRain.range(40, 150) * MIN;
    rain.push({
      start,
      end: start + duration,
      peak: heavy ? rngRain.range(50, 75) : Math.min(90, 6 + rngRain.exp(18)),
      lon: c.lon,
      lat: c.lat,
      radiusM: rngRain.range(3500, 8000),
    });
  }
  addRain(now + rngRain.range(2, 5) * HOUR, true);
  function stepRain(): void {
    const last = rain[rain.length - 1]!;
    if (now > last.start) addRain(last.end + HOUR + rngRain.exp(6 * HOUR), false);
    while (rain.length > 1 && rain[0]!.end < now) rain.shift();
  }
  function rainAt(lon: number, lat: number, t: number): number {
    let r = 0;
    for (const ep of rain) {
      if (t < ep.start || t > ep.end) continue;
      const shape = Math.sin((Math.PI * (t - ep.start)) / (ep.end - ep.start));
      const d = approxDistanceM(lon, lat, ep.lon, ep.lat);
      r += ep.peak * shape * Math.exp(-(d * d) / (2 * ep.radiusM * ep.radiusM));
    }
    return r;
  }

  function report(s: SensorSim, forcedLevel: number | null = null): void {
    const e = s.sensor;
    const r = rainAt(e.lon, e.lat, now);
    const target = s.base + (s.sensitivity * r) / 30;
    const dt = Math.max(0, now - e.reportedAt);
    // Water rises and drains with a lag of about a quarter of an hour.
    const level = forcedLevel ?? e.level + (target - e.level) * (1 - Math.exp(-dt / (15 * MIN)));
    e.level = round(forcedLevel ?? Math.min(5, Math.max(0, level)), 3);
    e.flow = round(s.pipe * (0.02 + 0.9 * e.level ** 1.5), 3);
    e.rainMmH = round(r, 1);
    e.reportedAt = now;
    e.battery = round(Math.max(0, e.battery - 0.0005), 4);
    e.signalDbm = Math.max(-140, Math.min(-60, e.signalDbm + rngRain.int(3) - 1));
    const prev = e.state;
    const hysteresis = 0.03;
    let state: DrainageSensor['state'];
    if (e.level >= e.alarmLevel || (prev === 'alarm' && e.level >= e.alarmLevel - hysteresis)) state = 'alarm';
    else if (e.level >= e.warnLevel || (prev !== 'normal' && e.level >= e.warnLevel - hysteresis)) state = 'warning';
    else state = 'normal';
    e.state = state;
    if (state === 'alarm' && s.alarmId === null) {
      s.alarmId = raiseAlarm({
        source: 'drainage',
        sourceId: e.id,
        severity: e.level >= e.alarmLevel + 0.3 ? 'critical' : 'major',
        title: `排水超警：${e.catchment} ${e.name} 水位 ${e.level.toFixed(2)} m`,
        lon: e.lon,
        lat: e.lat,
        district: e.district,
        raisedAt: now,
      });
      if (rngRain.chance(0.3)) newCityEvent('waterlogging', now, e);
    } else if (state === 'normal' && s.alarmId !== null) {
      clearAlarm(s.alarmId);
      s.alarmId = null;
    }
    trend.record(s.row, now, e.level, e.flow);
    dirty.drainage.add(e.id);
  }
  function stepSensors(): void {
    for (const s of sensors) {
      if (s.silent || now < s.nextReportAt) continue;
      const forced = s.pendingLevel;
      s.pendingLevel = null;
      report(s, forced);
      s.nextReportAt = now + s.sensor.intervalS * 1000;
    }
  }
  // The 24 hours before the start: dry weather around each sensor's base level, with one
  // light shower in the past that has drained away by now, ending exactly on today's level.
  {
    const rngTrend = createRng((opts.seed ^ 0x7e3d) >>> 0);
    const c = sampleNear(rngTrend, QILIN_CENTRE.lon, QILIN_CENTRE.lat, 2500, QILIN) ?? { ...QILIN_CENTRE };
    const end = now - rngTrend.range(7, 12) * HOUR;
    const shower: RainEpisode = {
      start: end - rngTrend.range(60, 150) * MIN,
      end,
      peak: rngTrend.range(15, 35),
      lon: c.lon,
      lat: c.lat,
      radiusM: rngTrend.range(4000, 8000),
    };
    const showerAt = (lon: number, lat: number, t: number): number => {
      if (t < shower.start || t > shower.end) return 0;
      const shape = Math.sin((Math.PI * (t - shower.start)) / (shower.end - shower.start));
      const d = approxDistanceM(lon, lat, shower.lon, shower.lat);
      return shower.peak * shape * Math.exp(-(d * d) / (2 * shower.radiusM * shower.radiusM));
    };
    const steps = trend.capacity;
    const firstStep = Math.floor(now / TREND_STEP_MS) - steps + 1;
    const tau = 15 * MIN;
    for (const s of sensors) {
      const e = s.sensor;
      let level = s.base;
      for (let i = 0; i < steps - 1; i++) {
        const t = (firstStep + i) * TREND_STEP_MS + TREND_STEP_MS / 2;
        if (t >= e.reportedAt) break;
        const target = s.base + (s.sensitivity * showerAt(e.lon, e.lat, t)) / 30;
        level += (target - level) * (1 - Math.exp(-TREND_STEP_MS / tau));
        // Sensor noise of a few millimetres.
        const shown = round(Math.max(0, level + (rngTrend.next() - 0.5) * 0.01), 3);
        trend.record(s.row, t, shown, round(s.pipe * (0.02 + 0.9 * shown ** 1.5), 3));
      }
      trend.record(s.row, e.reportedAt, e.level, round(s.pipe * (0.02 + 0.9 * e.level ** 1.5), 3));
    }
  }

  // ── housekeeping ─────────────────────────────────────────────────────────
  function stepAlarms(): void {
    book.step();
    while (clearedAlarms.length > 0) {
      const a = store.alarms.get(clearedAlarms[0]!);
      if (a && a.state === 'cleared' && a.clearedAt !== null && now - a.clearedAt < CLEARED_ALARM_KEEP_MS) break;
      clearedAlarms.shift();
      // Reopened by its source since: stays; it is queued again when it clears again.
      if (a && a.state === 'cleared') {
        book.forget(a.id);
        remove('alarms', a.id);
      }
    }
  }
  function pruneHistory(): void {
    const from = now - HISTORY_DAYS * DAY_MS;
    while (historyStart < history.length && history[historyStart]!.time < from) historyStart++;
    if (historyStart > 20_000) {
      history = history.slice(historyStart);
      historyStart = 0;
    }
  }

  function advance(dtMs: number): void {
    now += dtMs;
    const dtS = dtMs / 1000;
    spawnIncidents();
    stepIncidents();
    for (const u of units) stepUnit(u, dtS);
    stepCameras();
    stepFaceHits();
    stepCityEvents();
    stepRain();
    stepSensors();
    stepAlarms();
    pruneHistory();
  }

  function findIncident(id: string): Incident | undefined {
    return store.incidents.get(id);
  }

  // The duty desk has not got to the newest open alarm yet.
  let newest: Alarm | null = null;
  for (const a of store.alarms.values()) if (a.state !== 'cleared' && (!newest || a.raisedAt > newest.raisedAt)) newest = a;
  if (newest?.state === 'acknowledged') Object.assign(newest, { state: 'active', ackBy: null, ackAt: null, ackNote: null });
  // The alarms cleared before the start, in the order they were cleared, for the retention sweep.
  clearedAlarms.sort((a, b) => store.alarms.get(a)!.clearedAt! - store.alarms.get(b)!.clearedAt!);

  let carryMs = 0;
  return {
    seed: opts.seed,
    now: () => now,

    step(dtMs: number): void {
      if (!Number.isFinite(dtMs) || dtMs <= 0) return;
      // Whole milliseconds only, so every timestamp on the wire is an integer.
      const total = dtMs + carryMs;
      let left = Math.floor(total);
      carryMs = total - left;
      while (left > 0) {
        const d = Math.min(MAX_SUBSTEP_MS, left);
        advance(d);
        left -= d;
      }
    },

    /** Everything changed since the previous call; entities are copies. */
    drainChanges(): SimChanges {
      const out = { positions: [] } as unknown as SimChanges;
      for (const topic of TOPICS) {
        const map = store[topic] as Map<string, TopicEntityMap[Topic]>;
        const upserts: TopicEntityMap[Topic][] = [];
        for (const id of dirty[topic]) {
          const e = map.get(id);
          if (e) upserts.push(structuredCloneLite(e));
        }
        (out as unknown as Record<Topic, TopicChanges<unknown>>)[topic] = { upserts, removes: [...removed[topic]] };
        dirty[topic].clear();
        removed[topic].clear();
      }
      for (const u of moved) {
        out.positions.push({ slot: u.e.slot, lon: u.e.lon, lat: u.e.lat, heading: u.e.heading, speed: u.e.speed });
      }
      moved.clear();
      return out;
    },

    /** Current entities of a topic (live objects: serialise before the next step). */
    entities<T extends Topic>(topic: T): TopicEntityMap[T][] {
      return [...(store[topic] as Map<string, TopicEntityMap[T]>).values()];
    },

    count(topic: Topic): number {
      return store[topic].size;
    },

    /** Incidents reported in the 30 days before now (all of them, not only the live set). */
    history(): { baseTs: number; records: HistoryRecord[] } {
      const baseTs = now - HISTORY_DAYS * DAY_MS;
      let i = historyStart;
      while (i < history.length && history[i]!.time < baseTs) i++;
      let j = history.length;
      while (j > i && history[j - 1]!.time >= now) j--;
      return { baseTs, records: history.slice(i, j) };
    },

    /** Deep copy of all entities, for comparisons. */
    state(): { now: number; topics: Record<Topic, unknown[]>; historyCount: number } {
      const topics = Object.fromEntries(TOPICS.map((t) => [t, [...store[t].values()].map(structuredCloneLite)])) as Record<
        Topic,
        unknown[]
      >;
      return { now, topics, historyCount: history.length - historyStart };
    },

    ackAlarm(alarmId: string, by: string, note: string | null): SimCommandResult {
      return book.ack(alarmId, by, note);
    },

    clearAlarmBy(alarmId: string, by: string, note: string | null): SimCommandResult {
      return book.clear(alarmId, by, note);
    },

    ackSituation(situationId: string, by: string, note: string | null): SimCommandResult {
      return book.ackSituation(situationId, by, note);
    },

    /** Puts back alarms kept in storage from an earlier run. */
    restoreAlarms(alarms: readonly Alarm[]): void {
      for (const a of alarms) book.restore(a);
    },

    /** Every alarm lifecycle event from now on (raised, acknowledged …), for the journal. */
    onAlarmEvent(fn: (e: AlarmEvent) => void): () => void {
      alarmListeners.add(fn);
      return () => alarmListeners.delete(fn);
    },

    alarmStats(hours: number) {
      return alarmLoad.stats(now, hours, store.alarms.values());
    },

    dispatch(incidentId: string, unitIds: readonly string[]): SimCommandResult {
      const e = findIncident(incidentId);
      const inc = open.get(incidentId);
      if (!e) return { ok: false, code: 'NOT_FOUND', message: `incident ${incidentId} not found` };
      if (!inc || e.status === 'closed') return { ok: false, code: 'CONFLICT', message: `incident ${incidentId} is closed` };
      const list = [...new Set(unitIds)];
      const picked: UnitSim[] = [];
      for (const id of list) {
        const u = unitById.get(id);
        if (!u) return { ok: false, code: 'NOT_FOUND', message: `unit ${id} not found` };
        if (u.e.status === 'dispatched') return { ok: false, code: 'CONFLICT', message: `unit ${id} is already dispatched` };
        picked.push(u);
      }
      if (e.unitIds.length + picked.length > LIMITS.maxDispatchUnits) {
        return { ok: false, code: 'CONFLICT', message: `an incident takes at most ${LIMITS.maxDispatchUnits} units` };
      }
      inc.dispatchAt = null;
      // Now that units are on the way, the job ends when they are done on scene.
      inc.closeBy = Math.max(inc.closeBy, now + 3 * HOUR);
      for (const u of picked) assignUnit(inc, u);
      return { ok: true, result: { incident: structuredCloneLite(e) } };
    },

    closeIncident(incidentId: string): SimCommandResult {
      const e = findIncident(incidentId);
      if (!e) return { ok: false, code: 'NOT_FOUND', message: `incident ${incidentId} not found` };
      const inc = open.get(incidentId);
      if (!inc) return { ok: false, code: 'CONFLICT', message: `incident ${incidentId} is already closed` };
      closeIncident(inc);
      return { ok: true, result: { incident: structuredCloneLite(e) } };
    },

    /** Console marks units arrived (on_scene) or the job done (closed). */
    setIncidentStatus(incidentId: string, status: 'on_scene' | 'closed'): SimCommandResult {
      const e = findIncident(incidentId);
      if (!e) return { ok: false, code: 'NOT_FOUND', message: `incident ${incidentId} not found` };
      const inc = open.get(incidentId);
      if (!inc) return { ok: false, code: 'CONFLICT', message: `incident ${incidentId} is already closed` };
      if (status === 'closed') closeIncident(inc);
      else {
        if (e.status !== 'dispatched') return { ok: false, code: 'CONFLICT', message: `incident ${incidentId} is ${e.status}, not dispatched` };
        e.status = 'on_scene';
        inc.onSceneAt = now;
        dirty.incidents.add(e.id);
      }
      return { ok: true, result: { incident: structuredCloneLite(e) } };
    },

    /** Routes a city-management event to another responsible unit (派单 again). */
    assignCityEvent(eventId: string, responsible: string): SimCommandResult {
      const sim = cityEvents.get(eventId);
      if (!sim) {
        const known = store['city-events'].has(eventId);
        return known
          ? { ok: false, code: 'CONFLICT', message: `event ${eventId} is already closed` }
          : { ok: false, code: 'NOT_FOUND', message: `event ${eventId} not found` };
      }
      sim.e.responsible = responsible.slice(0, LIMITS.maxStringLength);
      sim.e.status = 'assigned';
      sim.e.updatedAt = now;
      sim.nextAt = now + cityEventAcceptMs(rngEvents);
      dirty['city-events'].add(eventId);
      return { ok: true, result: { event: structuredCloneLite(sim.e) } };
    },

    /** 派单 → 处置中 → 已办结 by hand, one step forward at a time. */
    advanceCityEvent(eventId: string, status: 'in_progress' | 'closed'): SimCommandResult {
      const sim = cityEvents.get(eventId);
      if (!sim) {
        const known = store['city-events'].has(eventId);
        return known
          ? { ok: false, code: 'CONFLICT', message: `event ${eventId} is already closed` }
          : { ok: false, code: 'NOT_FOUND', message: `event ${eventId} not found` };
      }
      if (status === 'in_progress' && sim.e.status !== 'assigned') {
        return { ok: false, code: 'CONFLICT', message: `event ${eventId} is ${sim.e.status}` };
      }
      sim.e.updatedAt = now;
      dirty['city-events'].add(eventId);
      if (status === 'in_progress') {
        sim.e.status = 'in_progress';
        sim.nextAt = now + cityEventWorkMs(rngEvents, sim.e.type);
      } else {
        sim.e.status = 'closed';
        cityEvents.delete(eventId);
        closedEvents.push(eventId);
        clearAlarm(sim.alarmId);
      }
      return { ok: true, result: { event: structuredCloneLite(sim.e) } };
    },

    /** Nearest units that can still be sent (not 出警) and nearest cameras, with distance and ETA. */
    nearby(incidentId: string, limit: number): { ok: true; result: NearbyResult } | { ok: false; message: string } {
      const e = findIncident(incidentId);
      if (!e) return { ok: false, message: `incident ${incidentId} not found` };
      const us = units
        .filter((u) => u.e.status !== 'dispatched')
        .map((u) => ({ u, d: approxDistanceM(u.e.lon, u.e.lat, e.lon, e.lat) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, limit)
        .map(({ u, d }) => ({
          id: u.e.id,
          callsign: u.e.callsign,
          status: u.e.status,
          kind: u.e.kind,
          distanceM: Math.round(d),
          // Roads are about 1.4 times the straight line; dispatched units drive at 1.15 × cruise.
          etaS: Math.round((d * 1.4) / Math.max(1, u.cruise * 1.15)),
        }));
      const cs = cameras
        .map((c) => ({ c, d: approxDistanceM(c.lon, c.lat, e.lon, e.lat) }))
        .sort((a, b) => a.d - b.d)
        .slice(0, limit)
        .map(({ c, d }) => ({ id: c.id, name: c.name, kind: c.kind, online: c.online, distanceM: Math.round(d) }));
      return { ok: true, result: { incidentId, units: us, cameras: cs } };
    },

    /** Sample series of the last `hours` hours for the given sensors (all when omitted). */
    drainageTrend(
      hours: number,
      sensorIds?: readonly string[],
    ): { ok: true; result: TrendResult } | { ok: false; code: 'NOT_FOUND'; message: string } {
      const ids = sensorIds ? [...new Set(sensorIds)] : sensors.map((s) => s.sensor.id);
      const rows: { id: string; row: number }[] = [];
      for (const id of ids) {
        const s = sensorById.get(id);
        if (!s) return { ok: false, code: 'NOT_FOUND', message: `sensor ${id} not found` };
        rows.push({ id, row: s.row });
      }
      return { ok: true, result: trend.query(now, hours, rows) };
    },

    simCamera: simCameraOutage,

    /** Whether a camera is online; undefined for an unknown id (the demo media server asks). */
    cameraOnline(cameraId: string): boolean | undefined {
      return store.cameras.get(cameraId)?.online;
    },

    /**
     * Gives every camera its stream descriptors and snapshot URL (demo media server), and the
     * templates that let the cameras topic send them compactly (docs/protocol.md §7.4.3).
     */
    setCameraMedia(media: (cameraId: string) => Pick<Camera, 'streams' | 'snapshotUrl'>, templates: Record<string, StreamTemplate> = {}): void {
      for (const cam of store.cameras.values()) Object.assign(cam, media(cam.id));
      streamTemplates = new Map(Object.entries(templates));
    },

    /** The cameras snapshot's `streamTemplates`; undefined when there are none. */
    streamTemplates(): Record<string, StreamTemplate> | undefined {
      return streamTemplates.size > 0 ? Object.fromEntries(streamTemplates) : undefined;
    },

    /** Entities as they go on the wire: cameras refer to a template where one reproduces their streams. */
    wireEntities(topic: Topic, entities: readonly unknown[]): unknown[] {
      if (topic !== 'cameras' || streamTemplates.size === 0) return entities as unknown[];
      return (entities as Camera[]).map((c) => compactCamera(c, streamTemplates));
    },

    /** Simulation control: set a sensor's level (a report like any other) and/or silence it. */
    simDrainage(sensorId: string, level: number | undefined, silent: boolean | undefined): SimCommandResult {
      const s = sensorById.get(sensorId);
      if (!s) return { ok: false, code: 'NOT_FOUND', message: `sensor ${sensorId} not found` };
      const reportNow = (forced: number | null) => {
        report(s, forced);
        s.nextReportAt = now + s.sensor.intervalS * 1000;
      };
      if (silent === false && s.silent) {
        // Back on the air: reports at once, with the level set meanwhile if any.
        s.silent = false;
        const forced = level ?? s.pendingLevel;
        s.pendingLevel = null;
        reportNow(forced);
      } else if (level !== undefined) {
        if (s.silent && silent !== true) s.pendingLevel = level;
        else reportNow(level);
      }
      if (silent === true) {
        s.silent = true;
        s.pendingLevel = null;
      }
      return { ok: true, result: { sensor: structuredCloneLite(s.sensor), silent: s.silent } };
    },

    setWallScene(wallId: string, scene: string, by: string | null): SimCommandResult {
      const w: WallState = { id: wallId, scene, updatedAt: now, updatedBy: by };
      upsert('wall', w);
      return { ok: true, result: { wall: { ...w } } };
    },
  };
}

/** Entities are flat apart from small arrays of primitives. */
function structuredCloneLite<T>(e: T): T {
  const c = { ...e } as Record<string, unknown>;
  for (const k in c) if (Array.isArray(c[k])) c[k] = [...(c[k] as unknown[])];
  return c as T;
}
