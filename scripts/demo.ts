/**
 * `deno task demo`: the first Quick-start command. Starts the sandbox (the embedded API server and
 * the real controller), applies `manifests/examples/` (with the EndpointSlices standing in for Pods),
 * waits for convergence with a deadline, prints what the controller decided, and exits 0; exits 1,
 * saying what did not converge, if the deadline passes.
 *
 * @module
 */
import { parseCommandLine } from "../lib/cli.ts";
import { startApiServer } from "../lib/apiserver/mod.ts";
import { runController } from "../controllers/run.ts";
import { KubeClient } from "../lib/kube/client.ts";
import { loadClusterConfig } from "../lib/kube/config.ts";
import { isAlreadyExists } from "../lib/kube/errors.ts";
import {
  CONFIGMAPS,
  discoverGatewayVersions,
  ENDPOINTSLICES,
  GATEWAY_CLASSES,
  GATEWAYS,
  NAMESPACES,
  type ResourceType,
  SERVICES,
} from "../lib/kube/resources.ts";
import { createLogger } from "../lib/log.ts";
import { parseObjects } from "../lib/translate_yaml.ts";
import type { EndpointSlice, Gateway, KubeObject, L4Route, Service } from "../lib/types/mod.ts";
import { waitFor } from "../tests/helpers/wait_for.ts";
import { type DemoState, renderSummary, unconverged } from "./demo_summary.ts";

const EXAMPLES = ["manifests/examples", "manifests/examples/sandbox"];
const DEADLINE_MS = 60_000;

async function readExamples(): Promise<KubeObject[]> {
  const objects: KubeObject[] = [];
  for (const dir of EXAMPLES) {
    const files = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".yaml"))
      .map((e) => e.name).sort();
    for (const file of files) {
      const text = await Deno.readTextFile(`${dir}/${file}`);
      objects.push(...parseObjects(text, { strict: false, source: `${dir}/${file}` }).objects);
    }
  }
  return objects;
}

async function main(): Promise<number> {
  const server = await startApiServer();
  const dir = await Deno.makeTempDir({ prefix: "l4gw-demo-" });
  const kubeconfig = `${dir}/kubeconfig`;
  await server.writeKubeconfig(kubeconfig);
  console.log(`Started an embedded Kubernetes API server at ${server.url}.`);
  const inv = parseCommandLine([
    "--kubeconfig",
    kubeconfig,
    "--metrics-bind-address",
    "0",
    "--health-probe-bind-address",
    "0",
  ]);
  if (inv.command !== "run") throw new Error("unreachable: the demo's flags parse to run");
  const stop = new AbortController();
  const controller = runController(inv.options, {
    stop: stop.signal,
    logger: createLogger({ level: "warn" }),
  });
  const client = new KubeClient(await loadClusterConfig({ kubeconfig }));
  try {
    const versions = await discoverGatewayVersions((p) => client.discover(p));
    const types: Record<string, ResourceType | undefined> = {
      Namespace: NAMESPACES,
      ConfigMap: CONFIGMAPS,
      Service: SERVICES,
      EndpointSlice: ENDPOINTSLICES,
      GatewayClass: GATEWAY_CLASSES,
      Gateway: GATEWAYS,
      TCPRoute: versions.tcpRoutes,
      UDPRoute: versions.udpRoutes,
      ReferenceGrant: versions.referenceGrants,
    };
    const objects = await readExamples();
    for (const object of objects) {
      const type = types[object.kind ?? ""];
      if (!type) {
        throw new Error(`the sandbox does not serve ${object.kind} ${object.metadata.name}`);
      }
      try {
        await client.create(type, object);
      } catch (error) {
        if (!isAlreadyExists(error)) throw error;
      }
    }
    console.log(
      `Applied ${objects.length} objects from ${
        EXAMPLES.join(" and ")
      }; the controller is at work.\n`,
    );
    const read = async (): Promise<DemoState> => ({
      gateways: (await client.list(GATEWAYS)).items as Gateway[],
      routes: [
        ...((await client.list(versions.tcpRoutes!)).items as L4Route[]).map((r) => ({
          ...r,
          kind: "TCPRoute",
        })),
        ...((await client.list(versions.udpRoutes!)).items as L4Route[]).map((r) => ({
          ...r,
          kind: "UDPRoute",
        })),
      ],
      services:
        (await client.list(SERVICES, { labelSelector: "app.kubernetes.io/managed-by=l4gw" }))
          .items as Service[],
      endpointSlices:
        (await client.list(ENDPOINTSLICES, { labelSelector: "app.kubernetes.io/managed-by=l4gw" }))
          .items as EndpointSlice[],
      controllerName: inv.options.gatewayClassName,
    });
    let state = await read();
    try {
      state = await waitFor(async () => {
        state = await read();
        return unconverged(state).length === 0 ? state : undefined;
      }, { deadline: DEADLINE_MS, interval: 100, what: "the examples to converge" });
    } catch {
      console.log(renderSummary(state));
      console.log(
        `Not converged after ${DEADLINE_MS / 1000} s:\n  ${unconverged(state).join("\n  ")}`,
      );
      return 1;
    }
    console.log(renderSummary(state));
    console.log(
      "Converged. Try it yourself with kubectl: deno task sandbox, then follow the commands it prints.",
    );
    return 0;
  } finally {
    stop.abort();
    await controller;
    await client.close();
    await server.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

if (import.meta.main) {
  Deno.exit(await main());
}
