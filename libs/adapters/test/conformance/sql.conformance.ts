import { randomUUID } from 'node:crypto';
import { SqlParameterError } from '../../src/errors/sql-parameter.error';
import { SqlTransactionFinishedError } from '../../src/errors/sql-transaction-finished.error';
import type { SqlAdapter } from '../../src/sql/sql.adapter';

/** One connected SQL adapter under test. */
export interface SqlConformanceTarget {
  sql: SqlAdapter;
  close(): Promise<void>;
}

interface ItemRow {
  id: number;
  name: string;
  qty: number;
}

/**
 * The behaviour every SQL adapter must have, with the same statements on every engine. Each test works in a table of
 * its own (random name) and drops it afterwards, so runs on a shared server do not meet.
 */
export function runSqlConformance(name: string, factory: () => Promise<SqlConformanceTarget>): void {
  describe(`SqlAdapter conformance: ${name}`, () => {
    let target: SqlConformanceTarget;
    let sql: SqlAdapter;
    let table: string;

    beforeAll(async () => {
      target = await factory();
      sql = target.sql;
    });

    afterAll(async () => {
      await target.close();
    });

    beforeEach(async () => {
      table = `acb_conf_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await sql.execute(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER)`);
    });

    afterEach(async () => {
      await sql.execute(`DROP TABLE IF EXISTS ${table}`);
    });

    async function seed(): Promise<void> {
      for (const [id, itemName, qty] of [
        [1, 'apple', 5],
        [2, 'banana', 0],
        [3, 'cherry', 12],
      ] as const) {
        await sql.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [id, itemName, qty]);
      }
    }

    it('inserts with ? placeholders and reports the affected rows', async () => {
      const result = await sql.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [1, 'apple', 5]);
      expect(result).toEqual({ affected: 1, rows: [] });
    });

    it('fetchOne returns the first row or undefined; fetchAll returns every row', async () => {
      await seed();
      expect(await sql.fetchOne<ItemRow>(`SELECT id, name, qty FROM ${table} WHERE id = ?`, [3])).toEqual({ id: 3, name: 'cherry', qty: 12 });
      expect(await sql.fetchOne(`SELECT id FROM ${table} WHERE id = ?`, [99])).toBeUndefined();
      expect(await sql.fetchAll<ItemRow>(`SELECT id, name FROM ${table} WHERE qty > ? ORDER BY id`, [1])).toEqual([
        { id: 1, name: 'apple' },
        { id: 3, name: 'cherry' },
      ]);
      expect(await sql.fetchAll(`SELECT id FROM ${table} WHERE qty > ?`, [100])).toEqual([]);
    });

    it('counts as numbers on every engine', async () => {
      await seed();
      expect(await sql.fetchOne(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual({ n: 3 });
    });

    it('reports affected rows for UPDATE and DELETE, and none for SELECT', async () => {
      await seed();
      expect((await sql.execute(`UPDATE ${table} SET qty = qty + ? WHERE qty < ?`, [1, 10])).affected).toBe(2);
      expect((await sql.execute(`DELETE FROM ${table} WHERE id = ?`, [2])).affected).toBe(1);
      expect((await sql.execute(`DELETE FROM ${table} WHERE id = ?`, [2])).affected).toBe(0);
      const select = await sql.execute(`SELECT id FROM ${table} ORDER BY id`);
      expect(select).toEqual({ affected: 0, rows: [{ id: 1 }, { id: 3 }] });
    });

    it('returns RETURNING rows with the affected count', async () => {
      await seed();
      const result = await sql.execute(`UPDATE ${table} SET qty = ? WHERE id IN (?, ?) RETURNING id, qty`, [7, 1, 2]);
      expect(result.affected).toBe(2);
      expect([...result.rows].sort((a, b) => Number(a.id) - Number(b.id))).toEqual([
        { id: 1, qty: 7 },
        { id: 2, qty: 7 },
      ]);
    });

    it('leaves ? inside string literals, quoted names and comments alone', async () => {
      await sql.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, 'what?', ?) -- a comment?`, [1, 2]);
      await sql.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, 'it''s ?', /* ? */ ?)`, [2, 3]);
      const rows = await sql.fetchAll(`SELECT "name" AS "q?" FROM ${table} WHERE name LIKE '%?%' AND qty >= ? ORDER BY id`, [2]);
      expect(rows).toEqual([{ 'q?': 'what?' }, { 'q?': "it's ?" }]);
    });

    it('runs a script of several statements without parameters', async () => {
      const result = await sql.execute(
        `INSERT INTO ${table} (id, name, qty) VALUES (1, 'a;b', 1); INSERT INTO ${table} (id, name, qty) VALUES (2, 'c', 2);\n` +
          `UPDATE ${table} SET qty = 5 WHERE id = 2`,
      );
      expect(result.affected).toBe(3);
      expect(await sql.fetchAll(`SELECT id, name, qty FROM ${table} ORDER BY id`)).toEqual([
        { id: 1, name: 'a;b', qty: 1 },
        { id: 2, name: 'c', qty: 5 },
      ]);
    });

    it('binds null', async () => {
      await sql.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [1, 'nothing', null]);
      expect(await sql.fetchOne(`SELECT qty FROM ${table} WHERE id = ?`, [1])).toEqual({ qty: null });
    });

    it('refuses a parameter count that does not match the placeholders, before reaching the engine', async () => {
      await expect(sql.execute(`SELECT id FROM ${table} WHERE id = ? AND qty = ?`, [1])).rejects.toBeInstanceOf(SqlParameterError);
      await expect(sql.fetchOne(`SELECT id FROM ${table}`, [1])).rejects.toThrow(/0 "\?" placeholders but 1 parameter/);
    });

    it('rejects invalid SQL with the engine error', async () => {
      // NOTE: matched by message: under jest, better-sqlite3's native errors may come from another realm's Error.
      await expect(sql.execute(`SELEKT nothing FROM ${table}`)).rejects.toHaveProperty('message', expect.stringMatching(/syntax error/));
      expect(await sql.fetchAll(`SELECT id FROM ${table}`)).toEqual([]);
    });

    it('commits a transaction when fn resolves and returns its value', async () => {
      const value = await sql.transaction(async (tx) => {
        await tx.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [1, 'in-tx', 1]);
        expect(await tx.fetchOne(`SELECT name FROM ${table} WHERE id = ?`, [1])).toEqual({ name: 'in-tx' });
        return 'done';
      });
      expect(value).toBe('done');
      expect(await sql.fetchOne(`SELECT name FROM ${table} WHERE id = ?`, [1])).toEqual({ name: 'in-tx' });
    });

    it('rolls back when fn throws and rethrows the error', async () => {
      await seed();
      const failure = new Error('abort');
      await expect(
        sql.transaction(async (tx) => {
          await tx.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [10, 'lost', 1]);
          await tx.execute(`DELETE FROM ${table} WHERE id = ?`, [1]);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect(await sql.fetchAll(`SELECT id FROM ${table} ORDER BY id`)).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    });

    it('joins nested transactions, through tx and through the adapter itself, into the outer one', async () => {
      await expect(
        sql.transaction(async (tx) => {
          await tx.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [1, 'outer', 1]);
          await tx.transaction(async (inner) => {
            await inner.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [2, 'inner', 1]);
          });
          await sql.transaction(async (viaAdapter) => {
            await viaAdapter.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [3, 'joined', 1]);
          });
          await sql.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [4, 'implicit', 1]);
          expect(await tx.fetchOne(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual({ n: 4 });
          throw new Error('roll everything back');
        }),
      ).rejects.toThrow('roll everything back');
      expect(await sql.fetchOne(`SELECT COUNT(*) AS n FROM ${table}`)).toEqual({ n: 0 });
    });

    it('keeps concurrent transactions apart', async () => {
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((id) =>
          sql.transaction(async (tx) => {
            await tx.execute(`INSERT INTO ${table} (id, name, qty) VALUES (?, ?, ?)`, [id, `t${id}`, id]);
            if (id % 2 === 0) throw new Error(`fail ${id}`);
            return id;
          }),
        ),
      );
      expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
      expect(await sql.fetchAll(`SELECT id FROM ${table} ORDER BY id`)).toEqual([{ id: 1 }, { id: 3 }]);
    });

    it('refuses to run statements on a transaction that has finished', async () => {
      let leaked: SqlAdapter | undefined;
      await sql.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.execute(`SELECT id FROM ${table}`)).rejects.toBeInstanceOf(SqlTransactionFinishedError);
      await expect(leaked!.transaction(async () => 1)).rejects.toThrow(/already finished/);
    });

    it('exposes an initialised TypeORM DataSource on the same database', async () => {
      await seed();
      expect(sql.dataSource.isInitialized).toBe(true);
      const rows: Array<{ name: string }> = await sql.dataSource.query(`SELECT name FROM ${table} ORDER BY id`);
      expect(rows.map((row) => row.name)).toEqual(['apple', 'banana', 'cherry']);
    });

    it('answers a ping', async () => {
      await expect(sql.ping()).resolves.toBeUndefined();
    });
  });
}
