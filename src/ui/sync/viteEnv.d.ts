// Build-time variables of this app (Vite's import.meta.env), merged into vite/client's types.
interface ImportMetaEnv {
  /** JSON of the S3Location of `npm start`'s dev store; set by scripts/start.ts only. */
  readonly VITE_PINHOLE_DEV_STORE?: string;
}
