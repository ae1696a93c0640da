import assert from "node:assert/strict";
import { waitFor } from "../../tests/helpers/wait_for.ts";
import { objectKey } from "../types/mod.ts";
import type { KubeClient } from "./client.ts";
import { Informer } from "./informer.ts";
import { withServer } from "./_fixture.ts";
import { CONFIGMAPS } from "./resources.ts";

function countLists(client: KubeClient): { count: number } {
  const counter = { count: 0 };
  const list = client.list.bind(client);
  client.list = ((...args: Parameters<typeof list>) => {
    counter.count++;
    return list(...args);
  }) as typeof client.list;
  return counter;
}

function cm(name: string, value = "1", namespace = "default") {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { namespace, name, labels: { app: value } },
    data: { v: value },
  };
}

Deno.test("an informer syncs, indexes, and hands handlers old and new objects", async () => {
  await withServer({}, async (server, client) => {
    server.store.create(cm("a", "web"));
    const seen: string[] = [];
    const informer = new Informer(client, CONFIGMAPS, {
      indexers: { app: (c) => [c.metadata.labels?.app ?? ""] },
    });
    informer.addHandler({
      onAdd: (o) => seen.push(`add ${objectKey(o)}`),
      onUpdate: (old, o) => seen.push(`update ${old.data?.v}->${o.data?.v}`),
      onDelete: (o) => seen.push(`delete ${objectKey(o)}`),
    });
    informer.start();
    try {
      await informer.whenSynced();
      assert.ok(informer.hasSynced());
      assert.equal(informer.get("default", "a")?.data?.v, "web");
      assert.equal(informer.get("default", "a")?.kind, "ConfigMap", "list items get their kind");
      assert.equal(informer.get("default", "a")?.metadata.managedFields, undefined);
      assert.equal(informer.byIndex("app", "web").length, 1);
      await client.update(CONFIGMAPS, { ...informer.get("default", "a")!, data: { v: "db" } });
      await client.delete(CONFIGMAPS, "default", "a");
      await waitFor(() => seen.includes("delete default/a"), { what: "the delete event" });
      assert.deepEqual(seen, ["add default/a", "update web->db", "delete default/a"]);
      assert.equal(informer.byIndex("app", "web").length, 0);
    } finally {
      await informer.stop();
    }
  });
});

Deno.test("a late handler is replayed the cache as adds; the namespace option watches one namespace", async () => {
  await withServer({}, async (server, client) => {
    server.store.create(cm("in", "1", "default"));
    server.store.create(cm("out", "1", "kube-system"));
    const informer = new Informer(client, CONFIGMAPS, { namespace: "default" });
    informer.start();
    try {
      await informer.whenSynced();
      const adds: string[] = [];
      informer.addHandler({ onAdd: (o) => adds.push(objectKey(o)) });
      assert.deepEqual(adds, ["default/in"]);
      assert.deepEqual(informer.list().map(objectKey), ["default/in"]);
    } finally {
      await informer.stop();
    }
  });
});

Deno.test("a watch closed by the server is resumed from the last version, without a relist", async () => {
  await withServer({}, async (server, client) => {
    const lists = countLists(client);
    const informer = new Informer(client, CONFIGMAPS);
    informer.start();
    try {
      await informer.whenSynced();
      server.store.create(cm("before"));
      await waitFor(() => informer.get("default", "before"));
      server.faults.dropWatches();
      server.store.create(cm("after"));
      await waitFor(() => informer.get("default", "after"), {
        what: "the change made while the watch was down",
      });
      assert.equal(lists.count, 1);
    } finally {
      await informer.stop();
    }
  });
});

Deno.test("410 Expired: the informer relists and deletes what vanished meanwhile", async () => {
  await withServer({}, async (server, client) => {
    server.store.create(cm("stays"));
    server.store.create(cm("goes"));
    const deleted: string[] = [];
    const lists = countLists(client);
    const informer = new Informer(client, CONFIGMAPS);
    informer.addHandler({ onDelete: (o) => deleted.push(objectKey(o)) });
    informer.start();
    try {
      await informer.whenSynced();
      // synchronous steps: the informer cannot re-watch before history is gone, so resuming gets 410
      server.faults.dropWatches();
      server.store.delete("v1", "ConfigMap", "default", "goes");
      server.store.create(cm("new"));
      server.faults.compact();
      await waitFor(() => informer.get("default", "new"), { what: "the relisted cache" });
      assert.equal(informer.get("default", "goes"), undefined);
      assert.ok(informer.get("default", "stays"));
      assert.deepEqual(deleted, ["default/goes"], "a synthetic delete for the vanished object");
      assert.ok(lists.count >= 2, "it listed again");
    } finally {
      await informer.stop();
    }
  });
});

Deno.test("watches dropped every few events under a stream of writes lose nothing: the cache converges", async () => {
  await withServer({ faults: { watchMaxEvents: 7 } }, async (server, client) => {
    const informer = new Informer(client, CONFIGMAPS, { namespace: "default" });
    informer.start();
    try {
      await informer.whenSynced();
      for (let i = 0; i < 150; i++) {
        const name = `cm-${i % 40}`;
        const existing = server.store.get("v1", "ConfigMap", "default", name);
        if (!existing) server.store.create(cm(name, String(i)));
        else if (i % 3 === 0) server.store.delete("v1", "ConfigMap", "default", name);
        else server.store.update({ ...existing, data: { v: String(i) } } as never);
        if (i % 25 === 0) await new Promise((r) => setTimeout(r, 10));
      }
      const truth = () =>
        server.store.list("v1", "ConfigMap", { namespace: "default" })
          .map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(",");
      const cached = () =>
        informer.list().map((o) => `${o.metadata.name}@${o.metadata.resourceVersion}`).sort().join(
          ",",
        );
      await waitFor(() => cached() === truth(), {
        what: "the cache to equal the server",
        deadline: 20_000,
      });
    } finally {
      await informer.stop();
    }
  });
});

Deno.test("after a server restart the informer reconnects and keeps following changes", async () => {
  await withServer({}, async (server, client) => {
    const informer = new Informer(client, CONFIGMAPS);
    informer.start();
    try {
      await informer.whenSynced();
      await server.restart();
      server.store.create(cm("after-restart"));
      await waitFor(() => informer.get("default", "after-restart"), {
        what: "the object created after the restart",
        deadline: 20_000,
      });
    } finally {
      await informer.stop();
    }
  });
});

Deno.test("stop ends the watch promptly even right after a burst of events", async () => {
  await withServer({}, async (server, client) => {
    for (let i = 0; i < 50; i++) server.store.create(cm(`c${i}`));
    const informer = new Informer(client, CONFIGMAPS);
    informer.start();
    await informer.whenSynced();
    for (let i = 0; i < 3000; i++) {
      server.store.patch("v1", "ConfigMap", "default", `c${i % 50}`, {
        data: { v: String(i), pad: "x".repeat(500) },
      });
    }
    await waitFor(() => informer.get("default", "c49")?.data?.v === "2999", {
      what: "the burst applied",
    });
    const stopped = informer.stop().then(() => true);
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 5000));
    assert.equal(await Promise.race([stopped, timeout]), true, "stop() returned");
  });
});
