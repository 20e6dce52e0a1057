// Hono environment shared by every route module: the authenticated user is resolved once, by the auth middleware.
export interface AppEnv {
  Variables: {
    /** Set by the auth middleware on every /v1 and compatibility route. */
    userId: string;
  };
}
