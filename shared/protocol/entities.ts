/**
 * Entities carried by the topics, as zod schemas (validation at the boundary) and their
 * TypeScript types. Unknown fields are stripped, not rejected, so a newer backend that adds
 * fields does not break an older wall. Coordinates are WGS-84 degrees; times are Unix epoch
 * milliseconds (UTC).
 */
import { z } from 'zod';
import { DISTRICT_CODES } from '../geo/districts';
import { LIMITS } from './limits';

export const Id = z.string().min(1).max(LIMITS.maxIdLength);
export const Text = z.string().max(LIMITS.maxStringLength);
export const EpochMs = z.number().int().min(0).max(8.64e15);
export const Lon = z.number().min(-180).max(180);
export const Lat = z.number().min(-90).max(90);
export const District = z.enum(DISTRICT_CODES);

// ── incidents ────────────────────────────────────────────────────────────────
export const INCIDENT_CATEGORIES = [
  'theft', // 盗窃
  'robbery', // 抢劫 (两抢)
  'snatching', // 抢夺 (两抢)
  'fight', // 斗殴
  'fraud', // 诈骗
  'traffic', // 交通事故
  'dispute', // 纠纷
  'fire', // 火警
  'missing', // 走失
  'other', // 其他
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const INCIDENT_STATUSES = ['new', 'dispatched', 'on_scene', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const Incident = z.object({
  id: Id,
  category: z.enum(INCIDENT_CATEGORIES),
  /** 1 = highest (immediate danger to life), 3 = lowest. */
  priority: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  status: z.enum(INCIDENT_STATUSES),
  lon: Lon,
  lat: Lat,
  district: District,
  reportedAt: EpochMs,
  address: Text,
  summary: Text,
  unitIds: z.array(Id).max(LIMITS.maxDispatchUnits),
  closedAt: EpochMs.nullable(),
});
export type Incident = z.infer<typeof Incident>;

// ── police units ─────────────────────────────────────────────────────────────
export const UNIT_KINDS = ['car', 'motorcycle', 'foot', 'special'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** 在岗 on_duty, 巡逻 patrol, 备勤 standby, 可抽调 available, 出警 dispatched. */
export const UNIT_STATUSES = ['on_duty', 'patrol', 'standby', 'available', 'dispatched'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

export const Unit = z.object({
  id: Id,
  /** Slot number used by the binary position frames; unique and stable for the server's lifetime. */
  slot: z.number().int().min(0).max(0xfffffffe),
  callsign: Text,
  kind: z.enum(UNIT_KINDS),
  status: z.enum(UNIT_STATUSES),
  district: District,
  lon: Lon,
  lat: Lat,
  /** Degrees clockwise from north, 0..360. */
  heading: z.number().min(0).max(360),
  /** Metres per second. */
  speed: z.number().min(0).max(100),
  incidentId: Id.nullable(),
  /** When the position was last reported. */
  updatedAt: EpochMs,
});
export type Unit = z.infer<typeof Unit>;

// ── cameras ──────────────────────────────────────────────────────────────────
export const CAMERA_KINDS = ['hd', 'face', 'epolice'] as const;
export type CameraKind = (typeof CAMERA_KINDS)[number];
export const STREAM_PROTOCOLS = ['hls', 'http-flv', 'ws-flv', 'mpegts', 'webrtc-whep', 'mjpeg'] as const;

/** Only http(s)/ws(s) URLs are accepted for streams; anything else is refused at the boundary. */
export const StreamUrl = z
  .string()
  .max(2048)
  .refine((u) => /^(https?|wss?):\/\//i.test(u), 'stream url must be http(s) or ws(s)');

export const CameraStream = z.object({
  protocol: z.enum(STREAM_PROTOCOLS),
  quality: z.enum(['main', 'sub']),
  url: StreamUrl,
});

export const Camera = z.object({
  id: Id,
  name: Text,
  kind: z.enum(CAMERA_KINDS),
  district: District,
  lon: Lon,
  lat: Lat,
  online: z.boolean(),
  /** In fallback order (docs/protocol.md §7.4.1). */
  streams: z.array(CameraStream).max(16),
  /** A JPEG of the current picture, the last fallback when no stream plays. */
  snapshotUrl: z
    .string()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u), 'snapshot url must be http(s)')
    .optional(),
  /**
   * Set by the client, never sent: why the camera's stream template could not be expanded
   * (streamTemplates.ts). The camera then has `streams: []` and its tile shows the error.
   */
  streamError: z.string().max(300).optional(),
});
export type Camera = z.infer<typeof Camera>;

// ── drainage sensors ─────────────────────────────────────────────────────────
export const DRAINAGE_STATES = ['normal', 'warning', 'alarm'] as const;
export type DrainageState = (typeof DRAINAGE_STATES)[number];

export const DrainageSensor = z.object({
  id: Id,
  name: Text,
  district: District,
  catchment: Text,
  lon: Lon,
  lat: Lat,
  /** Water level above the pipe invert, metres. */
  level: z.number().min(-10).max(100),
  /** Flow, cubic metres per second. */
  flow: z.number().min(0).max(10_000),
  /** Level at which the point turns yellow, metres. */
  warnLevel: z.number().min(0).max(100),
  /** Level at which the point turns red and raises an alarm, metres. */
  alarmLevel: z.number().min(0).max(100),
  state: z.enum(DRAINAGE_STATES),
  /** Battery charge, percent. */
  battery: z.number().min(0).max(100),
  /** NB-IoT RSRP, dBm (about -140 weak .. -44 strong). */
  signalDbm: z.number().min(-160).max(0),
  reportedAt: EpochMs,
  /** How often this sensor reports, seconds: later than this it is "late". */
  intervalS: z.number().int().min(1).max(86_400),
  /** Rain intensity at the sensor, mm/h, when the backend has it. */
  rainMmH: z.number().min(0).max(500).nullable(),
});
export type DrainageSensor = z.infer<typeof DrainageSensor>;

// ── alarms ───────────────────────────────────────────────────────────────────
export const ALARM_SOURCES = ['drainage', 'face', 'incident', 'camera', 'city-event'] as const;
export const ALARM_SEVERITIES = ['critical', 'major', 'minor', 'info'] as const;
export const ALARM_STATES = ['active', 'acknowledged', 'cleared'] as const;

export const Alarm = z.object({
  id: Id,
  source: z.enum(ALARM_SOURCES),
  /** Id of the entity that raised it (sensor, camera, incident, event, face hit). */
  sourceId: Id,
  severity: z.enum(ALARM_SEVERITIES),
  state: z.enum(ALARM_STATES),
  title: Text,
  lon: Lon.nullable(),
  lat: Lat.nullable(),
  district: District.nullable(),
  raisedAt: EpochMs,
  ackBy: Text.nullable(),
  ackAt: EpochMs.nullable(),
  ackNote: Text.nullable(),
  clearedAt: EpochMs.nullable(),
  /** Alarms near each other in place and time share one situation, handled once (situation.ack). */
  situationId: Id.nullable().optional(),
  /** When it was escalated (severity raised one step) for waiting unacknowledged too long. */
  escalatedAt: EpochMs.nullable().optional(),
  /** How often the source raised it again while open or shortly after it cleared (de-duplication). */
  raiseCount: z.number().int().min(1).max(1_000_000).optional(),
  /** Raises swallowed while the source chatters (too many raises in a short time). */
  suppressedCount: z.number().int().min(0).max(1_000_000).optional(),
  /** Last time the source raised it (raisedAt stays the first). */
  lastRaisedAt: EpochMs.optional(),
  /** Who cleared it by hand (alarm.clear); null when the source cleared it. */
  clearedBy: Text.nullable().optional(),
});
export type Alarm = z.infer<typeof Alarm>;

// ── city-management events ───────────────────────────────────────────────────
export const CITY_EVENT_TYPES = [
  'manhole_damaged', // 井盖破损
  'streetlight_out', // 路灯故障
  'taxi_abnormal', // 出租车异常
  'road_damaged', // 道路破损
  'illegal_dumping', // 乱倒垃圾
  'waterlogging', // 道路积水
] as const;
/** 派单 assigned → 处置中 in_progress → 已办结 closed. */
export const CITY_EVENT_STATUSES = ['assigned', 'in_progress', 'closed'] as const;

export const CityEvent = z.object({
  id: Id,
  type: z.enum(CITY_EVENT_TYPES),
  status: z.enum(CITY_EVENT_STATUSES),
  district: District,
  lon: Lon,
  lat: Lat,
  description: Text,
  /** The unit responsible for handling it (e.g. 市政管理处). */
  responsible: Text,
  reportedAt: EpochMs,
  updatedAt: EpochMs,
});
export type CityEvent = z.infer<typeof CityEvent>;

// ── face-recognition hits ────────────────────────────────────────────────────
export const FaceHit = z.object({
  id: Id,
  cameraId: Id,
  district: District,
  lon: Lon,
  lat: Lat,
  /** Name of the watch list that matched (e.g. 在逃人员). */
  watchlist: Text,
  /** Pseudonymous reference of the matched person; never a real name on the wall. */
  personRef: Text,
  /** Match score 0..1. */
  similarity: z.number().min(0).max(1),
  time: EpochMs,
});
export type FaceHit = z.infer<typeof FaceHit>;

// ── wall state ───────────────────────────────────────────────────────────────
/** What a console pushes onto one wall monitor (command `wall.push`). */
export const WallPushTarget = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('camera'), cameraId: Id }),
  z.object({
    kind: z.literal('viewport'),
    center: z.tuple([Lon, Lat]),
    zoom: z.number().min(0).max(22),
    layers: z.array(z.string().min(1).max(32)).max(32).optional(),
  }),
  z.object({ kind: z.literal('incident'), incidentId: Id }),
  z.object({ kind: z.literal('view'), view: z.enum(['map', 'cameras', 'drainage', 'dashboard', 'console']) }),
]);
export type WallPushTarget = z.infer<typeof WallPushTarget>;

/** A wall command (`wall.push` or `wall.scene`) and whether the wall has confirmed it. */
export const WallCommandState = z.object({
  /** The console's command id; the wall confirms with it (`wall.applied`). */
  commandId: Id,
  type: z.enum(['wall.push', 'wall.scene']),
  /** Target monitor of a push; null for a scene. */
  monitor: Id.nullable(),
  target: WallPushTarget.nullable(),
  scene: Text.nullable(),
  /** pending: not yet confirmed (the wall may be offline); superseded: a newer push to the same monitor replaced it before it was applied. */
  state: z.enum(['pending', 'applied', 'failed', 'superseded']),
  issuedAt: EpochMs,
  issuedBy: Text.nullable(),
  appliedAt: EpochMs.nullable(),
  /** The wall's reason for a failure. */
  message: Text.nullable(),
});
export type WallCommandState = z.infer<typeof WallCommandState>;

export const WallState = z.object({
  /** The wall (one PC's monitors) this entry is for; the entity id. */
  id: Id,
  /** Active scene (预案) name. */
  scene: Text,
  updatedAt: EpochMs,
  updatedBy: Text.nullable(),
  /** Whether a wall client with this wall id is connected (handshake `wallId`). */
  online: z.boolean().optional(),
  /** Recent wall commands, oldest first: all pending ones, and the last few confirmed ones. */
  commands: z.array(WallCommandState).max(256).optional(),
});
export type WallState = z.infer<typeof WallState>;

/** Entity schema per topic. */
export const TOPIC_ENTITY = {
  incidents: Incident,
  units: Unit,
  cameras: Camera,
  drainage: DrainageSensor,
  alarms: Alarm,
  'city-events': CityEvent,
  'face-hits': FaceHit,
  wall: WallState,
} as const;

export interface TopicEntityMap {
  incidents: Incident;
  units: Unit;
  cameras: Camera;
  drainage: DrainageSensor;
  alarms: Alarm;
  'city-events': CityEvent;
  'face-hits': FaceHit;
  wall: WallState;
}
