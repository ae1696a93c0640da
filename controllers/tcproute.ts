/**
 * The TCPRoute controller: the shared route logic (`route.ts`) for kind TCPRoute.
 *
 * @module
 */
import type { Controller } from "../lib/kube/controller.ts";
import type { ControllerDeps } from "./context.ts";
import { routeController } from "./route.ts";

/** Creates the TCPRoute controller. */
export function tcpRouteController(deps: ControllerDeps): Controller {
  return routeController(deps, "TCPRoute");
}
