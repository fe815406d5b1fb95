/**
 * `__vigil_each` (k6/each_async.ts) against the built-ins it stands in for: the same results on arrays
 * with holes, typed arrays, Maps and Sets, the same errors, and callbacks that run strictly in turn.
 */
import assert from "assert";
import { EACH_METHODS, eachAsync } from "../../src/k6/each_async.ts";

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

// deno-lint-ignore no-explicit-any
type AnyFn = (...args: any[]) => any;

/** Calls the built-in and the async stand-in with the same (sync) callback; returns both outcomes. */
async function both(receiver: unknown, method: string, callback: AnyFn, ...rest: unknown[]) {
  const calls: unknown[][] = [];
  const asyncCalls: unknown[][] = [];
  let builtin: unknown;
  try {
    builtin = (receiver as Record<string, AnyFn>)[method]!.call(
      receiver,
      function (this: unknown, ...args: unknown[]) {
        calls.push([this, ...args.slice(0, -1)]);
        return callback(...args);
      },
      ...rest,
    );
  } catch (error) {
    builtin = `throws ${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  let ours: unknown;
  try {
    ours = await eachAsync(receiver, method, async function (this: unknown, ...args: unknown[]) {
      asyncCalls.push([this, ...args.slice(0, -1)]);
      await tick();
      return callback(...args);
    }, ...rest);
  } catch (error) {
    ours = `throws ${(error as Error).constructor.name}: ${(error as Error).message}`;
  }
  return { builtin, ours, calls, asyncCalls };
}

Deno.test("eachAsync() gives each array method's result, with the same callback arguments and holes skipped", async () => {
  // deno-lint-ignore no-sparse-arrays
  const sparse = [1, , 3, 4];
  const isOdd = (x: number) => x % 2 === 1;
  const cases: [string, AnyFn, ...unknown[]][] = [
    ["forEach", (x: number) => x],
    ["map", (x: number) => x * 10],
    ["filter", isOdd],
    ["flatMap", (x: number) => [x, x]],
    ["find", (x: number | undefined) => x === 3],
    ["findIndex", (x: number | undefined) => x === 3],
    ["findLast", isOdd],
    ["findLastIndex", isOdd],
    ["some", (x: number) => x > 3],
    ["every", (x: number) => x > 0],
    ["reduce", (a: number, x: number) => a + x],
    ["reduce", (a: number, x: number) => a + x, 100],
    ["reduceRight", (a: string, x: number) => a + x],
    ["reduceRight", (a: string, x: number) => a + x, ""],
  ];
  for (const [method, callback, ...rest] of cases) {
    for (const receiver of [sparse, [2, 4], [] as number[]]) {
      const { builtin, ours, calls, asyncCalls } = await both(receiver, method, callback, ...rest);
      assert.deepEqual(ours, builtin, `${method} on ${JSON.stringify(receiver)}`);
      assert.deepEqual(asyncCalls, calls, `${method}'s callback arguments on ${JSON.stringify(receiver)}`);
    }
  }
  assert.deepEqual(
    EACH_METHODS.filter((m) => m !== "each").sort(), // `each` is k6/html's (see test/k6/html_test.ts)
    [...new Set(cases.map((c) => c[0]))].sort(),
    "every array method is covered",
  );
});

Deno.test("eachAsync() passes thisArg, and handles typed arrays, Maps and Sets as their built-ins do", async () => {
  const self = { name: "this" };
  const { builtin, ours, calls, asyncCalls } = await both([1, 2], "map", (x: number) => x + 1, self);
  assert.deepEqual(ours, builtin);
  assert.deepEqual(asyncCalls, calls);
  assert.equal(calls[0]![0], self);

  const typed = await both(new Int16Array([1, -2, 3]), "map", (x: number) => x * 2);
  assert.ok(typed.ours instanceof Int16Array, "a typed array's map gives its own kind");
  assert.deepEqual(typed.ours, typed.builtin);
  const filtered = await both(new Float64Array([1.5, -2, 3]), "filter", (x: number) => x > 0);
  assert.ok(filtered.ours instanceof Float64Array);
  assert.deepEqual(filtered.ours, filtered.builtin);

  const map = new Map([["a", 1], ["b", 2]]);
  const fromMap = await both(map, "forEach", (v: number) => v);
  assert.deepEqual(fromMap.asyncCalls, fromMap.calls, "value, key — as Map.prototype.forEach");
  const set = new Set(["x", "y"]);
  const fromSet = await both(set, "forEach", (v: string) => v);
  assert.deepEqual(fromSet.asyncCalls, fromSet.calls, "value, value — as Set.prototype.forEach");
});

Deno.test("eachAsync() throws what the built-in throws", async () => {
  for (
    const [receiver, method, callback] of [
      [[], "reduce", (a: number) => a],
      [[1], "map", "not a function"],
      [new Map(), "forEach", 42],
    ] as [unknown, string, unknown][]
  ) {
    let builtin = "";
    try {
      (receiver as Record<string, AnyFn>)[method]!.call(receiver, callback);
    } catch (error) {
      builtin = (error as Error).constructor.name;
    }
    await assert.rejects(eachAsync(receiver, method, callback), (error: Error) => {
      assert.equal(error.constructor.name, builtin);
      return true;
    });
  }
  await assert.rejects(eachAsync(undefined, "forEach", () => {}), TypeError);
  await assert.rejects(eachAsync({}, "forEach", () => {}), /forEach is not a function/);
});

Deno.test("eachAsync() runs the callbacks strictly in turn, each awaited before the next starts", async () => {
  const events: string[] = [];
  const result = await eachAsync([30, 1, 10], "map", async (ms: number) => {
    events.push(`start ${ms}`);
    await new Promise((resolve) => setTimeout(resolve, ms));
    events.push(`end ${ms}`);
    return ms;
  });
  assert.deepEqual(result, [30, 1, 10]);
  assert.deepEqual(events, ["start 30", "end 30", "start 1", "end 1", "start 10", "end 10"]);
  // find stops at the first match: later callbacks never run.
  const seen: number[] = [];
  const found = await eachAsync([1, 2, 3], "find", async (x: number) => {
    seen.push(x);
    await tick();
    return x === 2;
  });
  assert.equal(found, 2);
  assert.deepEqual(seen, [1, 2]);
});

Deno.test("eachAsync() calls a method of the script's own and awaits what it returns", async () => {
  const list = {
    items: [1, 2],
    async forEach(fn: (x: number) => Promise<void>) {
      for (const item of this.items) await fn(item);
      return "done";
    },
  };
  const seen: number[] = [];
  assert.equal(await eachAsync(list, "forEach", (x: number) => Promise.resolve(void seen.push(x))), "done");
  assert.deepEqual(seen, [1, 2]);
});

Deno.test("eachAsync() flatMap flattens one level with holes skipped and no limit on length; subclasses keep their class", async () => {
  // deno-lint-ignore no-sparse-arrays
  const holey = await both([1], "flatMap", () => [, 2]);
  assert.deepEqual(holey.ours, holey.builtin);
  const big = new Array(200_000).fill(0);
  const flat = (await eachAsync([1], "flatMap", () => big)) as unknown[];
  assert.equal(flat.length, 200_000, "a spread would overflow the stack here");

  class Tagged extends Array<number> {}
  const tagged = Tagged.from([1, 2, 3]) as Tagged;
  for (const method of ["map", "filter", "flatMap"]) {
    const { builtin, ours } = await both(tagged, method, (x: number) => x > 1);
    assert.ok(ours instanceof Tagged, `${method} gives a Tagged, as the built-in does`);
    assert.deepEqual([...(ours as number[])], [...(builtin as number[])]);
  }
});
