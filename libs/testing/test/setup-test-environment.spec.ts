// Pattern 4 — the seed's setup_test_environment: the same environment without declaring a module.
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Injectable } from '@nestjs/common';
import { Column, Entity, PrimaryGeneratedColumn, Repository } from 'typeorm';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import { AcbLogger } from '@acb/logger';
import { drainQueues, EventRecorder, setupTestEnvironment, type TestEnvironment } from '@acb/testing';
import { EventPublisher } from '@acb/events';
import { Queue } from '@acb/queues';
import { USERS_TABLE, UserService } from './fixtures/user.service';

@Entity({ name: 'notes' })
class Note {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  body!: string;
}

@Injectable()
class NoteService {
  constructor(@InjectRepository(Note) private readonly notes: Repository<Note>) {}
  add(body: string): Promise<Note> {
    return this.notes.save(this.notes.create({ body }));
  }
}

describe('setupTestEnvironment', () => {
  let env: TestEnvironment;

  afterEach(() => env.close());

  it('takes the seed\'s overrides and returns get, config, logs and close', async () => {
    env = await setupTestEnvironment({
      adapters: { cache: 'memory', sql: 'sqlite', storage: 'memory' },
      debug: { enabled: true },
    });

    expect(env.config.debug.enabled).toBe(true);
    await env.get(CacheAdapter).set('k', { v: 1 });
    expect(await env.get(CacheAdapter).get('k')).toEqual({ v: 1 });
    expect(await env.get(SqlAdapter).fetchOne('SELECT 1 + 1 AS two')).toEqual({ two: 2 });
    env.get(AcbLogger).debug('visible in debug');
    expect(env.logs.withMessage('visible in debug')).toHaveLength(1);
  });

  it('adds the providers under test, and its moduleRef works with the helpers', async () => {
    env = await setupTestEnvironment(
      { events: true, queues: true },
      { providers: [UserService, { provide: USERS_TABLE, useValue: 'people' }] },
    );
    const users = env.get(UserService);
    await users.createTable();
    await users.createUser({ name: 'Ann', email: 'ann@example.com' });
    expect(await env.get(SqlAdapter).fetchAll('SELECT name FROM people')).toEqual([{ name: 'Ann' }]);

    await env.get(EventPublisher).emit('user.created', { id: 1 });
    expect(env.get(EventRecorder).emitted('user.created')).toHaveLength(1);
    expect(await env.get(Queue).getPendingTasks()).toEqual([]);
    expect(await drainQueues(env)).toBe(0); // the environment itself is an ApplicationLike
  });

  it('imports what the test needs, e.g. TypeORM repositories on the SQLite adapter\'s own connection', async () => {
    env = await setupTestEnvironment({}, { imports: [TypeOrmModule.forFeature([Note])], providers: [NoteService] });
    await env.get(SqlAdapter).execute('CREATE TABLE notes (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL)');

    const note = await env.get(NoteService).add('remember the milk');

    expect(note.id).toBe(1);
    expect(await env.get(SqlAdapter).fetchAll('SELECT id, body FROM notes')).toEqual([{ id: 1, body: 'remember the milk' }]);
  });

  it('closes once, however often close() is called', async () => {
    env = await setupTestEnvironment();
    const sql = env.get(SqlAdapter);
    await Promise.all([env.close(), env.close()]);
    await expect(sql.ping()).rejects.toThrow('The database connection is not open');
  });
});
