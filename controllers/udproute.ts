/**
 * The UDPRoute controller: the shared route logic (`route.ts`) for kind UDPRoute.
 *
 * @module
 */
import type { Controller } from "../lib/kube/controller.ts";
import type { ControllerDeps } from "./context.ts";
import { routeController } from "./route.ts";

/** Creates the UDPRoute controller. */
export function udpRouteController(deps: ControllerDeps): Controller {
  return routeController(deps, "UDPRoute");
}
