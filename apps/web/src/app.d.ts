// See https://svelte.dev/docs/kit/types#app.d.ts
import type { ApiError } from '@vigil/contracts';

declare global {
  namespace App {
    /** What `error()` carries to +error.svelte: the API's message, and its field errors if any. */
    interface Error {
      message: string;
      details?: ApiError['errors'];
    }
  }
}

export {};
