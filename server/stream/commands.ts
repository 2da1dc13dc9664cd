/** Console commands: validation, role check, rate limit, idempotency, then the simulation acts. */
import {
  COMMAND_TYPES,
  CommandBody,
  CommandEnvelope,
  LIMITS,
  describeZodError,
  type Command,
  type CommandResult,
  type Role,
} from '../../shared/protocol';
import type { Simulation } from '../simulation';
import type { WallCommandQueue } from '../wall/queue';

/** Token bucket: `rate` per second with a burst of the same size. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  constructor(
    private readonly rate: number,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.tokens = rate;
    this.last = clock();
  }
  take(): boolean {
    const t = this.clock();
    this.tokens = Math.min(this.rate, this.tokens + ((t - this.last) / 1000) * this.rate);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface CommandContext {
  role: Role;
  /** Who acts, as recorded on the entities (the handshake's client string, else the role). */
  actor: string;
  /** The wall id a wall connection declared in its handshake (wall.applied is checked against it). */
  wallId?: string | null;
  bucket: TokenBucket;
}

export interface CommandOutcome {
  result: CommandResult;
  /** Set when the input itself was malformed (counted as a rejected message). */
  rejected?: string;
  replayed?: boolean;
}

const MAX_REMEMBERED = 10_000;

export class CommandProcessor {
  /** Insertion-ordered, so the oldest answers are forgotten first. */
  private results = new Map<string, CommandResult>();
  /** Called after every command the simulation answered, with its first answer (the journal listens). */
  onApplied: ((cmd: Command, actor: string, result: CommandResult) => void) | null = null;

  /** Answers remembered from an earlier run (the idempotency store survives restarts). */
  restore(results: readonly CommandResult[]): void {
    for (const r of results) if (!this.results.has(r.id)) this.results.set(r.id, r);
  }

  constructor(
    private readonly sim: Simulation,
    /** Owner of wall.scene / wall.push / wall.applied when given (the stream server always gives it). */
    private readonly walls?: WallCommandQueue,
  ) {}

  handle(ctx: CommandContext, raw: unknown): CommandOutcome {
    const env = CommandEnvelope.safeParse(raw);
    if (!env.success) {
      const id = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : '';
      const message = `bad command envelope: ${describeZodError(env.error)}`;
      return {
        result: { ok: false, id: id.slice(0, LIMITS.maxIdLength), code: 'BAD_REQUEST', message },
        rejected: message,
      };
    }
    const { id, type } = env.data;
    // Walls send exactly one command, their confirmation; everything else is for consoles.
    if (type === 'wall.applied' ? ctx.role !== 'wall' : ctx.role !== 'console' && ctx.role !== 'admin') {
      return { result: { ok: false, id, code: 'FORBIDDEN', message: `role ${ctx.role} may not send ${type === 'wall.applied' ? type : 'commands'}` } };
    }
    if (!ctx.bucket.take()) {
      return {
        result: { ok: false, id, code: 'RATE_LIMITED', message: `more than ${LIMITS.maxCommandsPerSecond} commands per second` },
      };
    }
    const previous = this.results.get(id);
    if (previous) return { result: previous, replayed: true };
    if (!(COMMAND_TYPES as readonly string[]).includes(type)) {
      return { result: { ok: false, id, code: 'UNKNOWN_COMMAND', message: `unknown command type ${type}` } };
    }
    const body = CommandBody.safeParse({ type, payload: env.data.payload });
    if (!body.success) {
      const message = `bad ${type} command: ${describeZodError(body.error)}`;
      return { result: { ok: false, id, code: 'BAD_REQUEST', message }, rejected: message };
    }
    const cmd = body.data;
    if ((cmd.type === 'sim.drainage' || cmd.type === 'sim.camera') && ctx.role !== 'admin') {
      return { result: { ok: false, id, code: 'FORBIDDEN', message: `role ${ctx.role} may not control the simulation` } };
    }
    let r;
    switch (cmd.type) {
      case 'alarm.ack':
        r = this.sim.ackAlarm(cmd.payload.alarmId, ctx.actor, cmd.payload.note ?? null);
        break;
      case 'alarm.clear':
        r = this.sim.clearAlarmBy(cmd.payload.alarmId, ctx.actor, cmd.payload.note ?? null);
        break;
      case 'situation.ack':
        r = this.sim.ackSituation(cmd.payload.situationId, ctx.actor, cmd.payload.note ?? null);
        break;
      case 'incident.status':
        r = this.sim.setIncidentStatus(cmd.payload.incidentId, cmd.payload.status);
        break;
      case 'city-event.assign':
        r = this.sim.assignCityEvent(cmd.payload.eventId, cmd.payload.responsible);
        break;
      case 'city-event.advance':
        r = this.sim.advanceCityEvent(cmd.payload.eventId, cmd.payload.status);
        break;
      case 'incident.dispatch':
        r = this.sim.dispatch(cmd.payload.incidentId, cmd.payload.unitIds);
        break;
      case 'incident.close':
        r = this.sim.closeIncident(cmd.payload.incidentId);
        break;
      case 'wall.scene':
        r = this.walls
          ? this.walls.scene(id, cmd.payload.wallId, cmd.payload.scene, ctx.actor)
          : this.sim.setWallScene(cmd.payload.wallId, cmd.payload.scene, ctx.actor);
        break;
      case 'wall.push':
        r = this.walls
          ? this.walls.push(id, cmd.payload.wallId, cmd.payload.monitor, cmd.payload.target, ctx.actor)
          : { ok: false as const, code: 'UNKNOWN_COMMAND' as const, message: 'wall commands are not served here' };
        break;
      case 'wall.applied':
        r = this.walls
          ? this.walls.applied(ctx.wallId ?? null, cmd.payload.wallId, cmd.payload.commandId, cmd.payload.ok, cmd.payload.message ?? null)
          : { ok: false as const, code: 'UNKNOWN_COMMAND' as const, message: 'wall commands are not served here' };
        break;
      case 'sim.drainage':
        r = this.sim.simDrainage(cmd.payload.sensorId, cmd.payload.level, cmd.payload.silent);
        break;
      case 'sim.camera':
        r = this.sim.simCamera(cmd.payload.cameraId, cmd.payload.outage);
        break;
    }
    const result: CommandResult = r.ok ? { ok: true, id, result: r.result } : { ok: false, id, code: r.code, message: r.message };
    this.results.set(id, result);
    this.onApplied?.({ ...cmd, id } as Command, ctx.actor, result);
    if (this.results.size > MAX_REMEMBERED) this.results.delete(this.results.keys().next().value!);
    return { result };
  }
}
