import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The staff console: built into dist/console and served by the API at /console (static, with a
 * history fallback). Nothing comes from a CDN: every script, style and font is in the bundle.
 */
export default defineConfig({
  root: here,
  base: '/console/',
  publicDir: false,
  resolve: { alias: { '@tenggat/api-client': resolve(here, '../../libs/api-client/src/index.ts') } },
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: resolve(here, '../../dist/console'),
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
    // only the lazily loaded mermaid chunks (permit-type diagram) are large; the first load is measured in the tests
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      // Mantine marks its modules "use client" (for React Server Components); meaningless in this SPA
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  logLevel: 'warn',
});
