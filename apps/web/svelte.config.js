import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // A single-page app: the API serves build/ at "/" and answers unknown paths with index.html.
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    alias: {
      // Contracts shared with api and workers, compiled from source (browser-safe modules only).
      '@vigil/contracts': '../../packages/contracts/src/index.ts',
    },
  },
};

export default config;
