/**
 * gjsonGet against gjson's own documentation. Expected values are quoted from tidwall/gjson's SYNTAX.md
 * and README.md (the copies vendored in grafana/k6 under vendor/github.com/tidwall/gjson/, i.e. what
 * k6's `Response.json(selector)` runs), from the doc comments of gjson.go's modifiers, and from
 * gjson_test.go; edge cases follow gjson.go's code, each named for the rule it pins.
 */
import assert from "assert";
import { gjsonGet } from "../../src/k6/gjson.ts";

/** SYNTAX.md, "Example": the document every SYNTAX.md path is evaluated on. */
const SYNTAX_DOC = `{
  "name": {"first": "Tom", "last": "Anderson"},
  "age":37,
  "children": ["Sara","Alex","Jack"],
  "fav.movie": "Deer Hunter",
  "friends": [
    {"first": "Dale", "last": "Murphy", "age": 44, "nets": ["ig", "fb", "tw"]},
    {"first": "Roger", "last": "Craig", "age": 68, "nets": ["fb", "tw"]},
    {"first": "Jane", "last": "Murphy", "age": 47, "nets": ["ig", "tw"]}
  ]
}`;
const doc = (): unknown => JSON.parse(SYNTAX_DOC);

// SYNTAX.md prints friends without their "nets" (the field was added to the document later); gjson
// returns the element as it is, nets included.
const DALE = { first: "Dale", last: "Murphy", age: 44, nets: ["ig", "fb", "tw"] };
const ROGER = { first: "Roger", last: "Craig", age: 68, nets: ["fb", "tw"] };
const JANE = { first: "Jane", last: "Murphy", age: 47, nets: ["ig", "tw"] };

function check(json: unknown, cases: ReadonlyArray<readonly [string, unknown]>): void {
  for (const [path, expected] of cases) assert.deepEqual(gjsonGet(json, path), expected, path);
}

Deno.test("gjsonGet() gives SYNTAX.md's Basic, Wildcards, Escape character and Arrays results", () => {
  check(doc(), [
    // Basic
    ["name.last", "Anderson"],
    ["name.first", "Tom"],
    ["age", 37],
    ["children", ["Sara", "Alex", "Jack"]],
    ["children.0", "Sara"],
    ["children.1", "Alex"],
    ["friends.1", ROGER],
    ["friends.1.first", "Roger"],
    // Wildcards
    ["child*.2", "Jack"],
    ["c?ildren.0", "Sara"],
    // Escape character
    ["fav\\.movie", "Deer Hunter"],
    // Arrays
    ["friends.#", 3],
    ["friends.#.age", [44, 68, 47]],
  ]);
});

Deno.test("gjsonGet() gives SYNTAX.md's Queries results, nested queries and the old #[...] form", () => {
  check(doc(), [
    ['friends.#(last=="Murphy").first', "Dale"],
    ['friends.#(last=="Murphy")#.first', ["Dale", "Jane"]],
    ["friends.#(age>45)#.last", ["Craig", "Murphy"]],
    ['friends.#(first%"D*").last', "Murphy"],
    ['friends.#(first!%"D*").last', "Craig"],
    ['children.#(!%"*a*")', "Alex"],
    ['children.#(%"*a*")#', ["Sara", "Jack"]],
    ['friends.#(nets.#(=="fb"))#.first', ["Dale", "Roger"]],
    // "For backwards compatibility, #[...] will continue to work"; README.md before v1.3.0 used it.
    ['friends.#[last=="Murphy"].first', "Dale"],
    ['friends.#[last=="Murphy"]#.first', ["Dale", "Jane"]],
    ["friends.#[age>45]#.last", ["Craig", "Murphy"]],
  ]);
});

Deno.test("gjsonGet() gives SYNTAX.md's tilde results: ~true ~false ~null ~* convert before comparing", () => {
  const vals = JSON.parse(`{
    "vals": [
      { "a": 1, "b": "data" },
      { "a": 2, "b": true },
      { "a": 3, "b": false },
      { "a": 4, "b": "0" },
      { "a": 5, "b": 0 },
      { "a": 6, "b": "1" },
      { "a": 7, "b": 1 },
      { "a": 8, "b": "true" },
      { "a": 9, "b": false },
      { "a": 10, "b": null },
      { "a": 11 }
    ]
  }`);
  check(vals, [
    ["vals.#(b==~true)#.a", [2, 6, 7, 8]],
    ["vals.#(b==~false)#.a", [3, 4, 5, 9, 10, 11]],
    ["vals.#(b==~null)#.a", [10, 11]],
    ["vals.#(b==~*)#.a", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ["vals.#(b!=~*)#.a", [11]],
    // Not in SYNTAX.md: an unknown conversion matches nothing; `== null` never matches a null (gjson
    // compares only strings, numbers and booleans) but does match 0, since "null" reads as the number 0.
    ["vals.#(b==~maybe)#.a", []],
    ["vals.#(b==null)#.a", [5]],
    ["vals.#(b)#.a", [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
  ]);
});

Deno.test("gjsonGet() gives SYNTAX.md's Dot vs Pipe results: | after # applies to the array, . to each element", () => {
  check(doc(), [
    ["friends.0.first", "Dale"],
    ["friends|0.first", "Dale"],
    ["friends.0|first", "Dale"],
    ["friends|0|first", "Dale"],
    ["friends|#", 3],
    ["friends.#", 3],
    ['friends.#(last="Murphy")#', [DALE, JANE]],
    ['friends.#(last="Murphy")#.first', ["Dale", "Jane"]],
    ['friends.#(last="Murphy")#|first', undefined],
    ['friends.#(last="Murphy")#.0', []],
    ['friends.#(last="Murphy")#|0', DALE],
    ['friends.#(last="Murphy")#.#', []],
    ['friends.#(last="Murphy")#|#', 2],
    // The same split after `#.`: `.1` indexes each name (strings have none), `|1` the names.
    ["friends.#.first.1", []],
    ["friends.#.first|1", "Roger"],
  ]);
});

Deno.test("gjsonGet() gives SYNTAX.md's and README.md's modifier results", () => {
  check(doc(), [
    ["children.@reverse", ["Jack", "Alex", "Sara"]],
    ["children.@reverse.0", "Jack"],
    ["children|@reverse", ["Jack", "Alex", "Sara"]],
    ["children|@reverse|0", "Jack"],
    // Custom modifiers (`@case` is SYNTAX.md's example of gjson.AddModifier) do not exist in k6 either:
    // an unknown @name is a key, which an array has not.
    ["children|@case:upper", undefined],
  ]);
  // `@pretty:{"sortKeys":true}` "makes the json pretty and orders all of its keys".
  const sorted = gjsonGet(doc(), '@pretty:{"sortKeys":true}') as Record<string, unknown>;
  assert.deepEqual(Object.keys(sorted), ["age", "children", "fav.movie", "friends", "name"]);
  assert.deepEqual(Object.keys((sorted.friends as object[])[0]!), ["age", "first", "last", "nets"]);
  assert.deepEqual(sorted, doc());
});

Deno.test("gjsonGet() gives SYNTAX.md's Multipaths and Literals results, keys named as gjson names them", () => {
  const murphys = gjsonGet(doc(), '{name.first,age,"the_murphys":friends.#(last="Murphy")#.first}');
  assert.deepEqual(murphys, { first: "Tom", age: 37, the_murphys: ["Dale", "Jane"] });
  assert.deepEqual(Object.keys(murphys as object), ["first", "age", "the_murphys"]);
  const literals = gjsonGet(doc(), '{name.first,age,"company":!"Happysoft","employed":!true}');
  assert.deepEqual(literals, { first: "Tom", age: 37, company: "Happysoft", employed: true });
  assert.deepEqual(Object.keys(literals as object), ["first", "age", "company", "employed"]);
  check(doc(), [
    ["[name.first,age]", ["Tom", 37]],
    // "If a name cannot be determined, then "_" is used"; an unquoted name is taken as written.
    ["{friends.#}", { _: 3 }],
    ["{years:age,friends.#(age>60).first}", { years: 37, first: "Roger" }],
    // A member that does not exist is left out; the first of two equal names wins (gjson's Value()).
    ["{age,nope,name.nope}", { age: 37 }],
    ["{name.first,friends.0.first}", { first: "Tom" }],
    ["[age,nope]", [37]],
    // A path may continue after the multipath, and a multipath may follow a dot.
    ["{name.first,age}.age", 37],
    ["[name.first,age]|1", 37],
    ["name.{last}", { last: "Anderson" }],
    ['friends.#(last=="Murphy")#.{first,age}', [{ first: "Dale", age: 44 }, { first: "Jane", age: 47 }]],
    ["friends.#.[first,age]", [["Dale", 44], ["Roger", 68], ["Jane", 47]]],
    // Literals stand alone too.
    ["!true", true],
    ["!null", null],
    ["!-12.5", -12.5],
    ['!"text"', "text"],
    ['!{"a":[1,2]}.a.1', 2],
    ["!maybe", undefined],
  ]);
});

Deno.test("gjsonGet() gives README.md's Path Syntax and query results", () => {
  check(doc(), [
    ["name.last", "Anderson"],
    ["age", 37],
    ["children", ["Sara", "Alex", "Jack"]],
    ["children.#", 3],
    ["children.1", "Alex"],
    ["child*.2", "Jack"],
    ["c?ildren.0", "Sara"],
    ["fav\\.movie", "Deer Hunter"],
    ["friends.#.first", ["Dale", "Roger", "Jane"]],
    ["friends.1.last", "Craig"],
    ['friends.#(last=="Murphy").first', "Dale"],
    ['friends.#(last=="Murphy")#.first', ["Dale", "Jane"]],
    ["friends.#(age>45)#.last", ["Craig", "Murphy"]],
    ['friends.#(first%"D*").last', "Murphy"],
    ['friends.#(first!%"D*").last', "Craig"],
    ['friends.#(nets.#(=="fb"))#.first', ["Dale", "Roger"]],
  ]);
  // README.md, "Get nested array values": `programmers.#.lastName` and a query inside the array.
  const programmers = {
    programmers: [
      { firstName: "Janet", lastName: "McLaughlin" },
      { firstName: "Elliotte", lastName: "Hunter" },
      { firstName: "Jason", lastName: "Harold" },
    ],
  };
  check(programmers, [
    ["programmers.#.lastName", ["McLaughlin", "Hunter", "Harold"]],
    ['programmers.#(lastName="Hunter").firstName', "Elliotte"],
  ]);
});

Deno.test("gjsonGet() gives the results of gjson.go's modifier doc comments", () => {
  check([1, [2], [3, 4], [5, [6, 7]]], [
    ["@flatten", [1, 2, 3, 4, 5, [6, 7]]],
    ['@flatten:{"deep":true}', [1, 2, 3, 4, 5, 6, 7]],
    ['@flatten:{"deep":false}', [1, 2, 3, 4, 5, [6, 7]]],
  ]);
  check({ first: "Tom", last: "Smith" }, [["@keys", ["first", "last"]], ["@values", ["Tom", "Smith"]]]);
  check({ id: 1023, name: "alert" }, [["@tostr", '{"id":1023,"name":"alert"}']]);
  check('{"id":1023,"name":"alert"}', [["@fromstr", { id: 1023, name: "alert" }]]);
  const joined = gjsonGet([{ first: "Tom", age: 37 }, { age: 41 }], "@join");
  assert.deepEqual(joined, { first: "Tom", age: 41 });
  assert.deepEqual(Object.keys(joined as object), ["first", "age"]);
  // With preserve gjson writes {"first":"Tom","age":37,"age":41}; reading it back keeps the first age.
  assert.deepEqual(gjsonGet([{ first: "Tom", age: 37 }, { age: 41 }], '@join:{"preserve":true}'), {
    first: "Tom",
    age: 37,
  });
});

Deno.test("gjsonGet() modifiers: @this, @reverse of an object, @group, @dig, and what they do to nothing", () => {
  const d = doc();
  check(d, [
    ["@this", d],
    ["@this.name.first", "Tom"],
    ["name|@reverse", { last: "Anderson", first: "Tom" }],
    ["@ugly", d],
    ["@valid", d],
    ["@pretty", d],
    ["friends.#.@reverse.first", ["Dale", "Roger", "Jane"]],
    ["name.@values", ["Tom", "Anderson"]],
    ["children|@keys", [null, null, null]],
    ["children|@values", ["Sara", "Alex", "Jack"]],
    ["age|@keys", [null]],
    ["age|@values", [37]],
    ["age|@tostr", "37"],
    ["children.0|@tostr", '"Sara"'],
    ["age|@fromstr", 37],
    ["@dig:first", ["Tom", "Dale", "Roger", "Jane"]],
    ["@dig:nets.1", ["fb", "tw", "tw"]],
    // The pipe runs on nothing when its key was not found; most modifiers keep nothing, a few do not.
    ["nope|@reverse", undefined],
    ["nope|@this", undefined],
    ["nope|@keys", []],
    ["nope|@values", []],
    ["nope|@tostr", ""],
    ["nope|!true", true],
    // ...but not when the path died before reaching the pipe's component.
    ["nope.deeper|@keys", undefined],
  ]);
  assert.deepEqual(Object.keys(gjsonGet(d, "name|@reverse") as object), ["last", "first"]);
  check({ id: ["123", "456", "789"], val: [2, 1], note: "not an array" }, [
    ["@group", [{ id: "123", val: 2 }, { id: "456", val: 1 }, { id: "789" }]],
  ]);
  check([1, 2], [["@group", undefined]]);
  check({ a: { secret: 1, b: { secret: 2 } }, c: [{ secret: 3 }] }, [["@dig:secret", [1, 2, 3]]]);
  // @fromstr reads text as gjson's Parse does: leniently for scalars, nothing for what is no value.
  check({ s: '"quoted"', t: "tru", n: "12", bad: "abc", nul: null }, [
    ["s|@fromstr", "quoted"],
    ["t|@fromstr", true],
    ["n|@fromstr", 12],
    ["bad|@fromstr", undefined],
    ["nul|@fromstr", undefined],
  ]);
  // A modifier never changes its input.
  const input = { list: [3, 2, 1] };
  gjsonGet(input, "list|@reverse");
  assert.deepEqual(input, { list: [3, 2, 1] });
});

Deno.test("gjsonGet() queries compare strings as text and numbers as numbers, as gjson does", () => {
  const mixed = { v: ["10", 9, "9", true, false, null, { x: 1 }] };
  check(mixed, [
    // "10" > "5" is false as text; 9 > 5 as numbers; "9" > "5" as text.
    ['v.#(>"5")#', [9, "9"]],
    ["v.#(>5)#", [9, "9"]],
    // A number compares with the right side read as a number, so quotes do not matter.
    ['v.#(=="9")#', [9, "9"]],
    ["v.#(==9)#", [9, "9"]],
    // For a number, a right side that is not a number reads as 0; for a string it is text.
    ["v.#(>abc)#", [9]],
    // Booleans: == and != against true/false, and true > false; the others see the text or 0.
    ["v.#(==true)#", [true]],
    ["v.#(!=true)#", ["10", 9, "9", false]],
    ["v.#(>false)#", [9, true]],
    ["v.#(<true)#", ["10", "9", false]],
    // Existence only (no operator) also matches null and objects.
    ["v.#()#", ["10", 9, "9", true, false, null]],
    ["v.#(x)#", [{ x: 1 }]],
    ["v.#(x==1)#", [{ x: 1 }]],
    // Text order is Go's byte order: "a" < "b" < "ä" < "😀".
    ['v.#(<"b")#', ["10", "9"]],
  ]);
  check({ w: ["a", "b", "ä", "😀", "\uffff"] }, [
    ['w.#(<"b")#', ["a"]],
    ['w.#(>"ä")#', ["😀", "\uffff"]],
    ['w.#(>"\uffff")#', ["😀"]],
  ]);
  const people = { people: [{ n: "a", age: 30 }, { n: "b", age: "30" }, { n: "c" }] };
  check(people, [
    ["people.#(age==30)#.n", ["a", "b"]],
    ['people.#(age=="30")#.n', ["a", "b"]],
    ["people.#(age>=30)#.n", ["a", "b"]],
    ["people.#(age<30)#.n", []],
    ['people.#(age%"3*")#.n', ["b"]],
    // % and !% apply to strings only: a number matches neither.
    ['people.#(age!%"3*")#.n', []],
    ["people.#(age!=30)#.n", []],
  ]);
});

Deno.test("gjsonGet() query details: first match wins even if the rest misses, spaces, escapes, patterns", () => {
  check({ list: [{ k: 1 }, { k: 1, v: 2 }] }, [
    // gjson stops at the first element that matches; what follows is looked up there only.
    ["list.#(k==1).v", undefined],
    ["list.#(k==1)#.v", [2]],
    ["list.#(k==2)", undefined],
    ["list.#(k==2)#", []],
    ["list.#( k == 1 )#.k", [1, 1]],
  ]);
  check({ s: ['a"b', "a*b", "axb", "a.b"] }, [
    ['s.#(=="a\\"b")', 'a"b'],
    // An escaped * is a literal one; inside quotes the text is unescaped first, where gjson's unescape
    // stops at \* (leaving the pattern "a"), so a quoted pattern needs \\*.
    ["s.#(%a\\*b)#", ["a*b"]],
    ['s.#(%"a\\\\*b")#', ["a*b"]],
    ['s.#(%"a\\*b")#', []],
    ['s.#(%"a?b")#', ['a"b', "a*b", "axb", "a.b"]],
    ['s.#(=="a.b")', "a.b"],
    ["s.#(==a.b)", "a.b"],
  ]);
  // A query path may itself hold a query, a modifier or a multipath.
  const nested = { a: [{ b: [{ c: 1 }, { c: 2 }] }, { b: [{ c: 3 }] }] };
  check(nested, [
    ["a.#(b.#(c==3)).b.0.c", 3],
    ["a.#(b.#>1)#.b.#.c", [[1, 2]]],
    ["a.#(b|@reverse|0.c==1)#.b.0.c", []],
    ["a.#(b|@reverse|0.c==2)#.b.0.c", [1]],
  ]);
});

Deno.test("gjsonGet() # nests: #.#, #.#.x, a count per element, and # on an object is a key", () => {
  const nested = { a: [{ b: [{ x: 1 }, { x: 2 }] }, { b: [{ x: 3 }] }, { c: 0 }] };
  check(nested, [
    ["a.#", 3],
    ["a.#.b.#", [2, 1]],
    ["a.#.b.#.x", [[1, 2], [3]]],
    ["a.#.b.#.x|@flatten", [1, 2, 3]],
    ["a.#.b.@flatten.#.x", [[1, 2], [3]]],
    ["a.#.b|@flatten|#.x", [1, 2, 3]],
    ["a.#.c", [0]],
    ["a.#.nope", []],
    ["a.1.b.0", { x: 3 }],
    ["a.7", undefined],
    ["a.-1", undefined],
    ["a.x", undefined],
    ["a.*", undefined],
  ]);
  check([[1, 2], [3]], [["#.#", [2, 1]], ["#", 2], ["0.1", 2], ["#.0", [1, 3]]]);
  check({ "#": "hash", o: { a: 1 } }, [["#", "hash"], ["o.#", undefined]]);
});

Deno.test("gjsonGet() wildcards and escapes match as gjson_test.go's TestEscapePath and TestUnicode expect", () => {
  // gjson_test.go, TestEscapePath
  const escapes = {
    test: {
      "*": "valZ",
      "*v": "val0",
      "keyv*": "val1",
      "key*v": "val2",
      "keyv?": "val3",
      "key?v": "val4",
      "keyv.": "val5",
      "key.v": "val6",
      "keyk*": { "key?": "val7" },
    },
  };
  check(escapes, [
    ["test.\\*", "valZ"],
    ["test.\\*v", "val0"],
    ["test.keyv\\*", "val1"],
    ["test.key\\*v", "val2"],
    ["test.keyv\\?", "val3"],
    ["test.key\\?v", "val4"],
    ["test.keyv\\.", "val5"],
    ["test.key\\.v", "val6"],
    ["test.keyk\\*.key\\?", "val7"],
  ]);
  // gjson_test.go, TestUnicode: `?` is one character, not one byte.
  const unicode = JSON.parse('{"key":0,"的情况下解":{"key":1,"的情况":2}}');
  check(unicode, [
    ["的情况下解.key", 1],
    ["的情况下解.的情况", 2],
    ["的情况下解.的?况", 2],
    ["的情况下解.的?*", 2],
    ["的情况下解.*?况", 2],
    ["的情?下解.*?况", 2],
    ["的情下解.*?况", undefined],
  ]);
  // A wildcard tries every matching key until the rest of the path is found.
  check({ a1: { x: 1 }, a2: { y: 2 }, b: { y: 3 } }, [["a*.y", 2], ["*.y", 2], ["*", { x: 1 }], ["?2.y", 2]]);
});

Deno.test("gjsonGet() follows gjson_test.go's TestBasic queries on a well-formed loggy document", () => {
  const loggy = {
    loggy: {
      programmers: [
        { firstName: "Brett", lastName: "McLaughlin", email: "aaaa", tag: "good" },
        { firstName: "Jason", lastName: "Hunter", email: "bbbb", tag: "bad" },
        { firstName: "Elliotte", lastName: "Harold", email: "cccc", tag: "good" },
        { firstName: 1002.3, age: 101 },
      ],
    },
  };
  check(loggy, [
    ['loggy.programmers.#[tag="good"].firstName', "Brett"],
    ['loggy.programmers.#[tag="good"]#.firstName', ["Brett", "Elliotte"]],
    ["loggy.programmers.#[age=101].firstName", 1002.3],
    ['loggy.programmers.#[firstName != "Brett"].firstName', "Jason"],
    ['loggy.programmers.#[firstName % "Bre*"].email', "aaaa"],
    ['loggy.programmers.#[firstName == "Brett"].email', "aaaa"],
    ["loggy.programmers.#.firstName", ["Brett", "Jason", "Elliotte", 1002.3]],
    ["loggy.programmers.#.asd", []],
  ]);
});

Deno.test("gjsonGet() edges: nothing, null, scalars at the root, empty paths, JSON Lines, __proto__ keys", () => {
  check({ a: null, "": "empty key" }, [
    ["a", null],
    ["a.b", undefined],
    ["", "empty key"],
    ["a|", undefined],
  ]);
  check({ a: 1 }, [["", undefined], ["@", undefined], ["@nope", undefined]]);
  check({ "@nope": 1, "!x": 2 }, [["@nope", 1], ["!x", 2]]);
  check(5, [["a", undefined], ["0", undefined], ["#", undefined], ["@this", 5], ["@tostr", "5"]]);
  check("text", [["@this", "text"], ["@reverse", "text"], ["@keys", [null]]]);
  check(undefined, [["a", undefined], ["@this", undefined], ["@keys", []], ["!true", true]]);
  // `..` reads the document as JSON Lines; a parsed value is a stream of one line.
  check(doc(), [["..#", 1], ["..0.age", 37], ["..#.name.first", ["Tom"]], [
    "..#(age==37).name.last",
    "Anderson",
  ]]);
  // A key named __proto__ in a built object is data, not the object's prototype.
  const built = gjsonGet({ a: 1 }, '{"__proto__":a}') as Record<string, unknown>;
  assert.ok(Object.hasOwn(built, "__proto__"));
  assert.equal(Object.getPrototypeOf(built), Object.prototype);
  assert.deepEqual(gjsonGet(JSON.parse('{"__proto__":{"x":1}}'), "__proto__.x"), 1);
});
