import { newTaskId } from '../src/tasks/task-id';

describe('newTaskId', () => {
  it('gives 16 base64url characters, unique over 200,000 ids across many refills of its random pool', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 200_000; i++) ids.add(newTaskId());
    expect(ids.size).toBe(200_000);
    // BullMQ refuses custom job ids that are integers or hold ':'.
    expect([...ids].filter((id) => !/^[A-Za-z0-9_-]{16}$/.test(id) || /^\d+$/.test(id))).toEqual([]);
  });
});
