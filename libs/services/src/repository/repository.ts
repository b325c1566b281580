import {
  IsNull,
  type DataSource,
  type DeepPartial,
  type EntityManager,
  type EntityMetadata,
  type EntityTarget,
  type FindOptionsOrder,
  type FindOptionsWhere,
  type ObjectLiteral,
  type Repository as TypeOrmRepository,
} from 'typeorm';
import { NotFoundError } from '../errors/not-found.error';
import { ServicesConfigurationError } from '../errors/configuration.error';
import { ServicesMessages } from '../services.messages';
import { Specification } from '../specification/specification';
import type { FindPageOptions, Page } from './page.interface';
import { MISS, type RepositoryCache } from './repository-cache';
import { RepositoryContext, type RepositoryCacheOptions, type RepositoryContextOptions } from './repository-context';
import type { TransactionState } from './transaction-scope';

/** Equality criteria (`{ email: 'a@b.c' }`, `null` = IS NULL, TypeORM operators allowed) or a specification. */
export type Criteria<T> = { [K in keyof FindOptionsWhere<T>]?: FindOptionsWhere<T>[K] | null } | Specification<T>;

/** What a repository resolves once per DataSource: lookups that would otherwise repeat on every call. */
interface Resolved {
  dataSource: DataSource;
  /** The DataSource's metadata list when resolved: `initialize()` after `destroy()` builds a new one. */
  metadatas: readonly EntityMetadata[];
  metadata: EntityMetadata;
  /** The TypeORM repository on the DataSource's own manager (outside transactions). */
  repository: TypeOrmRepository<ObjectLiteral>;
  /** Property names of the date columns, revived from ISO strings when read from the cache. */
  dateColumns: string[];
}

export interface RepositoryOptions {
  /** Cache reads in the context's CacheAdapter: TTLs, `true` for the defaults, `false` never. @default the module's `repositoryCache` */
  cache?: RepositoryCacheOptions | boolean;
}

const DEFAULT_ENTITY_TTL = 300;
const DEFAULT_QUERY_TTL = 60;
const MAX_LIMIT = 1000;
const DATE_COLUMN_TYPES = new Set<unknown>([
  Date,
  'datetime',
  'timestamp',
  'timestamptz',
  'timestamp with time zone',
  'timestamp without time zone',
]);

/**
 * Data access for one TypeORM entity. Subclass it for custom finders:
 *
 * ```ts
 * @Injectable()
 * export class UserRepository extends Repository<User> {
 *   constructor(context: RepositoryContext) { super(User, context); }
 *   findByEmail(email: string) { return this.findOne({ email }); }
 * }
 * ```
 * Inside `UnitOfWork.run` every call joins the transaction. With caching on, every write through the repository
 * invalidates its cached entities, lists and counts (after COMMIT when in a transaction).
 */
export class Repository<T extends ObjectLiteral> {
  protected readonly context: RepositoryContext;
  private readonly cacheTtl?: Required<RepositoryCacheOptions>;
  private primaryName?: string;
  private cacheStore?: RepositoryCache;
  private boundTransaction?: TransactionState;
  private resolvedFor?: Resolved;

  constructor(
    protected readonly entity: EntityTarget<T>,
    context: RepositoryContext | RepositoryContextOptions,
    options: RepositoryOptions = {},
  ) {
    this.context = context instanceof RepositoryContext ? context : new RepositoryContext(context);
    const setting = options.cache === undefined ? this.context.defaultCache : options.cache;
    if (setting !== false && this.context.cache) {
      const ttl = setting === true ? {} : setting;
      this.cacheTtl = {
        entityTtlSeconds: ttl.entityTtlSeconds ?? DEFAULT_ENTITY_TTL,
        queryTtlSeconds: ttl.queryTtlSeconds ?? DEFAULT_QUERY_TTL,
      };
    }
  }

  /** The entity manager in force: the transaction's inside a unit of work, else the DataSource's. */
  get manager(): EntityManager {
    return this.transaction?.manager ?? this.context.dataSource.manager;
  }

  /** The TypeORM repository on `manager`, for queries this class does not cover. */
  get typeorm(): TypeOrmRepository<T> {
    const transaction = this.transaction;
    if (transaction) return transaction.manager.getRepository(this.entity);
    return this.resolved().repository as TypeOrmRepository<T>;
  }

  get metadata(): EntityMetadata {
    return this.resolved().metadata;
  }

  /** Whether reads go through the cache (a CacheAdapter is present and caching is on for this repository). */
  get cached(): boolean {
    return this.cacheTtl !== undefined;
  }

  /** @internal A view of this repository bound to one transaction (used by `UnitOfWork`). */
  withTransaction(state: TransactionState): this {
    const view = Object.create(this) as this;
    view.boundTransaction = state;
    return view;
  }

  findById(id: unknown): Promise<T | null> {
    try {
      const store = this.readableCache();
      if (!store) return this.loadById(id);
      // NOTE: a numeric id is its own local key, so a local hit builds no key string and allocates nothing.
      const localKey = typeof id === 'number' ? id : store.keyOf('id', id);
      const local = store.peek(localKey);
      if (local !== MISS) return Promise.resolve(local as T | null);
      return store.read(
        typeof localKey === 'number' ? store.keyOf('id', id) : localKey,
        this.cacheTtl!.entityTtlSeconds,
        () => this.loadById(id),
        (raw) => this.reviveOrNull(raw),
        localKey,
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** @throws NotFoundError when there is no such row. */
  async getById(id: unknown): Promise<T> {
    const found = await this.findById(id);
    if (!found) throw new NotFoundError(this.metadata.name, id);
    return found;
  }

  /**
   * A row matching `criteria`, or null. When several match, `order` decides which; without it the database
   * does (no default ORDER BY: it could make the planner walk the primary key instead of the criteria's index).
   */
  async findOne(criteria: Criteria<T>, order?: FindOptionsOrder<T>): Promise<T | null> {
    const where = this.toWhere(criteria);
    // NOTE: uncached (or in a transaction), straight to TypeORM: no cache key, no closures.
    if (!this.readableCache()) return this.typeorm.findOne(order ? { where, order } : { where });
    return this.read(
      'one',
      order ? { c: this.criteriaKey(criteria), order } : this.criteriaKey(criteria),
      'query',
      () => this.typeorm.findOne(order ? { where, order } : { where }),
      (raw) => this.reviveOrNull(raw),
    );
  }

  /** One page of matching rows and the total count. Without `order`, pages are ordered by primary key. */
  async find(criteria: Criteria<T> = {}, options: FindPageOptions<T> = {}): Promise<Page<T>> {
    const page = Math.max(1, Math.floor(options.page ?? 1));
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(options.limit ?? 20)));
    const where = this.toWhere(criteria);
    const order = options.order ?? this.defaultOrder();
    return this.read(
      'page',
      { c: this.criteriaKey(criteria), page, limit, order },
      'query',
      async () => {
        const [items, total] = await this.typeorm.findAndCount({ where, order, skip: (page - 1) * limit, take: limit });
        return { items, total, page, limit };
      },
      (raw) => {
        const stored = raw as Page<T>;
        return { ...stored, items: stored.items.map((item) => this.revive(item)) };
      },
    );
  }

  /** Every matching row (no pagination; mind the size). */
  async findAll(criteria: Criteria<T> = {}, order?: FindOptionsOrder<T>): Promise<T[]> {
    const where = this.toWhere(criteria);
    const resolvedOrder = order ?? this.defaultOrder();
    return this.read(
      'all',
      { c: this.criteriaKey(criteria), order: resolvedOrder },
      'query',
      () => this.typeorm.find({ where, order: resolvedOrder }),
      (raw) => (raw as T[]).map((item) => this.revive(item)),
    );
  }

  async count(criteria: Criteria<T> = {}): Promise<number> {
    const where = this.toWhere(criteria);
    return this.read('count', this.criteriaKey(criteria), 'query', () => this.typeorm.count({ where }), (raw) => raw as number);
  }

  async exists(criteria: Criteria<T>): Promise<boolean> {
    const where = this.toWhere(criteria);
    return this.read('exists', this.criteriaKey(criteria), 'query', () => this.typeorm.exists({ where }), (raw) => raw as boolean);
  }

  /** Inserts one row and returns it with generated columns filled in. */
  async create(data: DeepPartial<T>): Promise<T> {
    const saved = await this.typeorm.save(this.typeorm.create(data));
    await this.invalidate();
    return saved;
  }

  async createMany(data: DeepPartial<T>[]): Promise<T[]> {
    const saved = await this.typeorm.save(data.map((item) => this.typeorm.create(item)));
    await this.invalidate();
    return saved;
  }

  /** Applies `patch` to the row with this primary key and returns it. @throws NotFoundError */
  async update(id: unknown, patch: DeepPartial<T>): Promise<T> {
    const where = { [this.primaryColumn()]: id } as FindOptionsWhere<T>;
    const existing = await this.typeorm.findOne({ where });
    if (!existing) throw new NotFoundError(this.metadata.name, id);
    const saved = await this.typeorm.save(this.typeorm.merge(existing, patch));
    await this.invalidate();
    return saved;
  }

  /** Applies `patch` to every matching row; returns how many changed. */
  async updateWhere(criteria: Criteria<T>, patch: DeepPartial<T>): Promise<number> {
    const ids = await this.matchingIds(criteria);
    if (ids.length === 0) return 0;
    const result = await this.typeorm.update(ids as never, patch as never);
    await this.invalidate();
    return result.affected ?? ids.length;
  }

  /** Deletes the row with this primary key; returns whether it existed. */
  async delete(id: unknown): Promise<boolean> {
    const result = await this.typeorm.delete(id as never);
    await this.invalidate();
    return (result.affected ?? 0) > 0;
  }

  /** Deletes every matching row; returns how many. */
  async deleteWhere(criteria: Criteria<T>): Promise<number> {
    const ids = await this.matchingIds(criteria);
    if (ids.length === 0) return 0;
    const result = await this.typeorm.delete(ids as never);
    await this.invalidate();
    return result.affected ?? ids.length;
  }

  /** Drops every cached read of this repository (writes through the repository do it themselves). */
  async invalidate(): Promise<void> {
    const store = this.cacheStoreOrUndefined();
    if (!store) return;
    const transaction = this.transaction;
    if (transaction) transaction.afterCommit(() => store.invalidate());
    else await store.invalidate();
  }

  /** Criteria or specification as a TypeORM `where`. Rejects `undefined` values, which TypeORM would ignore. */
  protected toWhere(criteria: Criteria<T>): FindOptionsWhere<T> | FindOptionsWhere<T>[] {
    if (criteria instanceof Specification) return criteria.toWhere();
    return this.normalizeCriteria(criteria as Record<string, unknown>) as FindOptionsWhere<T>;
  }

  private normalizeCriteria(criteria: Record<string, unknown>, prefix = ''): Record<string, unknown> {
    const where: Record<string, unknown> = {};
    for (const key of Object.keys(criteria)) {
      const value = criteria[key];
      if (value === undefined) throw new ServicesConfigurationError(ServicesMessages.undefinedCriteria(this.metadata.name, prefix + key));
      if (value === null) where[key] = IsNull();
      else if (isPlainObject(value)) where[key] = this.normalizeCriteria(value, `${prefix}${key}.`);
      else where[key] = value;
    }
    return where;
  }

  private get transaction(): TransactionState | undefined {
    if (this.boundTransaction) return this.boundTransaction;
    const current = this.context.scope.current();
    return current && current.manager.connection === this.context.dataSource ? current : undefined;
  }

  private async matchingIds(criteria: Criteria<T>): Promise<unknown[]> {
    const primary = this.primaryColumn();
    const rows = await this.typeorm.find({ where: this.toWhere(criteria), select: { [primary]: true } as never });
    return rows.map((row) => (row as Record<string, unknown>)[primary]);
  }

  private loadById(id: unknown): Promise<T | null> {
    return this.typeorm.findOne({ where: { [this.primaryColumn()]: id } as FindOptionsWhere<T> });
  }

  /** The cache when reads may use it: caching is on and no transaction is running (it may see uncommitted rows). */
  private readableCache(): RepositoryCache | undefined {
    const store = this.cacheStoreOrUndefined();
    return store && !this.transaction ? store : undefined;
  }

  /** Metadata, default TypeORM repository and date columns, resolved once per DataSource (and initialisation). */
  private resolved(): Resolved {
    const dataSource = this.context.dataSource;
    const known = this.resolvedFor;
    if (known && known.dataSource === dataSource && known.metadatas === dataSource.entityMetadatas) return known;
    const metadata = dataSource.getMetadata(this.entity);
    const resolved: Resolved = {
      dataSource,
      metadatas: dataSource.entityMetadatas,
      metadata,
      repository: dataSource.manager.getRepository(this.entity) as TypeOrmRepository<ObjectLiteral>,
      dateColumns: metadata.columns.filter((column) => DATE_COLUMN_TYPES.has(column.type)).map((column) => column.propertyName),
    };
    this.resolvedFor = resolved;
    return resolved;
  }

  private read<R>(
    kind: string,
    key: unknown,
    ttlKind: 'entity' | 'query',
    load: () => Promise<R>,
    revive: (raw: unknown) => R,
  ): Promise<R> {
    const store = this.cacheStoreOrUndefined();
    // NOTE: inside a transaction reads bypass the cache: they may see uncommitted rows.
    if (!store || this.transaction) return load();
    const cacheKey = store.keyOf(kind, key);
    const local = store.peek(cacheKey);
    if (local !== MISS) return Promise.resolve(local as R);
    const ttl = ttlKind === 'entity' ? this.cacheTtl!.entityTtlSeconds : this.cacheTtl!.queryTtlSeconds;
    return store.read(cacheKey, ttl, load, revive);
  }

  private cacheStoreOrUndefined(): RepositoryCache | undefined {
    if (!this.cacheTtl) return undefined;
    this.cacheStore ??= this.context.repositoryCache(this.metadata.tableName);
    return this.cacheStore;
  }

  private criteriaKey(criteria: Criteria<T>): unknown {
    return criteria instanceof Specification ? { spec: criteria.toJSON() } : { where: criteria };
  }

  private primaryColumn(): string {
    if (this.primaryName === undefined) {
      const [primary] = this.metadata.primaryColumns;
      if (!primary) throw new ServicesConfigurationError(ServicesMessages.noPrimaryColumn(this.metadata.name));
      this.primaryName = primary.propertyPath;
    }
    return this.primaryName;
  }

  private defaultOrder(): FindOptionsOrder<T> {
    return { [this.primaryColumn()]: 'ASC' } as FindOptionsOrder<T>;
  }

  private reviveOrNull(raw: unknown): T | null {
    return raw === null || raw === undefined ? null : this.revive(raw);
  }

  /** Turns a cached JSON value back into an entity instance with `Date` columns as dates. */
  private revive(raw: unknown): T {
    const { metadata, dateColumns } = this.resolved();
    const target = metadata.target;
    const entity = (typeof target === 'function' ? Object.create(target.prototype) : {}) as Record<string, unknown>;
    const source = raw as Record<string, unknown>;
    if (!Object.hasOwn(source, '__proto__') && !Object.hasOwn(source, 'constructor')) {
      // NOTE: one Object.assign copies a parsed object about a third faster than a keyed store per property; it
      // would set the prototype for an own `__proto__` key, so such values take the filtering copy below.
      Object.assign(entity, source);
    } else {
      for (const key of Object.keys(source)) {
        if (key !== '__proto__' && key !== 'constructor') entity[key] = source[key];
      }
    }
    for (const name of dateColumns) {
      const value = entity[name];
      if (typeof value === 'string') entity[name] = new Date(value);
    }
    return entity as T;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
