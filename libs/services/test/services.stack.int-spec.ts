import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsInt, IsString, Min, MinLength } from 'class-validator';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { AcbConfigModule } from '@acb/config';
import { AcbAdaptersModule, CacheAdapter, SqlAdapter } from '@acb/adapters';
import { AcbEventsModule, EventSubscriber } from '@acb/events';
import { describeWithServers } from '../../../test/servers';
import { AcbService, AcbServicesModule, Repository, RepositoryContext, ServiceBase, ServiceRegistry, UnitOfWork, ValidateInput } from '../src';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(60_000);

const TABLE = `svc_products_${randomUUID().replace(/-/g, '').slice(0, 10)}`;

@Entity({ name: TABLE })
class Product {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar' })
  name!: string;

  @Column({ type: 'int' })
  stock!: number;
}

class CreateProduct {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsInt()
  @Min(0)
  stock!: number;
}

@Injectable()
class ProductRepository extends Repository<Product> {
  constructor(context: RepositoryContext) {
    super(Product, context, { cache: { entityTtlSeconds: 60, queryTtlSeconds: 60 } });
  }
}

@AcbService({ name: 'catalog', capabilities: ['products'] })
class CatalogService extends ServiceBase {
  constructor(readonly products: ProductRepository) {
    super();
  }

  @ValidateInput(CreateProduct)
  async addProduct(data: CreateProduct): Promise<Product> {
    const product = await this.products.create(data);
    await this.events.emit('product.created', { productId: product.id });
    return product;
  }
}

async function application(urls: Record<'redis' | 'postgres', string>, appName: string): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AcbConfigModule.forRoot({
        settingsDir: `/nonexistent-${randomUUID()}`,
        env: {},
        values: {
          app: { name: appName },
          adapters: { cache: 'redis', sql: 'postgres', nosql: 'memory', storage: 'memory', monitoring: 'none' },
          cache: { url: urls.redis },
          sql: { url: urls.postgres, poolSize: 3 },
        },
      }),
      AcbAdaptersModule.forRoot(),
      TypeOrmModule.forFeature([Product]),
      AcbEventsModule.forRoot({ transport: 'local' }),
      AcbServicesModule.forRoot({}),
    ],
    providers: [ProductRepository, CatalogService],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}

describeWithServers(['redis', 'postgres'], 'services on the real adapters (Redis cache, PostgreSQL via the sql adapter)', (urls) => {
  const appName = `acb-svc-${randomUUID()}`;
  let first: TestingModule;
  let second: TestingModule;

  beforeAll(async () => {
    first = await application(urls, appName);
    second = await application(urls, appName);
    await first
      .get(SqlAdapter)
      .execute(`CREATE TABLE "${TABLE}" (id SERIAL PRIMARY KEY, name VARCHAR NOT NULL, stock INT NOT NULL)`);
  }, 60_000);

  afterAll(async () => {
    await first?.get(SqlAdapter).execute(`DROP TABLE IF EXISTS "${TABLE}"`);
    await first?.get(CacheAdapter).clear();
    await first?.close();
    await second?.close();
  });

  it('runs the seed flow: validated input, repository on the sql adapter, a real event', async () => {
    const received: unknown[] = [];
    const unsubscribe = first.get(EventSubscriber).on('product.created', async (payload) => void received.push(payload));
    const catalog = first.get(ServiceRegistry).get<CatalogService>('catalog');
    expect(catalog.state).toBe('active');
    const product = await catalog.addProduct({ name: 'Lamp', stock: 3 });
    expect(product.id).toEqual(expect.any(Number));
    expect(received).toEqual([{ productId: product.id }]);
    await expect(catalog.addProduct({ name: 'x', stock: -1 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    unsubscribe();
  });

  it('caches reads in Redis and every write through a repository invalidates them, across applications', async () => {
    const productsA = first.get(ProductRepository);
    const productsB = second.get(ProductRepository);
    const lamp = await productsA.create({ name: 'Desk', stock: 10 });
    const countBefore = await productsA.count();
    expect((await productsA.findById(lamp.id))?.stock).toBe(10);

    // Behind the repository's back: cached reads stay as they were (they come from Redis).
    await first.get(SqlAdapter).execute(`UPDATE "${TABLE}" SET stock = 99 WHERE id = ?`, [lamp.id]);
    expect((await productsA.findById(lamp.id))?.stock).toBe(10);
    expect((await productsB.findById(lamp.id))?.stock).toBe(10);

    // A write through application B's repository invalidates application A's cached entity, lists and counts.
    await productsB.create({ name: 'Chair', stock: 1 });
    expect((await productsA.findById(lamp.id))?.stock).toBe(99);
    expect(await productsA.count()).toBe(countBefore + 1);
  });

  it('a unit of work on the adapter connection rolls back and leaves the cache valid', async () => {
    const products = first.get(ProductRepository);
    const before = await products.count();
    await expect(
      first.get(UnitOfWork).run(async (session) => {
        await session.getRepository(ProductRepository).create({ name: 'Ghost', stock: 1 });
        throw new Error('cancel');
      }),
    ).rejects.toThrow('cancel');
    expect(await products.count()).toBe(before);
    expect(await products.exists({ name: 'Ghost' })).toBe(false);
  });
});
