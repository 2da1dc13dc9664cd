/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM), on disk under a data directory
 * or in memory. PGlite runs WASM synchronously, and creating a new data directory takes
 * seconds to a minute, so it lives in a worker thread: the stream server's event loop never
 * waits for it. Schema migrations are versioned here, applied in order inside a transaction,
 * and recorded in schema_migrations.
 */
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { MIGRATIONS, type Migration } from './migrations';

export { MIGRATIONS, type Migration };

export interface Statement {
  sql: string;
  /** Without params the text may hold several statements (DDL). */
  params?: unknown[];
}

// Inline so it works the same from the sources (tests) and from the bundled server.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let db = null;
parentPort.on('message', async (m) => {
  try {
    if (m.kind === 'open') {
      const { PGlite } = await import(workerData.pgliteUrl);
      db = m.dataDir ? new PGlite(m.dataDir) : new PGlite();
      await db.waitReady;
      parentPort.postMessage({ id: m.id, ok: true });
    } else if (m.kind === 'query') {
      const r = await db.query(m.sql, m.params);
      parentPort.postMessage({ id: m.id, ok: true, rows: r.rows });
    } else if (m.kind === 'batch') {
      await db.transaction(async (tx) => {
        for (const s of m.statements) {
          if (s.params) await tx.query(s.sql, s.params);
          else await tx.exec(s.sql);
        }
      });
      parentPort.postMessage({ id: m.id, ok: true });
    } else if (m.kind === 'close') {
      if (db) await db.close();
      db = null;
      parentPort.postMessage({ id: m.id, ok: true });
    }
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, error: String((e && e.message) || e) });
  }
});
`;

type Reply = { id: number; ok: true; rows?: unknown[] } | { id: number; ok: false; error: string };

/** A PGlite database in its own thread. */
export class Db {
  private worker: Worker;
  private seq = 0;
  private waiting = new Map<number, { resolve: (r: unknown[]) => void; reject: (e: Error) => void }>();
  private failed: Error | null = null;

  constructor() {
    const pgliteUrl = pathToFileURL(createRequire(import.meta.url).resolve('@electric-sql/pglite')).href;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { pgliteUrl } });
    this.worker.on('message', (r: Reply) => {
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.ok) w.resolve(r.rows ?? []);
      else w.reject(new Error(r.error));
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const w of this.waiting.values()) w.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`database thread exited (${code})`)));
    this.worker.unref();
  }

  private call(message: Record<string, unknown>): Promise<unknown[]> {
    if (this.failed) return Promise.reject(this.failed);
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ ...message, id });
    });
  }

  async open(dataDir: string | null): Promise<void> {
    await this.call({ kind: 'open', dataDir });
  }
  async query<T>(sql: string, params: unknown[] = []): Promise<{ rows: T[] }> {
    return { rows: (await this.call({ kind: 'query', sql, params })) as T[] };
  }
  /** All statements in one transaction: all or nothing. */
  async batch(statements: readonly Statement[]): Promise<void> {
    await this.call({ kind: 'batch', statements });
  }
  async close(): Promise<void> {
    if (!this.failed) await this.call({ kind: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}

/** Opens (creating if needed) the database and brings its schema up to date. dataDir null = in memory. */
export async function openDatabase(dataDir: string | null): Promise<{ db: Db; openMs: number; migrated: number[] }> {
  const t0 = performance.now();
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = new Db();
  try {
    await db.open(dataDir);
    const migrated = await migrate(db, MIGRATIONS);
    return { db, openMs: Math.round(performance.now() - t0), migrated };
  } catch (e) {
    await db.close();
    throw e;
  }
}

export async function migrate(db: Db, migrations: readonly Migration[]): Promise<number[]> {
  await db.batch([{ sql: 'create table if not exists schema_migrations (version int primary key, name text not null, applied_at bigint not null)' }]);
  const done = new Set((await db.query<{ version: number }>('select version from schema_migrations')).rows.map((r) => r.version));
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await db.batch([{ sql: m.sql }, { sql: 'insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)', params: [m.version, m.name, Date.now()] }]);
    applied.push(m.version);
  }
  return applied;
}
