/**
 * The wall profile: which monitors a hall's wall PCs drive, what each shows, and the scenes
 * (预案) that switch the whole hall at once. One file describes the whole hall; each PC
 * knows its own wall id (config `wall.id`) and applies its part.
 *
 * Monitors are identified by `label` (the display label/EDID name as Electron reports it) and
 * their `row`/`column` in the wall grid, never by the operating system's display id, which
 * changes when a cable is moved or a driver is reinstalled.
 */
import { z } from 'zod';

export const WALL_VIEWS = ['map', 'cameras', 'drainage', 'dashboard', 'console'] as const;
export type WallViewName = (typeof WALL_VIEWS)[number];

const Name = z.string().min(1).max(64);
const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'ids are letters, digits, ".", "_" or "-" (max 64)');
const Px = z.number().int();
const PosPx = z.number().int().positive();
const Mm = z.number().positive().max(10_000);

export const Rect = z.strictObject({ x: Px, y: Px, width: PosPx, height: PosPx });
export type Rect = z.infer<typeof Rect>;

export const BezelMm = z.strictObject({
  left: z.number().min(0).max(200),
  right: z.number().min(0).max(200),
  top: z.number().min(0).max(200),
  bottom: z.number().min(0).max(200),
});
export type BezelMm = z.infer<typeof BezelMm>;

export const Monitor = z.strictObject({
  id: Id,
  /** Display label as Electron reports it (often the EDID model name); several may share one. */
  label: z.string().max(128).optional(),
  row: z.number().int().min(0).max(63),
  column: z.number().int().min(0).max(63),
  /** Nominal bounds in the desktop's coordinates (DIP), a hint when labels do not decide. */
  bounds: Rect.optional(),
  /** Physical size of the active (lit) area, for bezel compensation of spanned views. */
  sizeMm: z.strictObject({ width: Mm, height: Mm }).optional(),
  /** Frame around the active area, millimetres; defaults to the wall's `bezelMm`. */
  bezelMm: BezelMm.optional(),
});
export type Monitor = z.infer<typeof Monitor>;

const LonLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const MapViewSpec = z.strictObject({
  view: z.literal('map'),
  center: LonLat.optional(),
  zoom: z.number().min(0).max(22).optional(),
  layers: z.array(z.string().min(1).max(32)).max(32).optional(),
  district: z.string().regex(/^\d{6}$/, 'district must be a six-digit adcode').optional(),
});
export const CamerasViewSpec = z.strictObject({
  view: z.literal('cameras'),
  cameras: z.array(Name).max(64).optional(),
  /** Cycle through these cameras, `intervalS` seconds each. */
  tour: z.strictObject({ cameras: z.array(Name).min(1).max(512), intervalS: z.number().int().min(5).max(3600) }).optional(),
});
export const PlainViewSpec = z.strictObject({ view: z.enum(['drainage', 'dashboard', 'console']) });
export const ViewSpec = z.discriminatedUnion('view', [MapViewSpec, CamerasViewSpec, PlainViewSpec]);
export type ViewSpec = z.infer<typeof ViewSpec>;

/** A rectangle of the wall grid that shows one view stretched across its monitors. */
export const Span = z.strictObject({
  row: z.number().int().min(0),
  column: z.number().int().min(0),
  rows: z.number().int().min(1),
  columns: z.number().int().min(1),
  show: ViewSpec,
});
export type Span = z.infer<typeof Span>;

export const WallPart = z.strictObject({
  /** Monitor id → view. */
  monitors: z.record(Id, ViewSpec).optional(),
  spans: z.array(Span).max(32).optional(),
});
export type WallPart = z.infer<typeof WallPart>;

export const Scene = z.strictObject({
  /** Shown name, e.g. 防汛应急. The scene's key is what commands name. */
  title: z.string().max(64).optional(),
  /** Wall id → what that PC's monitors show. */
  walls: z.record(Id, WallPart),
});
export type Scene = z.infer<typeof Scene>;

export const Wall = z.strictObject({
  id: Id,
  title: z.string().max(64).optional(),
  grid: z.strictObject({ rows: z.number().int().min(1).max(16), columns: z.number().int().min(1).max(16) }),
  bezelMm: BezelMm.optional(),
  /**
   * A monitor that is not connected: 'park' keeps its view until it returns; 'move' shows the
   * view on a connected display the profile does not use (a spare) while it is away.
   */
  onMissing: z.enum(['park', 'move']).optional(),
  monitors: z.array(Monitor).min(1).max(64),
});
export type Wall = z.infer<typeof Wall>;

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time must be HH:MM (24 h)');
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const ScheduleEntry = z.strictObject({
  at: Time,
  scene: Name,
  /** Days of the week; all days when absent. */
  days: z.array(z.enum(DAYS)).min(1).max(7).optional(),
});
export type ScheduleEntry = z.infer<typeof ScheduleEntry>;

export const WallProfile = z.strictObject({
  version: z.literal(1),
  title: z.string().max(64).optional(),
  walls: z.array(Wall).min(1).max(32),
  scenes: z.record(Name, Scene),
  defaultScene: Name,
  schedule: z.array(ScheduleEntry).max(64).optional(),
});
export type WallProfile = z.infer<typeof WallProfile>;
