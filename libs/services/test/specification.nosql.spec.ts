import { Test, type TestingModule } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import { AcbConfigModule } from '@acb/config';
import { AcbAdaptersModule, NoSqlAdapter, type NoSqlCollection } from '@acb/adapters';
import { SpecificationError } from '../src';
import { PEOPLE, SPEC_CASES, names, sortNames } from './support/specification-cases';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

/** toNoSqlQuery() against the real memory nosql adapter: every translatable case selects what SQL selects. */
describe('Specification.toNoSqlQuery on the memory nosql adapter', () => {
  let moduleRef: TestingModule;
  let people: NoSqlCollection<Record<string, unknown>>;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbConfigModule.forRoot({ settingsDir: `/nonexistent-${randomUUID()}`, env: {}, values: { app: { name: 'spec-nosql' } } }),
        AcbAdaptersModule.forRoot({ nosql: 'memory', categories: ['nosql'] }),
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    people = moduleRef.get(NoSqlAdapter).collection('people');
    // A missing field and a null field must behave alike (SQL has only NULL).
    await people.insertMany(PEOPLE.map(({ age, ...rest }) => (age === null ? rest : { ...rest, age })));
  });

  afterAll(() => moduleRef.close());

  const translatable = SPEC_CASES.filter(({ spec }) => {
    try {
      spec.toNoSqlQuery();
      return true;
    } catch (error) {
      if (error instanceof SpecificationError) return false;
      throw error;
    }
  });

  it('translates most cases (or, like and not(between) are the exceptions)', () => {
    expect(translatable.length).toBeGreaterThanOrEqual(20);
  });

  it.each(translatable)('$title', async ({ spec, expected }) => {
    expect(names((await people.find(spec.toNoSqlQuery())) as unknown as Array<{ name: string }>)).toEqual(sortNames(expected));
  });
});
