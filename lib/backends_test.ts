import assert from "node:assert/strict";
import { resolveBackends } from "./backends.ts";
import { GrantIndex } from "./reference_grants.ts";
import type { BackendRef, L4Route, Service } from "./types/mod.ts";

const svc = (ns: string, name: string, extra: Partial<Service["spec"]> = {}): Service => ({
  metadata: { namespace: ns, name },
  spec: { ports: [{ port: 80, targetPort: 8080 }], ...extra },
});
const services = new Map([["apps/web", svc("apps", "web")], ["db/pg", svc("db", "pg")]]);
const route = (refs: BackendRef[], labels?: Record<string, string>, rules = 1): L4Route => ({
  metadata: { namespace: "apps", name: "r", ...(labels ? { labels } : {}) },
  spec: { rules: Array.from({ length: rules }, () => ({ backendRefs: refs })) },
});
const ctx = { services, grants: new GrantIndex([]) };
const run = (r: L4Route, b: "gateway" | "create" = "gateway") =>
  resolveBackends({ kind: "TCPRoute", route: r }, b, ctx);

Deno.test("an existing Service port resolves", () => {
  const out = run(route([{ name: "web", port: 80 }]));
  assert.equal(out.resolvedRefs.status, "True");
  assert.equal(out.backends[0]!.servicePort?.targetPort, 8080);
});

Deno.test("RefNotPermitted is checked before existence", () => {
  const out = run(route([{ name: "missing", namespace: "db", port: 80 }]));
  assert.equal(out.resolvedRefs.reason, "RefNotPermitted");
});

Deno.test("unknown kinds, missing Services and missing ports are reported by name", () => {
  assert.equal(
    run(route([{ name: "x", kind: "Pod", port: 1 }])).resolvedRefs.reason,
    "InvalidKind",
  );
  assert.match(
    run(route([{ name: "nope", port: 80 }])).resolvedRefs.message,
    /apps\/nope does not exist/,
  );
  assert.match(run(route([{ name: "web", port: 81 }])).resolvedRefs.message, /no TCP port 81/);
});

Deno.test("a bad backend does not hide the good ones", () => {
  const out = run(route([{ name: "nope", port: 80 }, { name: "web", port: 80 }]));
  assert.equal(out.resolvedRefs.status, "False");
  assert.deepEqual(out.backends.map((b) => b.name), ["web"]);
});

Deno.test("create needs selector labels but not an existing Service", () => {
  assert.equal(run(route([{ name: "new", port: 80 }]), "create").resolvedRefs.status, "False");
  const ok = run(
    route([{ name: "new", port: 80 }], { selectorkey: "app", selectorvalue: "x" }),
    "create",
  );
  assert.equal(ok.resolvedRefs.status, "True");
});

Deno.test("rules after the first are counted as dropped", () => {
  assert.equal(run(route([{ name: "web", port: 80 }], undefined, 3)).droppedRules, 2);
});
