import { Injectable, Optional, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { IsolationLevel } from 'typeorm/driver/types/IsolationLevel';
import { Repository } from './repository';
import { RepositoryContext } from './repository-context';
import { TransactionState } from './transaction-scope';

/** The handle a unit of work gives its callback. */
export class UnitOfWorkSession {
  private readonly repositories = new Map<unknown, Repository<ObjectLiteral>>();

  constructor(
    private readonly state: TransactionState,
    private readonly resolve: (repositoryClass: Type<Repository<ObjectLiteral>>) => Repository<ObjectLiteral>,
    private readonly context: RepositoryContext,
  ) {}

  /** The transaction's TypeORM entity manager. */
  get manager(): EntityManager {
    return this.state.manager;
  }

  /**
   * A repository bound to this transaction: a `Repository` subclass (the DI instance when it is a provider, else
   * `new RepositoryClass(context)`), or an entity class for a plain `Repository<Entity>`.
   */
  getRepository<C extends new (...args: any[]) => any>(
    target: C,
  ): InstanceType<C> extends Repository<any> ? InstanceType<C> : Repository<InstanceType<C>>;
  getRepository<E extends ObjectLiteral>(entity: EntityTarget<E>): Repository<E>;
  getRepository(target: unknown): Repository<ObjectLiteral> {
    let repository = this.repositories.get(target);
    if (!repository) {
      const base =
        typeof target === 'function' && target.prototype instanceof Repository
          ? this.resolve(target as Type<Repository<ObjectLiteral>>)
          : new Repository(target as EntityTarget<ObjectLiteral>, this.context);
      repository = base.withTransaction(this.state);
      this.repositories.set(target, repository);
    }
    return repository;
  }

  /** Runs `fn` in the same transaction (what a nested `UnitOfWork.run` does). */
  run<R>(fn: (uow: UnitOfWorkSession) => Promise<R>): Promise<R> {
    return fn(this);
  }

  /** Runs `hook` after COMMIT (not after a rollback). */
  afterCommit(hook: () => Promise<void> | void): void {
    this.state.afterCommit(hook);
  }
}

export interface UnitOfWorkOptions {
  /** Isolation level of a new transaction (ignored when joining one). */
  isolationLevel?: IsolationLevel;
}

/**
 * One database transaction around a piece of work: commit when `fn` resolves, rollback when it throws.
 * A `run` inside a running unit of work (of the same DataSource) joins it: there is one transaction and
 * the outermost `run` decides (no savepoints). Repositories injected elsewhere join it too while `fn` runs.
 */
@Injectable()
export class UnitOfWork {
  constructor(
    private readonly context: RepositoryContext,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  async run<R>(fn: (uow: UnitOfWorkSession) => Promise<R>, options: UnitOfWorkOptions = {}): Promise<R> {
    const dataSource = this.context.dataSource;
    const current = this.context.scope.current();
    if (current && current.manager.connection === dataSource) return fn(current.session as UnitOfWorkSession);

    let state: TransactionState | undefined;
    const work = (manager: EntityManager): Promise<R> => {
      const started = new TransactionState(manager);
      started.session = new UnitOfWorkSession(started, (repositoryClass) => this.resolveRepository(repositoryClass), this.context);
      state = started;
      return this.context.scope.run(started, () => fn(started.session as UnitOfWorkSession));
    };
    const result = options.isolationLevel
      ? await dataSource.transaction(options.isolationLevel, work)
      : await dataSource.transaction(work);
    await state?.committed();
    return result;
  }

  private resolveRepository(repositoryClass: Type<Repository<ObjectLiteral>>): Repository<ObjectLiteral> {
    if (this.moduleRef) {
      try {
        return this.moduleRef.get(repositoryClass, { strict: false });
      } catch {
        // NOTE: not a provider: fall through and build one on this context.
      }
    }
    const Ctor = repositoryClass as unknown as new (context: RepositoryContext) => Repository<ObjectLiteral>;
    return new Ctor(this.context);
  }
}
