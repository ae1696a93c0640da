import assert from "node:assert/strict";

const MAIN = new URL("../main.ts", import.meta.url).pathname;
const EXAMPLES = new URL("../manifests/examples", import.meta.url).pathname;
const GOLDEN = new URL(
  "./testdata/translate/gateway-with-one-tcp-listener-gets-the-lowest-free-address-and-a-service.in.yaml",
  import.meta.url,
).pathname;

async function run(args: string[], stdin?: string) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-env", MAIN, "translate", ...args],
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const w = child.stdin.getWriter();
    await w.write(new TextEncoder().encode(stdin));
    await w.close();
  }
  const out = await child.output();
  const dec = new TextDecoder();
  return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
}

Deno.test("translate -f on the examples directory prints statuses, the Services to create and a summary", async () => {
  const { code, stdout, stderr } = await run(["-f", EXAMPLES]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /# create Service demo\/edge-kube-vip\n/);
  assert.match(stdout, /kind: TranslateSummary/);
  assert.match(stdout, /message: Attached to Gateway demo\/edge listener postgres/);
  assert.match(stdout, /value: 172\.18\.100\.10/);
});

Deno.test("translate reads stdin with -f - and prints a JSON List with -o json", async () => {
  const { code, stdout } = await run(["-f", "-", "-o", "json"], await Deno.readTextFile(GOLDEN));
  assert.equal(code, 0);
  const list = JSON.parse(stdout);
  assert.equal(list.kind, "List");
  const gw = list.items.find((i: { kind: string }) => i.kind === "Gateway");
  assert.equal(gw.status.addresses[0].value, "192.168.10.10");
  assert.equal(list.items.at(-1).kind, "TranslateSummary");
});

Deno.test("translate applies the decision flags", async () => {
  const { code, stdout } = await run([
    "-f",
    GOLDEN,
    "--announcer",
    "metallb",
    "-load-balancer-class=x.io/lb",
  ]);
  assert.equal(code, 0);
  assert.match(stdout, /metallb\.io\/loadBalancerIPs: 192\.168\.10\.10/);
  assert.match(stdout, /loadBalancerClass: x\.io\/lb/);
});

Deno.test("unparsable YAML is an error naming the document, exit code 1", async () => {
  const { code, stderr, stdout } = await run(
    ["-f", "-"],
    "kind: Namespace\nmetadata: {name: a}\napiVersion: v1\n---\nkey: [unclosed\n",
  );
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.match(stderr, /Cannot parse document 2 of stdin/);
});

Deno.test("an unknown kind is an error naming the document, its kind and name", async () => {
  const { code, stderr } = await run(
    ["-f", "-"],
    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\n",
  );
  assert.equal(code, 1);
  assert.match(
    stderr,
    /document 1 \(Deployment apps\/web\): kind Deployment is not one translate reads/,
  );
});

Deno.test("a missing name or a wrong field type is an error naming the field", async () => {
  const noName = await run(
    ["-f", "-"],
    "apiVersion: v1\nkind: Service\nmetadata: {namespace: a}\n",
  );
  assert.equal(noName.code, 1);
  assert.match(noName.stderr, /document 1 \(Service\): metadata\.name/);
  const badPort = await run(
    ["-f", "-"],
    "apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\n" +
      "spec: {gatewayClassName: l4, listeners: [{name: a, protocol: TCP, port: eighty}]}\n",
  );
  assert.equal(badPort.code, 1);
  assert.match(
    badPort.stderr,
    /Gateway gw\): spec\.listeners\.0\.port: Invalid input: expected number/,
  );
});

Deno.test("a missing file is an error naming it", async () => {
  const { code, stderr } = await run(["-f", "/nonexistent/objects.yaml"]);
  assert.equal(code, 1);
  assert.match(stderr, /Cannot read \/nonexistent\/objects\.yaml/);
});
