import assert from "node:assert/strict";
import { paths, withServer } from "./testing.ts";

const lb = (name: string, extra: Record<string, unknown> = {}) => ({
  metadata: { name },
  spec: {
    type: "LoadBalancer",
    ports: [{ name: "tcp", port: 80 }, { name: "udp", port: 53, protocol: "UDP" }],
    ...extra,
  },
  status: { loadBalancer: { ingress: [{ ip: "203.0.113.9" }] } },
});

Deno.test("SVC-1: a LoadBalancer Service gets the server's defaults and allocations; request status is dropped", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.svc(), lb("web"));
    assert.equal(r.status, 201);
    const spec = r.body.spec;
    assert.match(spec.clusterIP, /^10\.(9[6-9]|1[01][0-9])\.\d+\.\d+$/);
    assert.deepEqual(spec.clusterIPs, [spec.clusterIP]);
    assert.deepEqual(spec.ipFamilies, ["IPv4"]);
    assert.equal(spec.ipFamilyPolicy, "SingleStack");
    assert.equal(spec.sessionAffinity, "None");
    assert.equal(spec.internalTrafficPolicy, "Cluster");
    assert.equal(spec.externalTrafficPolicy, "Cluster");
    assert.equal(spec.allocateLoadBalancerNodePorts, true);
    assert.equal(spec.ports[0].protocol, "TCP");
    assert.equal(spec.ports[0].targetPort, 80);
    for (const p of spec.ports) assert.ok(p.nodePort >= 30000 && p.nodePort <= 32767);
    assert.notEqual(spec.ports[0].nodePort, spec.ports[1].nodePort);
    assert.deepEqual(r.body.status, { loadBalancer: {} });
    const other = await c.post(paths.svc(), lb("other"));
    assert.notEqual(other.body.spec.clusterIP, spec.clusterIP);
  }));

Deno.test("SVC-2: resubmitting the same YAML keeps the allocated clusterIP and nodePorts", () =>
  withServer({}, async (_s, c) => {
    const first = (await c.post(paths.svc(), lb("web"))).body;
    const r = await c.put(paths.svc("default", "web"), { ...lb("web"), metadata: { name: "web" } });
    assert.equal(r.status, 200);
    assert.equal(r.body.spec.clusterIP, first.spec.clusterIP);
    assert.deepEqual(
      r.body.spec.ports.map((p: { nodePort: number }) => p.nodePort),
      first.spec.ports.map((p: { nodePort: number }) => p.nodePort),
    );
    assert.equal(r.body.metadata.resourceVersion, first.metadata.resourceVersion, "a no-op");
  }));

Deno.test("SVC-3: changing spec.clusterIP is 422 may not change once set", () =>
  withServer({}, async (_s, c) => {
    await c.post(paths.svc(), lb("web"));
    const r = await c.patch(paths.svc("default", "web"), {
      spec: { clusterIP: "10.96.0.99", clusterIPs: ["10.96.0.99"] },
    });
    assert.equal(r.status, 422);
    assert.equal(
      r.body.message,
      'Service "web" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set',
    );
  }));

Deno.test("SVC-4: deleting a Service frees its clusterIP for the next one", () =>
  withServer({}, async (_s, c) => {
    const first = (await c.post(paths.svc(), {
      metadata: { name: "a" },
      spec: { clusterIP: "10.96.0.50", ports: [{ port: 1 }] },
    })).body;
    assert.equal(first.spec.clusterIP, "10.96.0.50");
    const taken = await c.post(paths.svc(), {
      metadata: { name: "b" },
      spec: { clusterIP: "10.96.0.50", ports: [{ port: 1 }] },
    });
    assert.equal(taken.status, 422);
    assert.match(taken.body.message, /provided IP is already allocated/);
    const del = await c.delete(paths.svc("default", "a"));
    assert.equal(del.body.kind, "Service");
    const again = await c.post(paths.svc(), {
      metadata: { name: "b" },
      spec: { clusterIP: "10.96.0.50", ports: [{ port: 1 }] },
    });
    assert.equal(again.status, 201);
  }));

Deno.test("SVC-5: spec.loadBalancerIP and kube-vip annotations are accepted as given", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.svc(), {
      metadata: { name: "vip", annotations: { "kube-vip.io/loadbalancerIPs": "192.0.2.1" } },
      spec: { type: "LoadBalancer", loadBalancerIP: "192.0.2.1", ports: [{ port: 80 }] },
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.spec.loadBalancerIP, "192.0.2.1");
  }));

Deno.test("Service validation: several ports need names; protocol must be TCP, UDP or SCTP", () =>
  withServer({}, async (_s, c) => {
    const r = await c.post(paths.svc(), {
      metadata: { name: "x" },
      spec: { ports: [{ port: 1 }, { port: 2, protocol: "HTTP" }] },
    });
    assert.equal(r.status, 422);
    assert.match(r.body.message, /spec\.ports\[0\]\.name: Required value/);
    assert.match(r.body.message, /spec\.ports\[1\]\.protocol: Unsupported value: "HTTP"/);
  }));
