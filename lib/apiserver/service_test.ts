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

Deno.test("SVC-1: cluster IPs are handed out in turn; a requested nodePort is claimed and cannot be taken twice", () =>
  withServer({}, async (_s, c) => {
    const ips = [];
    for (const n of ["a", "b", "c"]) {
      ips.push(
        (await c.post(paths.svc(), { metadata: { name: n }, spec: { ports: [{ port: 1 }] } })).body
          .spec.clusterIP,
      );
    }
    const last = ips.map((ip: string) => Number(ip.split(".")[3]));
    const first = last[0]!;
    assert.deepEqual(last, [first, first + 1, first + 2]);
    const np = { type: "NodePort", ports: [{ port: 80, nodePort: 30123 }] };
    assert.equal((await c.post(paths.svc(), { metadata: { name: "n1" }, spec: np })).status, 201);
    const taken = await c.post(paths.svc(), { metadata: { name: "n2" }, spec: np });
    assert.equal(taken.status, 422);
    assert.match(
      taken.body.message,
      /spec\.ports\[0\]\.nodePort: Invalid value: 30123: provided port is already allocated/,
    );
  }));

Deno.test(
  "Service type changes: LoadBalancer → ClusterIP drops the unchanged type-only fields and frees node ports",
  () =>
    withServer({}, async (_s, c) => {
      const lb = (await c.post(paths.svc(), {
        metadata: { name: "s" },
        spec: { type: "LoadBalancer", ports: [{ port: 80, nodePort: 30200 }] },
      })).body;
      const back = await c.put(paths.svc("default", "s"), {
        ...lb,
        spec: { ...lb.spec, type: "ClusterIP" },
      });
      assert.equal(back.status, 200, back.text);
      assert.equal(back.body.spec.ports[0].nodePort, undefined);
      assert.equal(back.body.spec.externalTrafficPolicy, undefined);
      assert.equal(back.body.spec.allocateLoadBalancerNodePorts, undefined);
      const forced = await c.patch(paths.svc("default", "s"), {
        spec: { ports: [{ port: 80, nodePort: 30201, protocol: "TCP", targetPort: 80 }] },
      });
      assert.equal(forced.status, 422);
      assert.match(
        forced.body.message,
        /spec\.ports\[0\]\.nodePort: Forbidden: may not be used when `type` is 'ClusterIP'/,
      );
      const reuse = await c.post(paths.svc(), {
        metadata: { name: "t" },
        spec: { type: "NodePort", ports: [{ port: 80, nodePort: 30200 }] },
      });
      assert.equal(reuse.status, 201, "the freed node port can be used again");
      const up = await c.patch(paths.svc("default", "s"), { spec: { type: "NodePort" } });
      assert.equal(up.status, 200, up.text);
      assert.notEqual(up.body.spec.ports[0].nodePort, 30200);
      const steal = await c.patch(paths.svc("default", "s"), {
        spec: { ports: [{ port: 80, nodePort: 30200, protocol: "TCP", targetPort: 80 }] },
      });
      assert.equal(steal.status, 422);
      assert.match(steal.body.message, /provided port is already allocated/);
    }),
);
