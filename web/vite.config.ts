import { defineConfig } from 'vite';

// The API runs in a real `baton serve`; the dev server forwards /api to it.
const api = process.env.BATON_URL || 'http://127.0.0.1:8080';

export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    target: 'es2020',
    assetsInlineLimit: 0, // the CSP allows no inline assets beyond images; keep everything a file
    cssCodeSplit: false,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: { proxy: { '/api': { target: api, changeOrigin: false } } },
  // The same Content-Security-Policy the server sends, so `npm run preview` catches violations.
  preview: {
    proxy: { '/api': { target: api, changeOrigin: false } },
    headers: {
      'Content-Security-Policy':
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
    },
  },
});
