import { defineFactory } from '@acb/testing';
import { UserTestProvider, userFactory } from './fixtures/user.providers';

describe('test-data providers', () => {
  beforeEach(() => userFactory.reset());

  it('AdapterProvider subclasses build records with overrides, and lists with many()', () => {
    expect(UserTestProvider.userData()).toEqual({ id: 1, name: 'Test User', email: 'test@example.com' });
    expect(UserTestProvider.userData({ name: 'Jane' }).name).toBe('Jane');
    const users = UserTestProvider.multipleUsers(3);
    expect(users.map((user) => user.id)).toEqual([1, 2, 3]);
    expect(new Set(users.map((user) => user.email)).size).toBe(3);
  });

  it('defineFactory numbers objects, applies overrides (also per index) and restarts on reset', () => {
    expect(userFactory.build()).toEqual({ name: 'User 1', email: 'user1@example.com' });
    expect(userFactory.build({ name: 'Named' })).toEqual({ name: 'Named', email: 'user2@example.com' });
    expect(userFactory.buildMany(2, (index) => ({ name: `Batch ${index}` }))).toEqual([
      { name: 'Batch 0', email: 'user3@example.com' },
      { name: 'Batch 1', email: 'user4@example.com' },
    ]);
    userFactory.reset();
    expect(userFactory.build().email).toBe('user1@example.com');
  });

  it('keeps a sequence per factory', () => {
    const orders = defineFactory((n) => ({ orderId: `o-${n}` }));
    userFactory.build();
    userFactory.build();
    expect(orders.build()).toEqual({ orderId: 'o-1' });
    expect(orders.buildMany(2, { orderId: 'fixed' })).toEqual([{ orderId: 'fixed' }, { orderId: 'fixed' }]);
  });
});
