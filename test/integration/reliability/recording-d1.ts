/**
 * An instrumented D1 binding: wraps the real local D1 and records every statement the code under
 * test runs (SQL, binds, rows changed) and every round trip (one per `first`/`all`/`run`/`raw`,
 * one per `batch`). Used to count round trips per inbound message, to prove that rejected input
 * writes nothing, and to collect the SQL the staff API really runs for EXPLAIN QUERY PLAN.
 */

export interface RecordedStatement {
  sql: string;
  binds: unknown[];
  /** Rows changed, as D1 reports it (0 for reads; unknown for `first`/`raw`, counted as 0). */
  changes: number;
  /** Which round trip (1-based) carried it. */
  trip: number;
}

export interface D1Recording {
  roundTrips: number;
  /** Round trips that started while no other was in flight: the sequential D1 waits on the critical path. */
  waves: number;
  statements: RecordedStatement[];
  /** Sum of rows changed by every recorded statement. */
  readonly changes: number;
  reset(): void;
}

const INNER = Symbol("inner");

type Wrapped = D1PreparedStatement & { [INNER]: D1PreparedStatement; sql: string; binds: unknown[] };

/** A D1Database that forwards to `db` and records into the returned `recording`. */
export function recordingD1(db: D1Database): { db: D1Database; recording: D1Recording } {
  let inFlight = 0;
  /** Counts a round trip around `call`, and a wave when nothing else was in flight. */
  async function trip<R>(call: () => Promise<R>): Promise<R> {
    if (inFlight === 0) recording.waves++;
    inFlight++;
    try {
      return await call();
    } finally {
      inFlight--;
    }
  }
  const recording: D1Recording = {
    roundTrips: 0,
    waves: 0,
    statements: [],
    get changes() {
      return this.statements.reduce((n, s) => n + s.changes, 0);
    },
    reset() {
      this.roundTrips = 0;
      this.waves = 0;
      this.statements = [];
    },
  };

  const changesOf = (r: unknown): number => (r as { meta?: { changes?: number } } | null)?.meta?.changes ?? 0;

  function wrap(inner: D1PreparedStatement, sql: string, binds: unknown[]): Wrapped {
    const record = (changes: number) => recording.statements.push({ sql, binds, changes, trip: recording.roundTrips });
    const stmt = {
      [INNER]: inner,
      sql,
      binds,
      bind: (...values: unknown[]) => wrap(inner.bind(...values), sql, values),
      async first(col?: string) {
        recording.roundTrips++;
        record(0);
        return trip(() => (col === undefined ? inner.first() : inner.first(col)));
      },
      async all() {
        recording.roundTrips++;
        const r = await trip(() => inner.all());
        record(changesOf(r));
        return r;
      },
      async run() {
        recording.roundTrips++;
        const r = await trip(() => inner.run());
        record(changesOf(r));
        return r;
      },
      async raw(opts?: { columnNames?: boolean }) {
        recording.roundTrips++;
        record(0);
        // biome-ignore lint/suspicious/noExplicitAny: raw's overloads differ only in the option's literal type
        return trip(() => inner.raw(opts as any));
      },
    };
    return stmt as unknown as Wrapped;
  }

  function batcher(target: { batch: D1Database["batch"] }) {
    return async <T>(statements: D1PreparedStatement[]) => {
      recording.roundTrips++;
      const ws = statements as Wrapped[];
      const tripNo = recording.roundTrips;
      if (!ws.length) recording.statements.push({ sql: "(empty batch)", binds: [], changes: 0, trip: tripNo });
      // Recorded before the call, so a batch that fails (a constraint race) still shows.
      const entries = ws.map((s) => ({ sql: s.sql ?? "?", binds: s.binds ?? [], changes: 0, trip: tripNo }));
      recording.statements.push(...entries);
      const results = await trip(() => target.batch<T>(ws.map((s) => s[INNER] ?? s)));
      entries.forEach((e, i) => {
        e.changes = changesOf(results[i]);
      });
      return results;
    };
  }

  const wrapped = {
    prepare: (sql: string) => wrap(db.prepare(sql), sql, []),
    batch: batcher(db),
    async exec(sql: string) {
      recording.roundTrips++;
      recording.statements.push({ sql, binds: [], changes: 0, trip: recording.roundTrips });
      return trip(() => db.exec(sql));
    },
    withSession(constraint?: string) {
      const session = db.withSession(constraint as D1SessionConstraint);
      return {
        prepare: (sql: string) => wrap(session.prepare(sql), sql, []),
        batch: batcher(session),
        getBookmark: () => session.getBookmark(),
      };
    },
    dump: () => (db as unknown as { dump(): Promise<ArrayBuffer> }).dump(),
  };
  return { db: wrapped as unknown as D1Database, recording };
}

/** Whether a statement writes (INSERT/UPDATE/DELETE/REPLACE), ignoring leading comments and CTEs. */
export function isWrite(sql: string): boolean {
  const s = sql.replace(/--[^\n]*\n/g, " ").trim();
  return /^(WITH\b[\s\S]*?\)\s*)?(INSERT|UPDATE|DELETE|REPLACE)\b/i.test(s);
}
