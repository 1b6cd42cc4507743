import type { MongoClient } from "mongodb";
import { describe, isNumeric } from "./bson-values.ts";
import { compareVersions } from "./load.ts";
import { scalarEquals } from "./matcher.ts";
import type { RunOnRequirement } from "./types.ts";

/** What the server under test reports about itself, for `runOnRequirements`. */
export interface ServerInfo {
  /** From `buildInfo.versionArray`, e.g. "7.0.0". */
  version: string;
  topology: "single" | "replicaset" | "sharded" | "load-balanced";
  auth: boolean;
  serverless: boolean;
  csfle: boolean;
  /** `getParameter` lookup; undefined when the server does not know the parameter. */
  parameter(name: string): Promise<unknown>;
}

/**
 * Asks the server (buildInfo, hello, getParameter) what it is.
 *
 * @example
 * const info = await detectServer(client); // { version: "7.0.0", topology: "replicaset", ... }
 */
export async function detectServer(client: MongoClient): Promise<ServerInfo> {
  const admin = client.db("admin");
  const build = await admin.command({ buildInfo: 1 });
  const hello = await admin.command({ hello: 1 });
  const versionArray = (build.versionArray as unknown[] | undefined)?.slice(0, 3).map(Number);
  const version = versionArray ? versionArray.join(".") : String(build.version);
  let topology: ServerInfo["topology"] = "single";
  if (hello.serviceId !== undefined) topology = "load-balanced";
  else if (hello.msg === "isdbgrid") topology = "sharded";
  else if (typeof hello.setName === "string") topology = "replicaset";
  const parameters = new Map<string, Promise<unknown>>();
  return {
    version,
    topology,
    auth: false,
    serverless: false,
    csfle: false,
    parameter(name) {
      let value = parameters.get(name);
      if (!value) {
        value = admin.command({ getParameter: 1, [name]: 1 }).then(
          (reply) => reply[name],
          () => undefined,
        );
        parameters.set(name, value);
      }
      return value;
    },
  };
}

/** Why one requirement is not met by the server, or undefined when it is. */
export async function unmetRequirement(
  requirement: RunOnRequirement,
  server: ServerInfo,
): Promise<string | undefined> {
  const { minServerVersion, maxServerVersion, topologies } = requirement;
  if (minServerVersion !== undefined && compareVersions(server.version, minServerVersion) < 0) {
    return `needs server >= ${minServerVersion} (server is ${server.version})`;
  }
  if (maxServerVersion !== undefined && compareVersions(server.version, maxServerVersion) > 0) {
    return `needs server <= ${maxServerVersion} (server is ${server.version})`;
  }
  if (
    topologies !== undefined &&
    !topologies.some((topology) => topologyMatches(topology, server.topology))
  ) {
    return `needs topology ${topologies.join("|")} (server is ${server.topology})`;
  }
  if (requirement.serverless === "require" && !server.serverless) return "needs Atlas Serverless";
  if (requirement.serverless === "forbid" && server.serverless) return "forbids Atlas Serverless";
  if (requirement.auth !== undefined && requirement.auth !== server.auth) {
    return requirement.auth ? "needs authentication (the server runs without auth)" : "needs auth disabled";
  }
  if (requirement.authMechanism !== undefined) return `needs auth mechanism ${requirement.authMechanism}`;
  if (requirement.csfle !== undefined && requirement.csfle !== server.csfle) {
    return requirement.csfle
      ? "needs client-side field level encryption (not available)"
      : "needs CSFLE disabled";
  }
  for (const [name, expected] of Object.entries(requirement.serverParameters ?? {})) {
    const actual = await server.parameter(name);
    if (actual === undefined) return `needs server parameter ${name} (unknown to the server)`;
    const equal = isNumeric(expected)
      ? scalarEquals(expected, actual)
      : describe(expected) === describe(actual);
    if (!equal)
      return `needs server parameter ${name}=${describe(expected)} (server has ${describe(actual)})`;
  }
  return undefined;
}

function topologyMatches(wanted: string, actual: ServerInfo["topology"]): boolean {
  return wanted === actual || (wanted === "sharded-replicaset" && actual === "sharded");
}

/**
 * Evaluates a `runOnRequirements` list: met when any one requirement is met.
 * Returns the skip reason (every requirement's unmet part) or undefined.
 */
export async function skipReasonFor(
  requirements: readonly RunOnRequirement[] | undefined,
  server: ServerInfo,
): Promise<string | undefined> {
  if (!requirements || requirements.length === 0) return undefined;
  const reasons: string[] = [];
  for (const requirement of requirements) {
    const reason = await unmetRequirement(requirement, server);
    if (reason === undefined) return undefined;
    reasons.push(reason);
  }
  return [...new Set(reasons)].join("; or ");
}
