import assert from "node:assert/strict";
import {
  isAlreadyExists,
  isConflict,
  isExpired,
  isNotFound,
  isRetryable,
  KubeApiError,
  KubeTransportError,
} from "./errors.ts";

const request = { method: "GET", path: "/api/v1/namespaces/default/configmaps/x" };

Deno.test("CRUD-9: a Status body is kept whole and its reason drives the predicates", () => {
  const body = JSON.stringify({
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message: 'configmaps "x" not found',
    reason: "NotFound",
    details: { name: "x", kind: "configmaps" },
    code: 404,
  });
  const error = KubeApiError.fromResponse(404, body, request);
  assert.equal(error.code, 404);
  assert.equal(error.reason, "NotFound");
  assert.equal(error.status.details?.name, "x");
  assert.equal(
    error.message,
    'GET /api/v1/namespaces/default/configmaps/x: configmaps "x" not found',
  );
  assert.ok(isNotFound(error));
  assert.ok(!isConflict(error) && !isAlreadyExists(error) && !isRetryable(error));
});

Deno.test("a body that is not a Status becomes one from the HTTP code", () => {
  const error = KubeApiError.fromResponse(404, "404 page not found\n", request);
  assert.equal(error.reason, "NotFound");
  assert.equal(error.status.message, "404 page not found");
  const gone = KubeApiError.fromResponse(410, "", request);
  assert.ok(isExpired(gone));
});

Deno.test("429, 5xx and transport failures are retryable; Retry-After is kept", () => {
  const tooMany = KubeApiError.fromResponse(429, "", request, 3);
  assert.ok(isRetryable(tooMany));
  assert.equal(tooMany.retryAfterSeconds, 3);
  assert.ok(isRetryable(KubeApiError.fromResponse(503, "", request)));
  assert.ok(isRetryable(new KubeTransportError(request, new Error("connection refused"))));
  assert.ok(!isRetryable(new Error("other")));
  const conflict = KubeApiError.fromResponse(
    409,
    JSON.stringify({ kind: "Status", reason: "Conflict", code: 409, message: "modified" }),
    request,
  );
  assert.ok(isConflict(conflict) && !isRetryable(conflict));
});
