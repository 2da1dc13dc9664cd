/**
 * Commands from consoles. Sent as the `command` event with a socket.io acknowledgement;
 * the acknowledgement carries a CommandResult. `id` is chosen by the client and makes the
 * command idempotent: the server answers a repeated id with the first answer.
 */
import { z } from 'zod';
import { Id, Text, WallPushTarget } from './entities';
import { LIMITS } from './limits';

export const AckAlarm = z.object({
  type: z.literal('alarm.ack'),
  payload: z.object({ alarmId: Id, note: Text.optional() }),
});
export const DispatchUnits = z.object({
  type: z.literal('incident.dispatch'),
  payload: z.object({ incidentId: Id, unitIds: z.array(Id).min(1).max(LIMITS.maxDispatchUnits) }),
});
export const CloseIncident = z.object({
  type: z.literal('incident.close'),
  payload: z.object({ incidentId: Id, note: Text.optional() }),
});
export const ClearAlarm = z.object({
  type: z.literal('alarm.clear'),
  payload: z.object({ alarmId: Id, note: Text.optional() }),
});
export const AckSituation = z.object({
  type: z.literal('situation.ack'),
  payload: z.object({ situationId: Id, note: Text.optional() }),
});
export const SetIncidentStatus = z.object({
  type: z.literal('incident.status'),
  payload: z.object({ incidentId: Id, status: z.enum(['on_scene', 'closed']), note: Text.optional() }),
});
export const AssignCityEvent = z.object({
  type: z.literal('city-event.assign'),
  payload: z.object({ eventId: Id, responsible: Text.min(1) }),
});
export const AdvanceCityEvent = z.object({
  type: z.literal('city-event.advance'),
  payload: z.object({ eventId: Id, status: z.enum(['in_progress', 'closed']), note: Text.optional() }),
});
export const SetWallScene = z.object({
  type: z.literal('wall.scene'),
  payload: z.object({ wallId: Id, scene: Text }),
});
/** Show a camera, a map viewport, an incident or a whole view on one monitor of a wall (console/admin). */
export const WallPush = z.object({
  type: z.literal('wall.push'),
  payload: z.object({ wallId: Id, monitor: Id, target: WallPushTarget }),
});
/** A wall confirms it applied (or could not apply) a wall command; only role wall, only for its own wallId. */
export const WallApplied = z.object({
  type: z.literal('wall.applied'),
  payload: z.object({ wallId: Id, commandId: Id, ok: z.boolean(), message: Text.optional() }),
});

/**
 * Simulation control, for training rooms, demos and tests: only the built-in simulation
 * accepts it, and only from an admin. Sets a drainage sensor's water level, and/or
 * silences it (it stops reporting, so walls must show it as late) or lets it report again.
 * A real backend answers UNKNOWN_COMMAND.
 */
export const SimDrainage = z.object({
  type: z.literal('sim.drainage'),
  payload: z.object({
    sensorId: Id,
    level: z.number().min(0).max(100).optional(),
    silent: z.boolean().optional(),
  }),
});

/**
 * Simulation control (admin, built-in simulation only): takes a camera's video down (its
 * streams fail, it shows offline) until restored with outage: false.
 */
export const SimCamera = z.object({
  type: z.literal('sim.camera'),
  payload: z.object({ cameraId: Id, outage: z.boolean() }),
});

export const COMMAND_TYPES = [
  'alarm.ack',
  'alarm.clear',
  'situation.ack',
  'incident.dispatch',
  'incident.status',
  'incident.close',
  'city-event.assign',
  'city-event.advance',
  'wall.scene',
  'sim.drainage',
  'sim.camera',
  'wall.push',
  'wall.applied',
] as const;
export type CommandType = (typeof COMMAND_TYPES)[number];

export const CommandBody = z.discriminatedUnion('type', [
  AckAlarm,
  ClearAlarm,
  AckSituation,
  DispatchUnits,
  SetIncidentStatus,
  CloseIncident,
  AssignCityEvent,
  AdvanceCityEvent,
  SetWallScene,
  SimDrainage,
  SimCamera,
  WallPush,
  WallApplied,
]);
export const CommandEnvelope = z.object({ id: Id, type: z.string().max(64), payload: z.unknown() });
export type Command = z.infer<typeof CommandBody> & { id: string };

export const COMMAND_ERRORS = [
  'BAD_REQUEST', // the command failed validation
  'UNKNOWN_COMMAND', // type is not one of COMMAND_TYPES
  'FORBIDDEN', // the connection's role may not issue commands
  'NOT_FOUND', // the referenced entity does not exist
  'CONFLICT', // the entity is not in a state that allows it (e.g. unit already dispatched)
  'RATE_LIMITED', // more than LIMITS.maxCommandsPerSecond
  'INTERNAL', // the server failed; safe to retry with the same id
] as const;
export type CommandErrorCode = (typeof COMMAND_ERRORS)[number];

export type CommandResult =
  | { ok: true; id: string; result?: Record<string, unknown> }
  | { ok: false; id: string; code: CommandErrorCode; message: string };

export const CommandResultSchema = z.union([
  z.object({ ok: z.literal(true), id: Id, result: z.record(z.string(), z.unknown()).optional() }),
  z.object({ ok: z.literal(false), id: z.string().max(LIMITS.maxIdLength), code: z.enum(COMMAND_ERRORS), message: Text }),
]);
