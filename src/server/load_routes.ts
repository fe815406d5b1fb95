/**
 * The load-run API: start a scenario against a configured target, list runs, read one, open its report.
 *
 * @module
 */
import { Hono } from "hono";
import { bearerAuth } from "./auth.ts";
import { LoadRunRefused, type LoadRunRequest, type LoadRunService } from "./load_runs.ts";
import type { LoadRunRecord } from "../store/load_run_store.ts";

/** A run as the API serves it. */
export function loadRunJson(run: LoadRunRecord) {
  return {
    id: run.id,
    script: run.script,
    target: run.target,
    started_at: new Date(run.startedAt).toISOString(),
    finished_at: run.finishedAt === null ? null : new Date(run.finishedAt).toISOString(),
    verdict: run.verdict,
    exit_code: run.exitCode,
    message: run.message,
    figures: run.figures,
    report: run.hasReport ? `/v1/load-runs/${run.id}/report` : null,
  };
}

function parseRequest(body: unknown): LoadRunRequest {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new LoadRunRefused(
      400,
      'Invalid body: expected a JSON object like {"script": "smoke", "target": "demo"}',
    );
  }
  const { script, target, env, ...rest } = body as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new LoadRunRefused(400, `Invalid field "${unknown[0]}": expected only script, target and env`);
  }
  if (typeof script !== "string" || script === "") {
    throw new LoadRunRefused(400, 'Invalid field "script": expected a scenario name');
  }
  if (typeof target !== "string" || target === "") {
    throw new LoadRunRefused(400, 'Invalid field "target": expected a target name');
  }
  const request: LoadRunRequest = { script, target };
  if (env !== undefined) {
    if (
      env === null || typeof env !== "object" || Array.isArray(env) ||
      Object.values(env).some((v) => typeof v !== "string")
    ) {
      throw new LoadRunRefused(400, 'Invalid field "env": expected an object of strings');
    }
    // TARGET is the configured target's URL; letting a caller replace it would aim traffic anywhere.
    if ("TARGET" in env) {
      throw new LoadRunRefused(400, 'Invalid field "env.TARGET": the target comes from "target"');
    }
    request.env = env as Record<string, string>;
  }
  return request;
}

/**
 * The routes, mounted at `/`.
 *
 * @param service the load-run service
 * @param token bearer token for starting runs, when configured
 * @returns the routes
 */
export function loadRoutes(service: LoadRunService, token: string | undefined): Hono {
  const app = new Hono();
  app.get(
    "/v1/load-runs",
    (c) => c.json({ scenarios: service.scenarios(), runs: service.list(50).map(loadRunJson) }),
  );
  app.post("/v1/load-runs", bearerAuth(token), async (c) => {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.json({ error: "Invalid body: not JSON" }, 400);
    }
    try {
      return c.json(loadRunJson(service.start(parseRequest(body))), 202);
    } catch (error) {
      if (error instanceof LoadRunRefused) return c.json({ error: error.message }, error.status);
      throw error;
    }
  });
  app.get("/v1/load-runs/:id", (c) => {
    const run = service.get(c.req.param("id"));
    return run ? c.json(loadRunJson(run)) : c.json({ error: `no load run "${c.req.param("id")}"` }, 404);
  });
  app.get("/v1/load-runs/:id/report", (c) => {
    const report = service.report(c.req.param("id"));
    return report === undefined
      ? c.json({ error: `no report for load run "${c.req.param("id")}"` }, 404)
      : c.html(report);
  });
  return app;
}
