// The build-time settings this app reads (Vite replaces them when it builds).
interface ImportMetaEnv {
  /** The GraphQL endpoint; default http://localhost:4000/graphql. */
  readonly VITE_GRAPHQL_URL?: string;
  /** Source names offered in the source list, comma-separated; default `flowglad,flexportal`. */
  readonly VITE_SOURCES?: string;
}
