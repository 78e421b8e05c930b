import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { textSubsets } from './text-subsets.plugin';

/** Patient languages precached for offline use; every other one is cached once a patient uses it. */
const BASE_PATIENT_LANGUAGES = ['en', 'zh-CN'];

export default defineConfig({
  plugins: [
    react(),
    textSubsets(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src/sw',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      injectManifest: {
        // Everything needed to start offline: shell, every JS chunk (pages, SOP texts, locales), icons.
        globPatterns: ['**/*.{js,css,html,svg,png,webmanifest,json}'],
        // README images are not app assets; patient languages other than the two base ones are
        // fetched only when chosen and cached then (see src/sw/sw.ts).
        globIgnores: ['screenshots/**', 'assets/patient-lazy-*'],
      },
      manifest: {
        name: 'ScanCard',
        short_name: 'ScanCard',
        description: 'Standard-operating-procedure step cards for CT and MRI technologists',
        lang: 'en',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#eef2f6',
        theme_color: '#0b4f8a',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  build: {
    target: 'es2022',
    sourcemap: false,
    rollupOptions: {
      output: {
        // i18next in a chunk of its own: shared into another chunk, it dragged the cards onto the start-up path.
        manualChunks: (id) => (/node_modules\/(react-)?i18next\//.test(id) ? 'i18next' : undefined),
        // Patient texts are JSON files named by language, so the service worker can tell the base
        // languages (precached) from the others (cached once used).
        assetFileNames: (asset) => {
          const m = /locales\/([^/]+)\/patient\.json$/.exec(asset.originalFileNames?.[0] ?? '');
          if (!m) return 'assets/[name]-[hash][extname]';
          return `assets/patient-${BASE_PATIENT_LANGUAGES.includes(m[1]!) ? 'base' : 'lazy'}-${m[1]}-[hash].json`;
        },
      },
    },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8787' } },
});
