import { SqlParameters, translateConditions, translateSort } from '../src/nosql/postgres/jsonb-query.translator';
import { parseFindOptions, parseQuery } from '../src/nosql/query/query.parser';

describe('jsonb query translator', () => {
  const translate = (query: Record<string, unknown>) => {
    const params = new SqlParameters(['ns', 'coll']);
    const sql = translateConditions(parseQuery(query), params);
    return { sql, values: params.values };
  };

  it('passes every value and field path as a parameter, never as SQL text', () => {
    const evil = "x'); DROP TABLE acb_documents; --";
    const { sql, values } = translate({ [`a.${evil}`]: evil, b: { $in: [evil] }, c: { $gt: evil } });
    expect(sql).not.toContain('DROP');
    expect(values).toContain(JSON.stringify(evil));
    expect(values).toContainEqual(['a', evil]);
    expect(values.slice(0, 2)).toEqual(['ns', 'coll']);
    expect(sql).toMatch(/\$3::text\[\]/);
  });

  it('is TRUE for an empty query and short-circuits empty $in / $nin', () => {
    expect(translate({}).sql).toBe('TRUE');
    expect(translate({ a: { $in: [] } })).toEqual({ sql: 'FALSE', values: ['ns', 'coll'] });
    expect(translate({ a: { $nin: [] } })).toEqual({ sql: 'TRUE', values: ['ns', 'coll'] });
  });

  it('uses the id column for equality on _id', () => {
    expect(translate({ _id: 'x' })).toEqual({ sql: '(id = $3)', values: ['ns', 'coll', 'x'] });
    expect(translate({ _id: { $in: ['x', 'y'] } })).toEqual({ sql: '(id = ANY($3::text[]))', values: ['ns', 'coll', ['x', 'y']] });
  });

  it('guards typed comparisons with jsonb_typeof and compares strings with COLLATE "C"', () => {
    expect(translate({ n: { $gt: 5 } }).sql).toContain(`jsonb_typeof((doc #> $3::text[])) = 'number'`);
    expect(translate({ s: { $lt: 'm' } }).sql).toContain('COLLATE "C" < $4::text');
  });

  it('sorts by type rank, value and id', () => {
    const params = new SqlParameters();
    const sql = translateSort(parseFindOptions({ sort: { age: -1 } }).sort, params);
    expect(sql).toMatch(/^ORDER BY CASE jsonb_typeof/);
    expect(sql).toContain('DESC');
    expect(sql.endsWith('id COLLATE "C" ASC')).toBe(true);
    expect(params.values).toEqual([['age']]);
  });
});
