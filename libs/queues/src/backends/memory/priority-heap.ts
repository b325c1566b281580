/** An entry of the ready heap: a higher `priority` first, then the lower `seq` (FIFO). */
export interface HeapEntry {
  id: string;
  priority: number;
  seq: number;
}

function before(a: HeapEntry, b: HeapEntry): boolean {
  return a.priority !== b.priority ? a.priority > b.priority : a.seq < b.seq;
}

/** A binary heap ordering ready tasks: strict priority, FIFO within one priority. O(log n) push and pop. */
export class PriorityHeap {
  private readonly items: HeapEntry[] = [];

  get size(): number {
    return this.items.length;
  }

  push(entry: HeapEntry): void {
    const items = this.items;
    items.push(entry);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i], items[parent])) break;
      [items[i], items[parent]] = [items[parent], items[i]];
      i = parent;
    }
  }

  peek(): HeapEntry | undefined {
    return this.items[0];
  }

  pop(): HeapEntry | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0];
    const last = items.pop() as HeapEntry;
    if (items.length > 0) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < items.length && before(items[left], items[best])) best = left;
        if (right < items.length && before(items[right], items[best])) best = right;
        if (best === i) break;
        [items[i], items[best]] = [items[best], items[i]];
        i = best;
      }
    }
    return top;
  }

  /** Entries in pop order (a sorted copy; the heap is unchanged). */
  sorted(): HeapEntry[] {
    return [...this.items].sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
  }

  /** Drops entries for which `keep` is false. */
  filter(keep: (entry: HeapEntry) => boolean): void {
    const kept = this.items.filter(keep);
    this.items.length = 0;
    for (const entry of kept) this.push(entry);
  }
}
