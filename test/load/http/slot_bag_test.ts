import assert from "assert";
import { SlotBag } from "../../../src/load/http/slot_bag.ts";
import { DeadlineWatch } from "../../../src/load/http/deadline_watch.ts";

interface Item {
  id: number;
  a: number;
  b: number;
}

const item = (id: number): Item => ({ id, a: -1, b: -1 });
const ids = (bag: SlotBag<Item>) => bag.items.map((i) => i.id).sort((x, y) => x - y);

Deno.test("a SlotBag holds what a Set would, through a long random sequence of adds and deletes", () => {
  const bag = new SlotBag<Item>("a");
  const set = new Set<Item>();
  const pool = Array.from({ length: 40 }, (_, i) => item(i));
  let seed = 7;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let step = 0; step < 20_000; step++) {
    const it = pool[Math.floor(random() * pool.length)]!;
    if (set.has(it)) {
      assert.equal(bag.delete(it), true);
      set.delete(it);
      assert.equal(it.a, -1);
    } else {
      bag.add(it);
      set.add(it);
    }
    assert.equal(bag.size, set.size);
  }
  assert.deepEqual(ids(bag), [...set].map((i) => i.id).sort((x, y) => x - y));
  bag.items.forEach((it, index) => assert.equal(it.a, index, "each item knows its position"));
});

Deno.test("deleting an item that is not in the bag changes nothing, even with a stale position", () => {
  const bag = new SlotBag<Item>("a");
  const x = item(1), y = item(2), z = item(3);
  bag.add(x);
  bag.add(y);
  assert.equal(bag.delete(z), false);
  z.a = 0; // claims x's place
  assert.equal(bag.delete(z), false);
  assert.equal(bag.delete(x), true);
  assert.equal(bag.delete(x), false, "twice");
  assert.deepEqual(ids(bag), [2]);
});

Deno.test("an item can be in two bags that keep their positions in different fields", () => {
  const first = new SlotBag<Item>("a");
  const second = new SlotBag<Item>("b");
  const one = item(1), two = item(2), three = item(3);
  const items = [one, two, three];
  for (const it of items) first.add(it);
  for (const it of [...items].reverse()) second.add(it);
  first.delete(one);
  second.delete(three);
  assert.deepEqual(ids(first), [2, 3]);
  assert.deepEqual(ids(second), [1, 2]);
});

Deno.test("the deadline watch expires only what is due, including when expiring removes others", async () => {
  const watch = new DeadlineWatch(1);
  const now = performance.now();
  const expired: string[] = [];
  const late = { deadline: now + 60_000, watchSlot: -1, expire: () => expired.push("late") };
  const due = Array.from({ length: 5 }, (_, i) => ({
    deadline: now + 2,
    watchSlot: -1,
    // The first one to expire also takes the late one off the watch, as a finished request would.
    expire: () => {
      expired.push(`due${i}`);
      watch.delete(late);
    },
  }));
  watch.add(late);
  for (const item of due) watch.add(item);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.deepEqual(expired.sort(), ["due0", "due1", "due2", "due3", "due4"]);
  assert.equal(watch.size, 0);
  watch.stopIfIdle();
});
