// Vigil's API started as apps/api/dist/main.js starts it, that also prints the table of routes Fastify
// ended up with: one line, "ROUTES <json>", once it listens. The role × route matrix
// (test/api/role-matrix.int-spec.ts) reads its routes from the running app this way, so a route nobody
// listed fails that test; and from a test launcher rather than an endpoint, so production serves no
// such dump.
import { ConfigError, loadConfig } from '@vigil/data';
import { createApp } from '../../apps/api/dist/app.factory.js';

/**
 * Fastify's public route listing is printRoutes(), a tree: each line is a node's path relative to its
 * parent and the methods it answers, indented four characters a level. Flattened here into "METHOD /path".
 */
function routeTable(fastify) {
  const routes = [];
  const pathAt = [];
  for (const line of fastify.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^(.*?)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = [...node[1]].length / 4;
    const path = (depth > 0 ? pathAt[depth - 1] : '') + node[2];
    pathAt[depth] = path;
    pathAt.length = depth + 1;
    for (const method of node[3]?.split(', ') ?? []) routes.push({ method, url: path });
  }
  // The tree is a printout: check the reading against Fastify's own answer for every route.
  const unknown = routes.filter((r) => !fastify.hasRoute(r));
  if (unknown.length || routes.length === 0) {
    throw new Error(`could not read the route table: ${JSON.stringify(unknown)}\n${fastify.printRoutes()}`);
  }
  return routes.map((r) => `${r.method} ${r.url}`);
}

try {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  console.log(`ROUTES ${JSON.stringify(routeTable(app.getHttpAdapter().getInstance()))}`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
