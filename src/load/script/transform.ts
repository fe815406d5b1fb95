/**
 * Makes a k6 script runnable on Deno's event loop. k6 runs each VU on its own goroutine, so
 * `http.get()` and `sleep()` block; here many VUs share one thread, so they must yield instead. The
 * transform finds every function that can reach a blocking k6 call (directly, through local helpers or
 * through imported local modules), makes it `async`, and awaits those calls. Types are stripped in the
 * same pass, so TypeScript scenarios run too. The script's own code is otherwise untouched.
 *
 * Callbacks: a built-in cannot await one, so `urls.forEach((u) => http.get(u))` becomes
 * `await __vigil_each(urls, "forEach", async (u) => await http.get(u))`, which runs them in turn as k6
 * does (see k6/each_async.ts), and a function of this module that calls its parameter becomes async when
 * every call passes it an async function (`retry(() => http.get(u))`, also recursively). Known limits (in
 * the README): methods, other modules' functions and helpers also given plain functions are not followed;
 * the engine then waits for the requests left running when the iteration ends, and says so. A blocking
 * call where no await can go (a constructor, a getter) is refused with its place.
 *
 * @module
 */
import ts from "typescript";
import { ScriptError } from "./script_error.ts";
import { toFileUrl } from "./paths.ts";
import { EACH_METHODS } from "../../k6/each_async.ts";

/** k6/http functions that perform a request (and so block in k6). */
const HTTP_BLOCKING = new Set(["request", "get", "post", "put", "patch", "del", "head", "options", "batch"]);
/** k6 functions that block or run a callback that may. */
const K6_BLOCKING = new Set(["sleep", "group"]);
/**
 * Methods of k6's Response that make a request (`res.submitForm()`, `res.clickLink()`), awaited on any
 * receiver: by name, as the rest of the analysis goes (`res.json()` and `res.html()` do not block).
 */
const RESPONSE_BLOCKING = new Set(["submitForm", "clickLink"]);

/** How the transform resolves and rewrites import specifiers. */
export interface TransformOptions {
  /** Name of the file, for messages and to tell TypeScript from JavaScript. */
  fileName: string;
  /** Returns the specifier to emit for an import; throws (with a clear message) to refuse one. */
  resolveImport(specifier: string): string;
  /**
   * Where k6's per-VU globals `__VU`, `__ITER` and `__ENV` come from: a module that reads them (and does not
   * declare them itself) imports them from here, and so does one whose callbacks go through
   * `__vigil_each`. Without it they stay plain global names.
   */
  vuGlobals?: string;
  /**
   * Whether this is the script itself, whose exports the engine calls (default, setup, teardown,
   * scenario `exec`) and awaits: they become async. A local module's exports become async only when
   * they reach a blocking call, or a function that returns a boolean would hand a check a promise.
   */
  entry?: boolean;
  /**
   * What the transform of each local module this one imports found async, by import specifier as
   * written (see `TransformResult.asyncNames`). A local import missing here is assumed async throughout.
   */
  localAsync?: Record<string, string[]>;
}

/** The name the rewritten callback calls use (exported by the `vuGlobals` module). */
const EACH_HELPER = "__vigil_each";

/**
 * k6's per-VU globals (`__ENV` is per VU because a scenario may add its own `env`), and k6's timers, which
 * are the VU's own so that its iteration can wait for them.
 */
const VU_GLOBALS = ["__VU", "__ITER", "__ENV", "setTimeout", "clearTimeout", "setInterval", "clearInterval"];

/** The runnable JavaScript and the import specifiers (as written) that name local modules. */
export interface TransformResult {
  code: string;
  localImports: string[];
  /**
   * Names of the functions and methods this module made async (by name, as the analysis goes), with
   * `default` when its default export is one: what a module importing it must await.
   */
  asyncNames: string[];
}

export { ScriptError };

function isLocal(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier.startsWith("/") ||
    specifier.startsWith("file:");
}

/** Bindings from imports that matter to the analysis. */
interface Bindings {
  /** Namespace/default names of k6/http (`http` in `http.get`). */
  httpNamespaces: Set<string>;
  /** Names bound to a blocking function directly (`get`, `sleep`, `group`). */
  blockingNames: Set<string>;
  /** Namespace/default names of k6 (`k6` in `k6.sleep`). */
  k6Namespaces: Set<string>;
  /** Names imported from local modules whose async-ness is not known: assumed async. */
  localNames: Set<string>;
  /** Namespace import names of local modules with known async members, and those members. */
  localNamespaces: Map<string, Set<string>>;
  /**
   * Imported classes and objects (by local name) and their async methods, from the exporting module's
   * `Owner.method` names: `new Api(u).health()`, `api.health()`. Only these receivers, never a method
   * name alone: `Map.prototype.get` must not be awaited because an imported class has an async `get`.
   */
  importedMembers: Map<string, Set<string>>;
  /** Variables holding `new Owner(...)` of an imported owner above, to the owner's local name. */
  instances: Map<string, string>;
  /**
   * Every async method name the imported modules report, whoever owns it: a call `x.m()` whose receiver
   * the analysis cannot name (`lib.api.login()`, a factory's result, a subclass) is awaited when `m` is one.
   */
  importedMethodNames: Set<string>;
  /** Variables that plainly hold a built-in or a literal (`new Map()`, `[]`): never an imported object. */
  plainValues: Set<string>;
}

function collectBindings(file: ts.SourceFile, localAsync: Record<string, string[]> | undefined): Bindings {
  const bindings: Bindings = {
    httpNamespaces: new Set(),
    blockingNames: new Set(),
    k6Namespaces: new Set(),
    localNames: new Set(),
    localNamespaces: new Map(),
    importedMembers: new Map(),
    instances: new Map(),
    importedMethodNames: new Set(),
    plainValues: new Set(),
  };
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const from = statement.moduleSpecifier.text;
    const clause = statement.importClause;
    if (clause === undefined || clause.isTypeOnly) continue;
    const named = clause.namedBindings;
    const names: { imported: string; local: string }[] = [];
    const namespaces: string[] = [];
    if (clause.name) namespaces.push(clause.name.text);
    if (named && ts.isNamespaceImport(named)) namespaces.push(named.name.text);
    if (named && ts.isNamedImports(named)) {
      for (const element of named.elements) {
        if (!element.isTypeOnly) {
          names.push({ imported: (element.propertyName ?? element.name).text, local: element.name.text });
        }
      }
    }
    if (from === "k6/http") {
      namespaces.forEach((name) => bindings.httpNamespaces.add(name));
      for (const { imported, local } of names) {
        if (HTTP_BLOCKING.has(imported)) bindings.blockingNames.add(local);
      }
    } else if (from === "k6") {
      namespaces.forEach((name) => bindings.k6Namespaces.add(name));
      for (const { imported, local } of names) {
        if (K6_BLOCKING.has(imported)) bindings.blockingNames.add(local);
      }
    } else if (isLocal(from)) {
      const known = localAsync?.[from];
      if (known === undefined) {
        namespaces.forEach((name) => bindings.localNames.add(name));
        names.forEach(({ local }) => bindings.localNames.add(local));
        continue;
      }
      const asyncSet = new Set(known);
      for (const name of known) {
        const dot = name.lastIndexOf(".");
        if (dot !== -1) bindings.importedMethodNames.add(name.slice(dot + 1));
      }
      const membersOf = (owner: string) => {
        const members = new Set<string>();
        for (const name of known) if (name.startsWith(`${owner}.`)) members.add(name.slice(owner.length + 1));
        return members;
      };
      const bind = (imported: string, local: string) => {
        if (asyncSet.has(imported)) bindings.blockingNames.add(local);
        const members = membersOf(imported);
        if (members.size > 0) bindings.importedMembers.set(local, members);
      };
      for (const { imported, local } of names) bind(imported, local);
      // `import lib from` calls `lib()` (the default export) or, for a class or object, `lib.member()`.
      if (clause.name) bind("default", clause.name.text);
      // `import * as lib` calls `lib.fn()`.
      if (named && ts.isNamespaceImport(named)) {
        bindings.localNamespaces.set(named.name.text, new Set(known.filter((name) => !name.includes("."))));
      }
    }
  }
  collectAliases(file, bindings);
  collectInstances(file, bindings);
  return bindings;
}

/** Variables initialised with `new Owner(...)` of an imported class with async methods, anywhere. */
function collectInstances(file: ts.SourceFile, bindings: Bindings): void {
  if (bindings.importedMethodNames.size === 0) return;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer !== undefined) {
      const init = node.initializer;
      if (ts.isNewExpression(init) && ts.isIdentifier(init.expression)) {
        if (bindings.importedMembers.has(init.expression.text)) {
          bindings.instances.set(node.name.text, init.expression.text);
        } else if (BUILTINS.has(init.expression.text)) {
          bindings.plainValues.add(node.name.text);
        }
      } else if (isPlainLiteral(init)) {
        bindings.plainValues.add(node.name.text);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
}

/** Constructors whose instances have no script-defined methods. */
const BUILTINS = new Set([
  "Map",
  "Set",
  "WeakMap",
  "WeakSet",
  "URL",
  "URLSearchParams",
  "Headers",
  "FormData",
  "Array",
  "Date",
  "RegExp",
  "Promise",
  "Object",
  "String",
  "Number",
  "Error",
  "TextEncoder",
  "TextDecoder",
  "ArrayBuffer",
  "Uint8Array",
  "Int32Array",
  "Float64Array",
  "DataView",
]);

function isPlainLiteral(node: ts.Expression): boolean {
  return ts.isArrayLiteralExpression(node) || ts.isStringLiteral(node) || ts.isNumericLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node) ||
    ts.isRegularExpressionLiteral(node);
}

/**
 * Names that alias a blocking function (`const get = http.get`, `const { post } = http`,
 * `const pause = sleep`), anywhere in the file: by name, like the rest of the analysis.
 */
function collectAliases(file: ts.SourceFile, bindings: Bindings): void {
  const blockingMember = (namespace: string, member: string) =>
    (bindings.httpNamespaces.has(namespace) && HTTP_BLOCKING.has(member)) ||
    (bindings.k6Namespaces.has(namespace) && K6_BLOCKING.has(member));
  const isBlockingReference = (node: ts.Expression): boolean => {
    if (ts.isIdentifier(node)) return bindings.blockingNames.has(node.text);
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      return blockingMember(node.expression.text, node.name.text);
    }
    return false;
  };
  // Until nothing changes: an alias of an alias counts too.
  for (let changed = true; changed;) {
    changed = false;
    const visit = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && node.initializer !== undefined) {
        const init = node.initializer;
        if (
          ts.isIdentifier(node.name) && isBlockingReference(init) &&
          !bindings.blockingNames.has(node.name.text)
        ) {
          bindings.blockingNames.add(node.name.text);
          changed = true;
        } else if (ts.isObjectBindingPattern(node.name) && ts.isIdentifier(init)) {
          for (const element of node.name.elements) {
            const property = element.propertyName ?? element.name;
            if (!ts.isIdentifier(property) || !ts.isIdentifier(element.name)) continue;
            if (blockingMember(init.text, property.text) && !bindings.blockingNames.has(element.name.text)) {
              bindings.blockingNames.add(element.name.text);
              changed = true;
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
}

type FunctionNode =
  | ts.FunctionDeclaration
  | ts.FunctionExpression
  | ts.ArrowFunction
  | ts.MethodDeclaration;

function isFunctionNode(node: ts.Node): node is FunctionNode {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node);
}

/** Any function-like node: a blocking call inside one of these belongs to it, not to its parent. */
function isFunctionBoundary(node: ts.Node): boolean {
  return ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node);
}

/** The name a function can be called by, when the analysis can tell. */
function functionName(node: FunctionNode): string | undefined {
  if ((ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) && node.name) return node.name.text;
  if (ts.isMethodDeclaration(node) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))) {
    return node.name.text;
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  // A class field holding a function: `health = () => http.get(...)`.
  if (parent && ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  // A CommonJS export: `exports.ping = function () {…}`, `module.exports.ping = () => …`.
  if (
    parent && ts.isBinaryExpression(parent) && parent.right === node &&
    parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(parent.left)
  ) {
    if (isExportsObject(parent.left.expression)) return parent.left.name.text;
  }
  return undefined;
}

/** Whether a node is `module.exports`. */
function isModuleExports(node: ts.Node): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) &&
    node.expression.text === "module" && node.name.text === "exports";
}

/** Whether a node is a CommonJS module's exports object: `module.exports` or `exports`. */
function isExportsObject(node: ts.Node): boolean {
  return isModuleExports(node) || (ts.isIdentifier(node) && node.text === "exports");
}

/**
 * The names a method's class or object is reached by (`Api` for `class Api { m() {} }`, `api` for
 * `const api = { m() {} }`, plus `default` when it is the default export); undefined for a plain function.
 */
function ownerName(node: FunctionNode): string[] | undefined {
  let holder: ts.Node | undefined;
  if (ts.isMethodDeclaration(node)) holder = node.parent;
  else if (
    node.parent !== undefined &&
    (ts.isPropertyAssignment(node.parent) || ts.isPropertyDeclaration(node.parent))
  ) {
    holder = node.parent.parent;
  }
  if (holder === undefined) return undefined;
  // `module.exports = { ping() {…} }`: a CommonJS module's own functions, as if declared at the top.
  if (
    ts.isObjectLiteralExpression(holder) && holder.parent !== undefined &&
    ts.isBinaryExpression(holder.parent) && isModuleExports(holder.parent.left)
  ) return undefined;
  const owners: string[] = [];
  const defaultModifier = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  if (ts.isClassDeclaration(holder)) {
    if (holder.name) owners.push(holder.name.text);
    if (defaultModifier(holder)) owners.push("default");
  } else if (ts.isClassExpression(holder) || ts.isObjectLiteralExpression(holder)) {
    const parent = holder.parent;
    if (parent !== undefined && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) {
      owners.push(parent.name.text);
    } else if (parent !== undefined && ts.isExportAssignment(parent)) {
      owners.push("default");
    }
  }
  return owners;
}

/**
 * The member names under which the function enclosing `fn` returns it in an object literal
 * (`return { get }`, `return { fetch: get }`, `=> ({ get })`); none for a top-level function.
 */
function returnedAs(fn: FunctionNode, name: string): string[] {
  let outer: ts.Node | undefined = fn.parent;
  while (outer !== undefined && !isFunctionBoundary(outer)) outer = outer.parent;
  if (outer === undefined || !isFunctionNode(outer) || outer.body === undefined) return [];
  const members: string[] = [];
  const fromLiteral = (literal: ts.Expression) => {
    while (ts.isParenthesizedExpression(literal)) literal = literal.expression;
    if (!ts.isObjectLiteralExpression(literal)) return;
    for (const property of literal.properties) {
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) members.push(name);
      else if (
        ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer) &&
        property.initializer.text === name &&
        (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name))
      ) members.push(property.name.text);
    }
  };
  if (!ts.isBlock(outer.body)) {
    fromLiteral(outer.body as ts.Expression);
    return members;
  }
  const visit = (node: ts.Node): void => {
    if (isFunctionBoundary(node)) return; // returns of nested functions are theirs
    if (ts.isReturnStatement(node) && node.expression !== undefined) fromLiteral(node.expression);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(outer.body, visit);
  return members;
}

function isDefaultExport(node: FunctionNode): boolean {
  const defaultModifier = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  return (ts.isFunctionDeclaration(node) && defaultModifier(node)) ||
    (node.parent !== undefined && ts.isExportAssignment(node.parent));
}

function isExported(node: FunctionNode): boolean {
  const exported = (n: ts.Node) =>
    ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (ts.isFunctionDeclaration(node)) return exported(node);
  const parent = node.parent;
  if (parent && ts.isExportAssignment(parent)) return true;
  // export const f = () => {}
  if (parent && ts.isVariableDeclaration(parent)) {
    const statement = parent.parent?.parent;
    return statement !== undefined && ts.isVariableStatement(statement) && exported(statement);
  }
  return false;
}

/**
 * Whether a block, loop head or catch clause declares `name` itself (`const step = …` inside a function
 * whose parameter is also `step`): names resolve to the nearest declaration.
 */
function declaresInScope(node: ts.Node, name: string): boolean {
  const binds = (binding: ts.BindingName): boolean =>
    ts.isIdentifier(binding)
      ? binding.text === name
      : binding.elements.some((e) => !ts.isOmittedExpression(e) && binds(e.name));
  const list = (declarations: ts.VariableDeclarationList) =>
    declarations.declarations.some((d) => binds(d.name));
  if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    return node.statements.some((statement) =>
      (ts.isVariableStatement(statement) && list(statement.declarationList)) ||
      ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) &&
        statement.name?.text === name)
    );
  }
  if (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) {
    const head = node.initializer;
    return head !== undefined && ts.isVariableDeclarationList(head) && list(head);
  }
  if (ts.isCatchClause(node)) {
    return node.variableDeclaration !== undefined && binds(node.variableDeclaration.name);
  }
  return false;
}

/** Decides which calls block and which functions must become async. */
class Analysis {
  readonly asyncFunctions = new Set<FunctionNode>();
  readonly #asyncNames = new Set<string>();
  #exports = new Set<string>();
  readonly #bindings: Bindings;
  readonly #functions: FunctionNode[] = [];
  /** Calls of a plain identifier (`retry(fn)`): where a local function may be handed an async one. */
  readonly #namedCalls: ts.CallExpression[] = [];
  /** This module's plain functions (no class or object) by name. */
  readonly #plainFunctions = new Map<string, FunctionNode[]>();
  /** Parameters (by index) every call hands an async function: calling one must be awaited. */
  readonly #asyncParameters = new Map<FunctionNode, Set<number>>();
  /** Functions the script itself wrote `async`: a built-in given one must get its promises, as in k6. */
  readonly #userAsync = new Set<FunctionNode>();
  /**
   * Plain functions used other than by a direct call (exported, passed as a value, shadowed): who calls
   * them, and with what, is unknown, so their parameters are never taken to be async.
   */
  readonly #escapes = new Set<string>();

  constructor(file: ts.SourceFile, options: TransformOptions) {
    this.#bindings = collectBindings(file, options.localAsync);
    const collect = (node: ts.Node) => {
      if (isFunctionNode(node)) {
        this.#functions.push(node);
        const name = functionName(node);
        if (name !== undefined && ownerName(node) === undefined) {
          const same = this.#plainFunctions.get(name);
          if (same === undefined) this.#plainFunctions.set(name, [node]);
          else same.push(node);
        }
      }
      if (
        isFunctionNode(node) &&
        (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)
      ) {
        this.#userAsync.add(node);
      }
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.arguments.length > 0) {
        this.#namedCalls.push(node);
      }
      ts.forEachChild(node, collect);
    };
    collect(file);
    this.#findEscapes(file);
    // The script's exported functions are entry points (default, setup, teardown, scenario `exec`): the
    // engine awaits them.
    if (options.entry !== false) {
      for (const fn of this.#functions) {
        if (isExported(fn)) this.#markAsync(fn);
      }
    }
    // Fixed point: a function that calls an async one becomes async, and so on up the call graph; a
    // function handed an async one as an argument awaits its calls of that parameter.
    for (let changed = true; changed;) {
      changed = false;
      for (const fn of this.#functions) {
        if (!this.asyncFunctions.has(fn) && fn.body !== undefined && this.#containsBlockingCall(fn.body)) {
          this.#markAsync(fn);
          changed = true;
        }
      }
      if (this.#updateAsyncParameters()) changed = true;
    }
    this.#exports = this.#summarize(file, options);
  }

  /**
   * What importers must await, in the module's own names: async functions by name (`default` for the
   * default export), and async methods qualified by their class or object (`Api.health`), including
   * what the module re-exports or builds (`export const api = new Api()` gives `api.health`).
   */
  #summarize(file: ts.SourceFile, options: TransformOptions): Set<string> {
    const names = new Set<string>();
    for (const fn of this.asyncFunctions) {
      const owner = ownerName(fn);
      const name = functionName(fn);
      if (owner !== undefined && name !== undefined) {
        for (const o of owner) names.add(`${o}.${name}`);
        // Also under no owner: importers await `x.name()` on receivers they cannot name (a factory's
        // object, a subclass instance).
        names.add(`*.${name}`);
      } else if (name !== undefined) {
        names.add(name);
        // A function a factory returns as a member (`return { get }`) is called as `x.get()` by
        // importers: they await that member name on receivers they cannot name.
        for (const member of returnedAs(fn, name)) names.add(`*.${member}`);
      }
      if (isDefaultExport(fn)) names.add("default");
    }
    const copy = (from: string, to: string, source: Iterable<string>) => {
      for (const name of source) {
        if (name === from) names.add(to);
        else if (name.startsWith(`${from}.`)) names.add(`${to}${name.slice(from.length)}`);
      }
    };
    const b = this.#bindings;
    const ownedBy = (owner: string): Set<string> | undefined =>
      b.importedMembers.get(owner) ??
        (() => {
          const local = [...names].filter((n) => n.startsWith(`${owner}.`)).map((n) =>
            n.slice(owner.length + 1)
          );
          return local.length > 0 ? new Set(local) : undefined;
        })();
    const objectMembers = (literal: ts.ObjectLiteralExpression, owner: string) => {
      for (const property of literal.properties) {
        // `{ login, browse }` or `{ login: doLogin }`: a method the importer calls as `owner.login()`.
        const value = ts.isShorthandPropertyAssignment(property)
          ? property.name.text
          : ts.isPropertyAssignment(property) && ts.isIdentifier(property.initializer)
          ? property.initializer.text
          : undefined;
        if (
          value !== undefined && names.has(value) && property.name !== undefined &&
          ts.isIdentifier(property.name)
        ) {
          names.add(`${owner}.${property.name.text}`);
          names.add(`*.${property.name.text}`);
        }
      }
    };
    for (const statement of file.statements) {
      if (ts.isExportAssignment(statement) && ts.isObjectLiteralExpression(statement.expression)) {
        objectMembers(statement.expression, "default");
      } else if (
        ts.isVariableStatement(statement) &&
        statement.declarationList.declarations.some((d) =>
          d.initializer && ts.isObjectLiteralExpression(d.initializer)
        )
      ) {
        for (const d of statement.declarationList.declarations) {
          if (ts.isIdentifier(d.name) && d.initializer && ts.isObjectLiteralExpression(d.initializer)) {
            objectMembers(d.initializer, d.name.text);
          }
        }
      }
    }
    for (const statement of file.statements) {
      if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
        copy(statement.expression.text, "default", [...names]);
      } else if (ts.isExportDeclaration(statement) && statement.exportClause !== undefined) {
        const clause = statement.exportClause;
        const from = statement.moduleSpecifier;
        const known = from !== undefined && ts.isStringLiteral(from) && isLocal(from.text)
          ? options.localAsync?.[from.text]
          : undefined;
        if (ts.isNamespaceExport(clause)) {
          // `export * as ns from "./api.js"`: the importer calls `ns.fn()`.
          for (const name of known ?? []) if (!name.includes(".")) names.add(`${clause.name.text}.${name}`);
        } else {
          for (const element of clause.elements) {
            const original = (element.propertyName ?? element.name).text;
            copy(original, element.name.text, from === undefined ? [...names] : known ?? []);
          }
        }
      } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined) {
        const from = statement.moduleSpecifier;
        if (ts.isStringLiteral(from) && isLocal(from.text)) {
          options.localAsync?.[from.text]?.forEach((n) => names.add(n));
        }
      } else if (ts.isVariableStatement(statement)) {
        // `export const api = new Api()`: the instance's async methods.
        for (const declaration of statement.declarationList.declarations) {
          const init = declaration.initializer;
          if (
            ts.isIdentifier(declaration.name) && init !== undefined && ts.isNewExpression(init) &&
            ts.isIdentifier(init.expression)
          ) {
            const members = ownedBy(init.expression.text);
            members?.forEach((m) => names.add(`${(declaration.name as ts.Identifier).text}.${m}`));
          }
        }
      }
    }
    return names;
  }

  #markAsync(fn: FunctionNode): void {
    this.asyncFunctions.add(fn);
    const name = functionName(fn);
    if (name !== undefined) this.#asyncNames.add(name);
    if (isDefaultExport(fn)) this.#asyncNames.add("default");
  }

  /** What importers of this module must await (see `TransformResult.asyncNames`). */
  get asyncNames(): string[] {
    return [...this.#exports];
  }

  #containsBlockingCall(body: ts.Node): boolean {
    let found = false;
    const visit = (node: ts.Node) => {
      if (found || isFunctionBoundary(node)) return;
      if (ts.isCallExpression(node) && this.isBlocking(node)) {
        found = true;
        return;
      }
      ts.forEachChild(node, visit);
    };
    // The body itself, not only its children: an arrow's body can be the blocking call itself.
    visit(body);
    return found;
  }

  /**
   * Plain functions named anywhere but as the callee of a direct call or in their own declaration (see
   * `#escapes`), and exported ones.
   */
  #findEscapes(file: ts.SourceFile): void {
    for (const [name, nodes] of this.#plainFunctions) if (nodes.some(isExported)) this.#escapes.add(name);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) && this.#plainFunctions.has(node.text)) {
        const parent = node.parent;
        const called = ts.isCallExpression(parent) && parent.expression === node;
        const declared = (ts.isFunctionDeclaration(parent) || ts.isFunctionExpression(parent) ||
          ts.isVariableDeclaration(parent)) && parent.name === node;
        // `{ once: … }`, `x.once`, a method named `once`: a property's name, not the function.
        const propertyName = (ts.isPropertyAssignment(parent) || ts.isPropertyAccessExpression(parent) ||
          ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent) ||
          ts.isGetAccessorDeclaration(parent) || ts.isSetAccessorDeclaration(parent)) && parent.name === node;
        if (!called && !declared && !propertyName) this.#escapes.add(node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }

  /**
   * A parameter of a plain function is awaited when called if every direct call of the function hands it
   * an async function: `retry(() => http.get(u), 3)`. One call handing it a plain function keeps it
   * plain (a helper a check also uses must keep returning values; the engine's wait for stray requests
   * covers the rest). Only grows, so the fixed point ends.
   *
   * @returns whether a parameter was added
   */
  #updateAsyncParameters(): boolean {
    const verdicts = new Map<string, Map<number, boolean>>();
    for (const call of this.#namedCalls) {
      const name = (call.expression as ts.Identifier).text;
      if (!this.#plainFunctions.has(name) || this.#escapes.has(name)) continue;
      let byIndex = verdicts.get(name);
      if (byIndex === undefined) verdicts.set(name, byIndex = new Map());
      const spread = call.arguments.findIndex(ts.isSpreadElement);
      call.arguments.forEach((argument, index) => {
        if (this.#handsOnOwnParameter(name, argument, index)) return; // recursion says nothing
        const isAsync = (spread === -1 || index < spread) && this.#isAsyncFunctionValue(argument);
        byIndex.set(index, (byIndex.get(index) ?? true) && isAsync);
      });
      // After a spread, positions are unknown: no later parameter can be trusted.
      if (spread !== -1) { for (let i = spread; i < 64; i++) byIndex.set(i, false); }
    }
    let changed = false;
    for (const [name, byIndex] of verdicts) {
      for (const [index, everyCallAsync] of byIndex) {
        if (!everyCallAsync) continue;
        for (const target of this.#plainFunctions.get(name)!) {
          let indices = this.#asyncParameters.get(target);
          if (indices === undefined) this.#asyncParameters.set(target, indices = new Set());
          if (!indices.has(index)) {
            indices.add(index);
            changed = true;
          }
        }
      }
    }
    return changed;
  }

  /** Whether an argument is the called function's own parameter at the same position (recursion). */
  #handsOnOwnParameter(name: string, argument: ts.Expression, index: number): boolean {
    if (!ts.isIdentifier(argument)) return false;
    const parameter = this.#parameterOf(argument);
    return parameter !== undefined && parameter.index === index && functionName(parameter.fn) === name &&
      ownerName(parameter.fn) === undefined;
  }

  /**
   * Whether a call is `receiver.forEach(callback)` (or `map`, `filter`, … see EACH_METHODS) with a
   * callback that became async: it goes through `__vigil_each`, which awaits each call in turn.
   */
  isEachCall(call: ts.CallExpression): boolean {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || !EACH_METHODS.includes(callee.name.text)) return false;
    // `a?.b.forEach(…)` and `super.forEach(…)` cannot become a call with the receiver as an argument:
    // the chain must short-circuit as written.
    if (ts.isOptionalChain(call) || ts.isOptionalChain(callee)) return false;
    if (callee.expression.kind === ts.SyntaxKind.SuperKeyword) return false;
    const callback = call.arguments[0];
    return callback !== undefined && this.#isAsyncFunctionValue(callback);
  }

  /**
   * Whether an argument is a function that became async (or a parameter every call hands one, or a
   * blocking k6 function itself). A function the script wrote `async` is not: a built-in given one
   * returns its promises, in k6 too.
   */
  #isAsyncFunctionValue(node: ts.Expression): boolean {
    while (ts.isParenthesizedExpression(node)) node = node.expression;
    if (ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      return this.asyncFunctions.has(node) && !this.#userAsync.has(node);
    }
    const b = this.#bindings;
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
      // `urls.forEach(http.get)`
      const owner = node.expression.text;
      return (b.httpNamespaces.has(owner) && HTTP_BLOCKING.has(node.name.text)) ||
        (b.k6Namespaces.has(owner) && K6_BLOCKING.has(node.name.text));
    }
    if (!ts.isIdentifier(node)) return false;
    const name = node.text;
    if (b.blockingNames.has(name) || b.localNames.has(name)) return true;
    const parameter = this.#parameterOf(node);
    if (parameter !== undefined) {
      return this.#asyncParameters.get(parameter.fn)?.has(parameter.index) ?? false;
    }
    if ((this.#plainFunctions.get(name) ?? []).some((fn) => this.#userAsync.has(fn))) return false;
    return this.#asyncNames.has(name);
  }

  /**
   * The function and position of the parameter an identifier names: the nearest function declaring it,
   * unless a block in between declares the name again. A TypeScript `this` parameter takes no position.
   */
  #parameterOf(identifier: ts.Identifier): { fn: FunctionNode; index: number } | undefined {
    const name = identifier.text;
    for (let node: ts.Node | undefined = identifier.parent; node !== undefined; node = node.parent) {
      if (declaresInScope(node, name)) return undefined;
      if (!isFunctionNode(node)) continue;
      const parameters = node.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
      const index = parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name);
      if (index !== -1) return { fn: node, index };
    }
    return undefined;
  }

  /**
   * Whether an await can go where this node is: in a function the transform can make async (not a
   * generator), or at the module's top level — not in a constructor, accessor, class field, static
   * block or parameter default.
   */
  canAwaitAt(node: ts.Node): boolean {
    for (let n = node.parent; n !== undefined; n = n.parent) {
      if (ts.isParameter(n) || ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) {
        return false;
      }
      if (isFunctionBoundary(n)) return isFunctionNode(n) && n.asteriskToken === undefined;
    }
    return true;
  }

  /**
   * Whether a call is a k6 call that blocks (`http.get`, `sleep`, `group`, an alias, a built-in handed a
   * callback that makes one), not one the analysis only suspects.
   */
  isK6BlockingCall(call: ts.CallExpression): boolean {
    if (this.isEachCall(call)) return true; // `urls.forEach((u) => http.get(u))`
    const callee = call.expression;
    const b = this.#bindings;
    if (ts.isIdentifier(callee)) return b.blockingNames.has(callee.text);
    // `x.submitForm()` goes by the method's name alone: it may be the script's own method, so it is only
    // suspected (awaited where it can be, left as written where no await can go), never refused.
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      const owner = callee.expression.text;
      return (b.httpNamespaces.has(owner) && HTTP_BLOCKING.has(callee.name.text)) ||
        (b.k6Namespaces.has(owner) && K6_BLOCKING.has(callee.name.text));
    }
    return false;
  }

  /** Whether a call must be awaited: a blocking k6 call, or a call that may reach one. */
  isBlocking(call: ts.CallExpression): boolean {
    const callee = call.expression;
    const b = this.#bindings;
    if (ts.isIdentifier(callee)) {
      const name = callee.text;
      if (b.blockingNames.has(name) || b.localNames.has(name)) return true;
      const parameter = this.#parameterOf(callee);
      if (parameter !== undefined) {
        return this.#asyncParameters.get(parameter.fn)?.has(parameter.index) ?? false;
      }
      return this.#asyncNames.has(name);
    }
    if (this.isEachCall(call)) return true;
    if (ts.isPropertyAccessExpression(callee)) {
      const member = callee.name.text;
      const target = callee.expression;
      if (RESPONSE_BLOCKING.has(member)) return true;
      if (ts.isIdentifier(target)) {
        if (b.httpNamespaces.has(target.text)) return HTTP_BLOCKING.has(member);
        if (b.k6Namespaces.has(target.text)) return K6_BLOCKING.has(member);
        if (b.localNames.has(target.text)) return true;
        const members = b.localNamespaces.get(target.text) ?? b.importedMembers.get(target.text) ??
          b.importedMembers.get(b.instances.get(target.text) ?? "");
        if (members !== undefined) return members.has(member);
      }
      if (ts.isNewExpression(target) && ts.isIdentifier(target.expression)) {
        const members = b.importedMembers.get(target.expression.text);
        if (members !== undefined) return members.has(member);
        if (BUILTINS.has(target.expression.text)) return false;
      }
      // A method this module made async (object literal or class); by name, so conservative.
      if (this.#asyncNames.has(member)) return true;
      // An async method of an imported module, on a receiver the analysis cannot name: awaited too (a
      // promise left to a script reads as a request that never happened), unless the receiver plainly
      // is a built-in or a literal (`new Map().get()`).
      if (!b.importedMethodNames.has(member)) return false;
      return !(ts.isIdentifier(target) && b.plainValues.has(target.text)) && !isPlainLiteral(target);
    }
    return false;
  }
}

function refuseAsync(node: FunctionNode, file: ts.SourceFile, why: string): never {
  const { line, character } = file.getLineAndCharacterOfPosition(node.getStart(file));
  throw new ScriptError(`Cannot run ${file.fileName}:${line + 1}:${character + 1}: ${why}`);
}

function refuseBlockingCall(call: ts.CallExpression, file: ts.SourceFile): never {
  const { line, character } = file.getLineAndCharacterOfPosition(call.getStart(file));
  let where = "here";
  for (let n: ts.Node | undefined = call.parent; n !== undefined; n = n.parent) {
    if (ts.isConstructorDeclaration(n)) where = "in a constructor";
    else if (ts.isGetAccessorDeclaration(n) || ts.isSetAccessorDeclaration(n)) {
      where = "in a getter or setter";
    } else if (ts.isPropertyDeclaration(n) || ts.isClassStaticBlockDeclaration(n)) where = "in a class field";
    else if (ts.isParameter(n)) where = "in a parameter's default value";
    else if (isFunctionNode(n) && n.asteriskToken !== undefined) where = "in a generator function";
    else continue;
    break;
  }
  throw new ScriptError(
    `Cannot run ${file.fileName}:${line + 1}:${character + 1}: a blocking k6 call (http.*, sleep, group, ` +
      `res.submitForm, res.clickLink) ` +
      `${where} cannot be awaited on Vigil's shared event loop; make it from a function or method instead`,
  );
}

function asyncModifiers(node: FunctionNode, file: ts.SourceFile): ts.ModifierLike[] {
  const modifiers = [...(ts.getModifiers(node) ?? [])] as ts.ModifierLike[];
  if (ts.canHaveDecorators(node)) modifiers.unshift(...(ts.getDecorators(node) ?? []));
  if (modifiers.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) return modifiers;
  if (node.asteriskToken) {
    refuseAsync(node, file, "a generator function cannot make blocking k6 calls (http, sleep, group)");
  }
  return [...modifiers, ts.factory.createModifier(ts.SyntaxKind.AsyncKeyword)];
}

function makeTransformer(
  options: TransformOptions,
  localImports: Set<string>,
  asyncNames: string[],
): ts.TransformerFactory<ts.SourceFile> {
  return (context) => (file) => {
    const analysis = new Analysis(file, options);
    asyncNames.push(...analysis.asyncNames);
    let usesEach = false;
    const f = context.factory;
    const rewriteSpecifier = (literal: ts.Expression): ts.Expression => {
      if (!ts.isStringLiteral(literal)) return literal;
      if (isLocal(literal.text)) localImports.add(literal.text);
      return f.createStringLiteral(options.resolveImport(literal.text));
    };
    const visit = (node: ts.Node): ts.Node => {
      // Type-only imports (`import type { Options } from "k6/options"`) vanish with the types.
      if (ts.isImportDeclaration(node) && node.importClause?.isTypeOnly) {
        return f.createNotEmittedStatement(node);
      }
      if (ts.isImportDeclaration(node)) {
        return f.updateImportDeclaration(
          node,
          node.modifiers,
          node.importClause,
          rewriteSpecifier(node.moduleSpecifier),
          node.attributes,
        );
      }
      if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
        return f.updateExportDeclaration(
          node,
          node.modifiers,
          node.isTypeOnly,
          node.exportClause,
          rewriteSpecifier(node.moduleSpecifier),
          node.attributes,
        );
      }
      if (
        ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0]
      ) {
        return f.updateCallExpression(node, node.expression, node.typeArguments, [
          rewriteSpecifier(node.arguments[0]),
          ...node.arguments.slice(1),
        ]);
      }
      const visited = ts.visitEachChild(node, visit, context);
      if (ts.isCallExpression(node) && ts.isCallExpression(visited) && analysis.isBlocking(node)) {
        if (!analysis.canAwaitAt(node)) {
          // A k6 call that blocks for sure cannot run here; one the analysis only suspects (a method
          // name some imported module makes async) stays as written.
          if (analysis.isK6BlockingCall(node)) refuseBlockingCall(node, file);
          return visited;
        }
        let call: ts.Expression = visited;
        if (analysis.isEachCall(node)) {
          // `urls.forEach(cb)` → `__vigil_each(urls, "forEach", cb)`: the receiver is evaluated once, as before.
          const callee = visited.expression as ts.PropertyAccessExpression;
          call = f.createCallExpression(f.createIdentifier(EACH_HELPER), undefined, [
            callee.expression,
            f.createStringLiteral(callee.name.text),
            ...visited.arguments,
          ]);
          usesEach = true;
        }
        return ts.isAwaitExpression(node.parent)
          ? call
          : f.createParenthesizedExpression(f.createAwaitExpression(call));
      }
      if (isFunctionNode(node) && analysis.asyncFunctions.has(node)) {
        const mods = asyncModifiers(node, file);
        if (ts.isFunctionDeclaration(visited)) {
          return f.updateFunctionDeclaration(
            visited,
            mods as ts.ModifierLike[],
            visited.asteriskToken,
            visited.name,
            visited.typeParameters,
            visited.parameters,
            visited.type,
            visited.body,
          );
        }
        if (ts.isFunctionExpression(visited)) {
          return f.updateFunctionExpression(
            visited,
            mods as ts.Modifier[],
            visited.asteriskToken,
            visited.name,
            visited.typeParameters,
            visited.parameters,
            visited.type,
            visited.body,
          );
        }
        if (ts.isArrowFunction(visited)) {
          return f.updateArrowFunction(
            visited,
            mods as ts.Modifier[],
            visited.typeParameters,
            visited.parameters,
            visited.type,
            visited.equalsGreaterThanToken,
            visited.body,
          );
        }
        if (ts.isMethodDeclaration(visited)) {
          return f.updateMethodDeclaration(
            visited,
            mods,
            visited.asteriskToken,
            visited.name,
            visited.questionToken,
            visited.typeParameters,
            visited.parameters,
            visited.type,
            visited.body,
          );
        }
      }
      return visited;
    };
    const visited = ts.visitNode(file, visit) as ts.SourceFile;
    const globals = options.vuGlobals === undefined ? [] : vuGlobalsRead(file);
    if (usesEach && options.vuGlobals !== undefined) globals.push(EACH_HELPER);
    if (globals.length === 0) return visited;
    // Added as a node, not as text, so the source map's lines stay right.
    const importGlobals = f.createImportDeclaration(
      undefined,
      f.createImportClause(
        false,
        undefined,
        f.createNamedImports(
          globals.map((name) => f.createImportSpecifier(false, undefined, f.createIdentifier(name))),
        ),
      ),
      f.createStringLiteral(options.vuGlobals!),
    );
    return f.updateSourceFile(visited, [importGlobals, ...visited.statements]);
  };
}

/** The per-VU globals a module reads and does not declare at its top level (which would clash with an import). */
function vuGlobalsRead(file: ts.SourceFile): string[] {
  const declared = new Set<string>();
  const addNames = (name: ts.BindingName | undefined): void => {
    if (name === undefined) return;
    if (ts.isIdentifier(name)) declared.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addNames(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) addNames(declaration.name);
    } else if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) {
      addNames(statement.name);
    } else if (ts.isImportDeclaration(statement) && statement.importClause !== undefined) {
      const clause = statement.importClause;
      addNames(clause.name);
      const bindings = clause.namedBindings;
      if (bindings !== undefined && ts.isNamespaceImport(bindings)) addNames(bindings.name);
      else if (bindings !== undefined) { for (const element of bindings.elements) addNames(element.name); }
    }
  }
  const read = new Set<string>();
  const assigned = new Set<string>();
  const walk = (node: ts.Node, parent: ts.Node): void => {
    // `__ENV = {...}` assigns the global: an import binding would be read-only, so it stays global.
    if (
      ts.isBinaryExpression(node) && ts.isIdentifier(node.left) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) {
      assigned.add(node.left.text);
    }
    if (ts.isIdentifier(node) && VU_GLOBALS.includes(node.text) && !declared.has(node.text)) {
      // `x.__VU` and `{ __VU: 1 }` name properties, not the global.
      const isPropertyName = (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node);
      if (!isPropertyName) read.add(node.text);
    }
    ts.forEachChild(node, (child) => walk(child, node));
  };
  walk(file, file);
  return VU_GLOBALS.filter((name) => read.has(name) && !assigned.has(name));
}

/**
 * k6 scripts may load modules with CommonJS `require` (`const http = require("k6/http")`), often mixed with
 * `export default`. A top-level `const x = require("m")` or `const { a, b: c } = require("m")` becomes the
 * equivalent import, on the same line (so positions in messages stay right), before anything else sees
 * the code; the analysis then knows `x` is k6/http. Any other `require` is left to the runtime's, which
 * says what to write instead.
 */
/** Parses a module for the text rewrites that run before the transform (no parent pointers needed). */
function parseSource(source: string, fileName: string, isTs: boolean): ts.SourceFile {
  return ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.ES2022,
    false,
    isTs ? ts.ScriptKind.TS : ts.ScriptKind.JS,
  );
}

function requiresToImports(source: string, fileName: string, isTs: boolean): string {
  if (!source.includes("require")) return source;
  const file = parseSource(source, fileName, isTs);
  // A binding the script assigns again cannot become an import (imports are read-only).
  const assigned = new Set<string>();
  const findAssignments = (node: ts.Node): void => {
    if (
      ts.isBinaryExpression(node) && ts.isIdentifier(node.left) &&
      node.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
      node.operatorToken.kind <= ts.SyntaxKind.LastAssignment
    ) assigned.add(node.left.text);
    if (
      (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) && ts.isIdentifier(node.operand)
    ) {
      assigned.add(node.operand.text);
    }
    ts.forEachChild(node, findAssignments);
  };
  findAssignments(file);
  const edits: { start: number; end: number; text: string }[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement) || statement.declarationList.declarations.length !== 1) continue;
    if ((ts.getModifiers(statement) ?? []).length > 0) continue; // `export const x = require(…)`
    const declaration = statement.declarationList.declarations[0]!;
    const init = declaration.initializer;
    if (
      init === undefined || !ts.isCallExpression(init) || !ts.isIdentifier(init.expression) ||
      init.expression.text !== "require" || init.arguments.length !== 1 ||
      !ts.isStringLiteral(init.arguments[0]!)
    ) continue;
    const from = JSON.stringify((init.arguments[0] as ts.StringLiteral).text);
    let text: string | undefined;
    if (ts.isIdentifier(declaration.name)) {
      if (assigned.has(declaration.name.text)) continue;
      text = `import * as ${declaration.name.text} from ${from};`;
    } else if (ts.isObjectBindingPattern(declaration.name)) {
      const names = declaration.name.elements.map((element) => {
        if (element.dotDotDotToken || element.initializer || !ts.isIdentifier(element.name)) return undefined;
        if (assigned.has(element.name.text)) return undefined;
        const property = element.propertyName;
        if (property !== undefined && !ts.isIdentifier(property)) return undefined;
        return property === undefined ? element.name.text : `${property.text} as ${element.name.text}`;
      });
      if (names.every((name) => name !== undefined)) text = `import { ${names.join(", ")} } from ${from};`;
    }
    if (text !== undefined) edits.push({ start: statement.getStart(file), end: statement.end, text });
  }
  let out = source;
  for (const edit of edits.reverse()) {
    // Keep the statement's line breaks, so later lines keep their numbers.
    const breaks = source.slice(edit.start, edit.end).replace(/[^\n]/g, "");
    out = out.slice(0, edit.start) + edit.text + breaks + out.slice(edit.end);
  }
  return out;
}

/**
 * A CommonJS module (k6 runs them: no import or export, `module.exports = { ping }` or `exports.ping =
 * …` at its top level) becomes an ES module: `module` and `exports` are declared on its first line (so
 * line numbers stay), and at its end `module.exports` (or its `default`, as k6 reads it) is the default
 * export, with each member the top level names statically as a named export — a function under the name it
 * was declared with (`exports.home = fetchHome` exports `fetchHome as home`), so importers know which are
 * async. A bundle assigning them inside a function (UMD) is wrapped too, as k6 wraps it, and reached
 * through its default export. Known limits (README): a value member is read once, when the module has
 * run; a module whose export is itself a function is reached through its default. A file that declares
 * `module` or `exports` itself is left as it is.
 */
function commonJsToModule(source: string, fileName: string, isTs: boolean): string {
  if (!/\bexports\b/.test(source)) return source;
  const file = parseSource(source, fileName, isTs);
  const topLevel = new Set<string>(); // names the module declares at its top level
  for (const statement of file.statements) {
    if (
      ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ||
      ts.isExportAssignment(statement)
    ) {
      return source; // an ES module
    }
    if (
      ts.canHaveModifiers(statement) &&
      (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)
    ) return source;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) topLevel.add(declaration.name.text);
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      topLevel.add(statement.name.text);
    }
  }
  if (topLevel.has("module") || topLevel.has("exports")) return source;
  /** Member name → the top-level binding it is (for `export { binding as name }`), or null for a value. */
  const members = new Map<string, string | null>();
  const bindingOf = (value: ts.Expression): string | null =>
    ts.isIdentifier(value) && topLevel.has(value.text) ? value.text : null;
  let usesExports = false;
  for (const statement of file.statements) {
    if (!ts.isExpressionStatement(statement)) continue;
    const expression = statement.expression;
    if (!ts.isBinaryExpression(expression) || expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken) {
      continue;
    }
    const left = expression.left;
    if (isModuleExports(left)) {
      usesExports = true;
      if (!ts.isObjectLiteralExpression(expression.right)) continue;
      for (const property of expression.right.properties) {
        if (ts.isShorthandPropertyAssignment(property)) {
          members.set(property.name.text, bindingOf(property.name));
        } else if (ts.isPropertyAssignment(property) || ts.isMethodDeclaration(property)) {
          const name = property.name;
          if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) continue;
          members.set(name.text, ts.isPropertyAssignment(property) ? bindingOf(property.initializer) : null);
        }
      }
    } else if (ts.isPropertyAccessExpression(left) && isExportsObject(left.expression)) {
      usesExports = true;
      members.set(left.name.text, bindingOf(expression.right));
    }
  }
  // A bundle that assigns them inside a function (UMD, browserify) is CommonJS too: k6 wraps every file
  // without ES syntax, and such a bundle then takes its CommonJS branch. Its members are reached through
  // the default export (`import papaparse from "./papaparse.min.js"`).
  if (!usesExports && !/\bmodule\.exports\b|\bexports\.\w+\s*=/.test(source)) return source;
  const tail: string[] = [];
  for (const [name, binding] of members) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || name === "default") continue;
    tail.push(
      binding !== null
        ? `export { ${binding === name ? name : `${binding} as ${name}`} };`
        // A value (or a function written in place): read once the module has run, under a private name.
        : `const __vigil_cjs_${name} = module.exports.${name}; export { __vigil_cjs_${name} as ${name} };`,
    );
  }
  // k6 reads a CommonJS module's default as `exports.default` when it is set, else `module.exports`.
  return `const module = { exports: {} }; let exports = module.exports; ${source}\n` +
    `export default (module.exports.default ?? module.exports);\n${tail.join("\n")}\n`;
}

/**
 * Transforms one k6 module (script or local library) into JavaScript that runs on Deno.
 *
 * @param source the module's text (JavaScript or TypeScript)
 * @param options file name and import rewriting
 * @returns the JavaScript and the local imports to transform next
 * @example
 * ```ts
 * import { transformScript } from "./transform.ts";
 * import assert from "node:assert/strict";
 * const { code } = transformScript(
 *   'import http from "k6/http";\nexport default function () { const r = http.get("http://x"); }',
 *   { fileName: "s.js", resolveImport: (s) => s },
 * );
 * assert.match(code, /export default async function/);
 * assert.match(code, /await http\.get\("http:\/\/x"\)/);
 * ```
 */
export function transformScript(source: string, options: TransformOptions): TransformResult {
  const localImports = new Set<string>();
  const asyncNames: string[] = [];
  const isTs = /\.(m|c)?tsx?$/.test(options.fileName);
  source = commonJsToModule(source, options.fileName, isTs);
  source = requiresToImports(source, options.fileName, isTs);
  const output = ts.transpileModule(source, {
    fileName: options.fileName,
    reportDiagnostics: true,
    compilerOptions: {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      allowJs: !isTs,
      verbatimModuleSyntax: false,
      sourceMap: false,
      inlineSourceMap: true,
      inlineSources: false,
      // Stack traces then name the user's own file (not the per-VU copy), and open() can tell which
      // module called it.
      ...(options.fileName.startsWith("/")
        ? { sourceRoot: new URL(".", toFileUrl(options.fileName)).href }
        : {}),
    },
    transformers: { before: [makeTransformer(options, localImports, asyncNames)] },
  });
  const errors = (output.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0) {
    const first = errors[0]!;
    const where = first.file && first.start !== undefined
      ? first.file.getLineAndCharacterOfPosition(first.start)
      : undefined;
    const at = where ? `:${where.line + 1}:${where.character + 1}` : "";
    throw new ScriptError(
      `Cannot parse ${options.fileName}${at}: ${ts.flattenDiagnosticMessageText(first.messageText, "\n")}`,
    );
  }
  return { code: output.outputText, localImports: [...localImports], asyncNames };
}
