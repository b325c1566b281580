import { PriorityHeap } from '../../src/backends/memory/priority-heap';

describe('PriorityHeap', () => {
  it('pops by priority (higher first), then FIFO by sequence', () => {
    const heap = new PriorityHeap();
    const entries = [
      { id: 'a', priority: 2, seq: 1 },
      { id: 'b', priority: 5, seq: 2 },
      { id: 'c', priority: 10, seq: 3 },
      { id: 'd', priority: 5, seq: 4 },
      { id: 'e', priority: 2, seq: 5 },
      { id: 'f', priority: 10, seq: 6 },
    ];
    for (const entry of entries) heap.push(entry);
    expect(heap.sorted().map((e) => e.id)).toEqual(['c', 'f', 'b', 'd', 'a', 'e']);
    const popped: string[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) popped.push(e.id);
    expect(popped).toEqual(['c', 'f', 'b', 'd', 'a', 'e']);
  });

  it('stays ordered over many random pushes and pops', () => {
    const heap = new PriorityHeap();
    let seq = 0;
    const reference: { id: string; priority: number; seq: number }[] = [];
    for (let i = 0; i < 2000; i++) {
      const entry = { id: String(i), priority: Math.floor(Math.random() * 11), seq: ++seq };
      heap.push(entry);
      reference.push(entry);
    }
    reference.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
    const out: string[] = [];
    for (let e = heap.pop(); e; e = heap.pop()) out.push(e.id);
    expect(out).toEqual(reference.map((e) => e.id));
  });

  it('filters entries out', () => {
    const heap = new PriorityHeap();
    heap.push({ id: 'x', priority: 1, seq: 1 });
    heap.push({ id: 'y', priority: 9, seq: 2 });
    heap.filter((e) => e.id !== 'y');
    expect(heap.size).toBe(1);
    expect(heap.peek()?.id).toBe('x');
  });
});
