/** Schema migrations of the embedded database, in order. Never edit a shipped one: add the next version. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'alarms, journal, dispatches, work orders, command results',
    sql: `
      create table alarms (
        id text primary key,
        source text not null,
        source_id text not null,
        state text not null,
        raised_at bigint not null,
        updated_at bigint not null,
        entity jsonb not null
      );
      create index alarms_state on alarms (state, updated_at);
      -- Lifecycle and status history of alarms, incidents and city events, append-only.
      create table journal (
        seq bigserial primary key,
        run text not null,
        kind text not null,
        entity_id text not null,
        at bigint not null,
        event text not null,
        actor text,
        note text,
        ref text
      );
      create index journal_entity on journal (kind, entity_id, seq);
      create table dispatches (
        run text not null,
        incident_id text not null,
        unit_id text not null,
        at bigint not null,
        actor text,
        primary key (run, incident_id, unit_id, at)
      );
      create table incidents (run text not null, id text not null, updated_at bigint not null, entity jsonb not null, primary key (run, id));
      create table city_events (run text not null, id text not null, updated_at bigint not null, entity jsonb not null, primary key (run, id));
      -- The idempotency store: a repeated command id gets its first answer, across restarts.
      create table command_results (
        id text primary key,
        type text not null,
        actor text,
        at bigint not null,
        payload jsonb,
        result jsonb not null
      );
      create index command_results_at on command_results (at);
    `,
  },
  {
    version: 2,
    name: 'wall command queue and wall scenes',
    sql: `
      -- Every wall command (wall.push, wall.scene) with its state; seq keeps the order across runs.
      create table wall_commands (
        seq bigserial,
        command_id text primary key,
        wall_id text not null,
        state text not null,
        updated_at bigint not null,
        entity jsonb not null
      );
      create index wall_commands_wall on wall_commands (wall_id, seq);
      -- The current scene per wall.
      create table walls (id text primary key, scene text not null, updated_at bigint not null, updated_by text);
    `,
  },
];
