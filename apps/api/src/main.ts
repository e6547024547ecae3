import { ConfigError, loadConfig } from '@vigil/data';
import { createApp } from './app.factory.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen({ port: config.port, host: config.host });
  console.log(`Vigil API listening on http://${config.host}:${config.port} (docs at /api/docs)`);
}

main().catch((error: Error) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
