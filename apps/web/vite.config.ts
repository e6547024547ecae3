import { sveltekit } from '@sveltejs/kit/vite';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

// In development the dashboard runs on vite's server and talks to the API through this proxy,
// so the browser still sees one origin (cookies and CSRF work as in production).
const apiTarget = process.env.VIGIL_API_URL ?? 'http://localhost:3000';

const contractsSource = fileURLToPath(new URL('../../packages/contracts/src/', import.meta.url));

/**
 * The contracts' modules only declare things, but rollup cannot prove that of zod schema construction at
 * module level. Declaring them free of side effects lets it drop what the browser never uses
 * (the ingest schema, and zod with it).
 */
function contractsWithoutSideEffects(): Plugin {
  return {
    name: 'vigil:contracts-without-side-effects',
    transform(code, id) {
      if (id.startsWith(contractsSource)) return { code, map: null, moduleSideEffects: false };
      return null;
    },
  };
}

export default defineConfig({
  plugins: [sveltekit(), contractsWithoutSideEffects()],
  resolve: {
    alias: [
      {
        find: /^@vigil\/core$/,
        replacement: fileURLToPath(new URL('../../packages/contracts/src/index.ts', import.meta.url)),
      },
    ],
  },
  ssr: {
    // Kit's server runtime (used at build time to analyse routes) needs cookie 0.6, nested under kit;
    // the API's packages use other majors. Bundling it resolves kit's own copy.
    noExternal: ['cookie'],
  },
  server: {
    proxy: {
      '/api': { target: apiTarget },
      '/socket.io': { target: apiTarget, ws: true },
    },
  },
  build: {
    // chart.js alone is ~200 kB minified; keep the warning meaningful for everything else.
    chunkSizeWarningLimit: 400,
  },
});
