/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the Kiosque CMS, without `/api` (e.g. `https://cms.example.org`). */
  readonly VITE_API_URL?: string;
}

interface ImportMeta {
  readonly env: ImportMetaEnv;
}
