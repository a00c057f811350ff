import { defineConfig } from 'vite';

export default defineConfig({
  // A fixed port: the service grants CORS to exact origins (CORS_ORIGINS=http://localhost:5173),
  // so a dev server that moved to another port would be refused.
  server: { port: 5173, strictPort: true },
  preview: { port: 4173, strictPort: true },
});
