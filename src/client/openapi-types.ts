// Generated from GET /openapi.json by `npm run client:types` (test/client/support/client-types.ts): do not edit.
// test/client/openapi-types.test.ts fails when this file differs from the document the service serves.
export interface paths {
    "/v1/scans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's scans, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Your scans */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScanList"];
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a scan
         * @description Registers the scan before answering; if you already have a scan running (and `force` is not true), answers with it and `Scan-Reused: true`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ScanRequest"];
                };
            };
            responses: {
                /** @description Accepted: the scan (state initiated, or your running scan when reused) */
                202: {
                    headers: {
                        /** @description /v1/scans/{id} */
                        Location?: string;
                        /** @description Seconds until the next poll is worthwhile (while not final). */
                        "Retry-After"?: number;
                        /** @description "true" when your running scan was returned */
                        "Scan-Reused"?: string;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScanSnapshot"];
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body over the configured limit (PAYLOAD_TOO_LARGE) */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body is not application/json in UTF-8 (UNSUPPORTED_MEDIA_TYPE) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Running + queued scans at their bound (SCAN_CAPACITY), or, given the queue and the learned costs, not one strategy could finish before the deadline (OVERLOADED, with predictedWaitMs); both carry Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Shutting down (SHUTTING_DOWN) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scans/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Read a scan (ETag / If-None-Match, long-poll with waitMs) */
        get: {
            parameters: {
                query?: {
                    /** @description Long-poll: answer when the version changes, or after this many ms. */
                    waitMs?: number;
                    /** @description Long-poll baseline (default: the version in If-None-Match). */
                    version?: number;
                };
                header?: never;
                path: {
                    /** @description Scan id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The current snapshot */
                200: {
                    headers: {
                        /** @description "<id>-<version>" */
                        ETag?: string;
                        /** @description Seconds until the next poll is worthwhile (while not final). */
                        "Retry-After"?: number;
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScanSnapshot"];
                    };
                };
                /** @description Not modified: If-None-Match equals the current ETag */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown, expired or foreign id (SCAN_NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Cancel a scan (keeps every finished result) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scan id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The scan was already final: nothing changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScanSnapshot"];
                    };
                };
                /** @description Cancelled: running strategies stopped, queued ones never start */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ScanSnapshot"];
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown, expired or foreign id (SCAN_NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scans/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream a scan as Server-Sent Events
         * @description Events: `snapshot` (data = the snapshot JSON, id = version); `: ping` comments keep the connection alive; the stream ends after the final snapshot.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scan id */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream of snapshots */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown, expired or foreign id (SCAN_NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many open streams (STREAM_CAPACITY) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/strategies": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The strategy catalogue */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every strategy a scan can run */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            strategies: components["schemas"]["StrategyInfo"][];
                        };
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/machines/scan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scan machine's definition (machine.toJSON()) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description XState machine definition */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/opportunities/discover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Legacy: start a scan (same body as POST /v1/scans, plus force_refresh)
         * @description `force_refresh: true` behaves like `force: true` (a new scan even if one of yours is running).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["LegacyDiscoverRequest"];
                };
            };
            responses: {
                /** @description Started (or your running scan) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyDiscoverResponse"];
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Body too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Not JSON */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Capacity (SCAN_CAPACITY) or predicted overload (OVERLOADED) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Shutting down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/opportunities/status/{scan_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Legacy: a scan's status in the replaced service's shape */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Scan id */
                    scan_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The scan */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyStatusResponse"];
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown, expired or foreign id */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LegacyNotFound"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness and load */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Serving */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Health"];
                    };
                };
                /** @description Shutting down */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["HealthShuttingDown"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: serving at full speed (workers loaded, JIT warm, costs known) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Ready"];
                    };
                };
                /** @description Not ready (NOT_READY, with `waitingFor`: some of workers, jit, costs), or shutting down (SHUTTING_DOWN) */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text exposition format) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description scanner_* metrics plus process/Node defaults */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scans/{id}/trace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scan's recorded XState inspection events */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Inspection events, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        }[];
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown, expired or foreign id (SCAN_NOT_FOUND), or a scan without a trace (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/v1/scans/{id}/inspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scan's inspection events, live */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description text/event-stream of inspection events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Invalid request (VALIDATION_FAILED, INVALID_USER_ID, …) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Unknown, expired or foreign id (SCAN_NOT_FOUND), or a scan without a trace (NOT_FOUND) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Too many open streams (STREAM_CAPACITY) */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/debug": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Self-hosted live visualizer page */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description HTML page */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/debug/graph.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The scan statechart laid out for the visualizer */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Nodes and edges with positions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/debug/assets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visualizer page's scripts and styles */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The asset */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/javascript": string;
                        "text/css": string;
                        "text/html": string;
                    };
                };
                /** @description No such asset */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/debug/pool.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The worker pool's recent activity: task spans per worker thread, queue depth, aborts and replacements
         * @description Spans and marks of scans the caller does not own carry scanId null and own false.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Only the last sinceMs ms (default 60000). */
                    sinceMs?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The last sinceMs ms of the pool timeline */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PoolView"];
                    };
                };
                /** @description sinceMs is not an integer from 1 to 3600000, or an invalid X-User-Id (VALIDATION_FAILED, INVALID_USER_ID) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
                /** @description Missing or invalid bearer token (UNAUTHORIZED); carries WWW-Authenticate: Bearer */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": components["schemas"]["Problem"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** This document */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OpenAPI 3.1 document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ScanSnapshot: {
            id: string;
            userId: string;
            state: components["schemas"]["ScanState"];
            done: boolean;
            /** @description Increments on every change; ETag is "<id>-<version>". */
            version: number;
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            startedAt: string | null;
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            finishedAt: string | null;
            budgetMs: number;
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            deadlineAt: string;
            elapsedMs: number;
            progress: components["schemas"]["Progress"];
            strategies: components["schemas"]["StrategySnapshot"][];
            /** @description Ranked best first across strategies. */
            opportunities: components["schemas"]["Opportunity"][];
            plan: components["schemas"]["ScanPlan"];
        };
        /**
         * @description Final states: complete, partial, failed, cancelled.
         * @enum {string}
         */
        ScanState: "initiated" | "running" | "complete" | "partial" | "failed" | "cancelled";
        Progress: {
            total: number;
            queued: number;
            running: number;
            succeeded: number;
            failed: number;
            timedOut: number;
            cancelled: number;
            skipped: number;
        };
        StrategySnapshot: {
            id: string;
            status: components["schemas"]["StrategyStatus"];
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            startedAt: string | null;
            durationMs: number | null;
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            deadlineAt: string | null;
            opportunities: number;
            truncated: boolean;
            /** @description Why it did not succeed; WOULD_MISS_DEADLINE: skipped because it was predicted not to finish in time. */
            error?: {
                code: string;
                message: string;
            };
            /** @description Expected run time when the scan was planned (learned on this market); null when never seen. */
            expectedMs: number | null;
            /** @description Planned last: it was hard-killed at its deadline in several consecutive runs. */
            quarantined: boolean;
            /** @description A strategy run as chunks on several worker threads: how many chunks, and how many have finished; null when it runs as one task. */
            chunks: {
                total: number;
                done: number;
            } | null;
            /** @description Once settled: the fraction of its chunks its opportunities come from (below 1 when its deadline cut a split strategy short, with truncated true; a strategy run whole is one chunk: 1 if it succeeded, 0 otherwise); null until it settles. */
            coverage: number | null;
        };
        /** @enum {string} */
        StrategyStatus: "queued" | "running" | "succeeded" | "failed" | "timed_out" | "cancelled" | "skipped";
        Opportunity: {
            strategy: string;
            symbols: string[];
            /** @enum {string} */
            side: "long" | "short" | "neutral";
            /** @description 0 … 10 */
            confidence: number;
            expectedReturnPct: number;
            riskPct: number;
            /** @example 4h */
            horizon: string;
            entry: number | null;
            stop: number | null;
            target: number | null;
            rationale: string;
        };
        /** @description How the engine planned the scan when it was created. */
        ScanPlan: {
            /**
             * @description longest_first (everything fits: shortest makespan) or most_finished (not everything fits: the most strategies that can finish).
             * @enum {string}
             */
            policy: "longest_first" | "most_finished" | "fifo" | "shortest_first";
            /**
             * Format: date-time
             * @description When the strategies predicted to fit should be done; null when none is.
             * @example 2025-01-01T12:00:00.000Z
             */
            predictedFinishAt: string | null;
        } | null;
        /** @description RFC 9457 problem details (application/problem+json). */
        Problem: {
            /** @example https://opportunity-scanner.dev/problems/scan-not-found */
            type: string;
            title: string;
            status: number;
            detail: string;
            /** @example SCAN_NOT_FOUND */
            code: string;
            instance?: string;
            errors?: {
                path: string;
                message: string;
            }[];
            validStrategies?: string[];
            unknownSymbols?: string[];
            /** @description OVERLOADED: predicted ms until a worker is free for the scan; SCAN_CAPACITY: until a scan slot frees (Retry-After rounds it up). */
            predictedWaitMs?: number;
            /** @description SCAN_CAPACITY: scans executing. */
            running?: number;
            /** @description SCAN_CAPACITY: scans waiting for their first worker. */
            queued?: number;
        };
        ScanRequest: {
            /**
             * @description Strategy ids from GET /v1/strategies; default: all.
             * @example [
             *       "pairs_trading",
             *       "momentum"
             *     ]
             */
            strategies?: string[];
            /**
             * @description Whole-scan deadline, ms from registration.
             * @example 10000
             */
            budgetMs?: number;
            /**
             * @description Per-strategy deadline; never later than the scan deadline.
             * @example 30000
             */
            strategyTimeoutMs?: number;
            /** @description Symbols of the loaded market; default: the whole universe. Duplicates are ignored. */
            symbols?: string[];
            /**
             * @description Holdings in units per symbol (negative = short), each symbol of the loaded market, |units| ≤ 1e12; the keys __proto__, constructor, prototype are refused. Default: a demo portfolio.
             * @example {
             *       "BTC-USD": 0.5
             *     }
             */
            portfolio?: {
                [key: string]: number;
            };
            /** @description Start a new scan even if one of yours is running. */
            force?: boolean;
        };
        ScanList: {
            scans: components["schemas"]["ScanSummary"][];
        };
        ScanSummary: {
            id: string;
            state: components["schemas"]["ScanState"];
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            createdAt: string;
            /**
             * Format: date-time
             * @example 2025-01-01T12:00:00.000Z
             */
            finishedAt: string | null;
            progress: components["schemas"]["Progress"];
        };
        StrategyInfo: {
            id: string;
            name: string;
            description: string;
            inputs: string[];
        };
        LegacyDiscoverResponse: {
            /** @enum {boolean} */
            success: true;
            scan_id: string;
            /** @enum {string} */
            status: "initiated";
            message: string;
            poll_url: string;
        };
        LegacyDiscoverRequest: {
            /**
             * @description Strategy ids from GET /v1/strategies; default: all.
             * @example [
             *       "pairs_trading",
             *       "momentum"
             *     ]
             */
            strategies?: string[];
            /**
             * @description Whole-scan deadline, ms from registration.
             * @example 10000
             */
            budgetMs?: number;
            /**
             * @description Per-strategy deadline; never later than the scan deadline.
             * @example 30000
             */
            strategyTimeoutMs?: number;
            /** @description Symbols of the loaded market; default: the whole universe. Duplicates are ignored. */
            symbols?: string[];
            /**
             * @description Holdings in units per symbol (negative = short), each symbol of the loaded market, |units| ≤ 1e12; the keys __proto__, constructor, prototype are refused. Default: a demo portfolio.
             * @example {
             *       "BTC-USD": 0.5
             *     }
             */
            portfolio?: {
                [key: string]: number;
            };
            /** @description Start a new scan even if one of yours is running. */
            force?: boolean;
            force_refresh?: boolean;
        };
        LegacyStatusResponse: {
            /** @enum {boolean} */
            success: true;
            scan_id: string;
            user_id: string;
            /** @enum {string} */
            status: "scanning" | "complete" | "partial" | "failed" | "cancelled";
            opportunities: components["schemas"]["Opportunity"][];
            total_opportunities: number;
            strategy_performance: {
                [key: string]: {
                    status: string;
                    duration_ms: number | null;
                    opportunities: number;
                };
            };
            execution_time_ms: number;
            last_updated: string;
            metadata: {
                scan_state: string;
                message: string;
                strategies_completed: number;
                total_strategies: number;
                remaining_strategies: number;
                elapsed_seconds: number;
            };
        };
        LegacyNotFound: {
            /** @enum {boolean} */
            success: false;
            /** @enum {string} */
            status: "not_found";
            message: string;
        };
        Health: {
            /**
             * @description degraded: distributed mode and Redis is unreachable.
             * @enum {string}
             */
            status: "ok" | "degraded";
            /** @description This instance (SCANNER_INSTANCE_ID). */
            instance: string;
            store: components["schemas"]["StoreHealth"];
            pool: {
                threads: number;
                queued: number;
                running: number;
            };
            scans: {
                /** @description Scans with at least one strategy started, not yet final. */
                running: number;
                /** @description Scans registered whose strategies have not started yet. */
                queued: number;
                retained: number;
            };
            /** @description What GET /readyz says (liveness does not depend on it). */
            ready: boolean;
            costs: components["schemas"]["CostOrigins"];
        };
        /** @description Distributed mode: the shared store; null in the single-process default. */
        StoreHealth: {
            /** @description Redis answers. While false, POST answers 503 STORE_UNAVAILABLE; scans running here keep running. */
            available: boolean;
            /** @description Scans waiting in the shared queue for an instance (null when unknown). */
            queueDepth: number | null;
            /** @description How long the scan waiting longest has waited (null when none, or unknown). */
            oldestQueuedAgeMs: number | null;
            /** @description Scans run here whose newest version waits for Redis to come back. */
            pendingMirrors: number;
            /** @description Redis keeps accepted scans (append-only file, maxmemory-policy noeviction). false: a Redis restart or eviction can lose them (a warn line at start says how to fix it); null: Redis would not say. */
            durable?: boolean | null;
        } | null;
        /** @description Where each strategy cost comes from; null when not tracked. */
        CostOrigins: {
            /** @description Short id of what the costs are valid for (market, pool size, strategy code). */
            key: string | null;
            /** @description Where learned costs are saved (SCANNER_STATE_DIR); null when not saved. */
            stateFile: string | null;
            /** @description Strategies by where their cost comes from. */
            counts: {
                calibrated: number;
                measured: number;
                saved: number;
                cluster: number;
                guessed: number;
            };
            strategies: {
                strategy: string;
                /**
                 * @description calibrated: measured at start-up here; measured: by scans here; saved: loaded from SCANNER_STATE_DIR; cluster: read from the other instances; guessed: known nowhere, planned from a reference cost.
                 * @enum {string}
                 */
                source: "calibrated" | "measured" | "saved" | "cluster" | "guessed";
                /** @description The full-market cost plans use; null while guessed. */
                expectedMs: number | null;
            }[];
        } | null;
        HealthShuttingDown: {
            /** @enum {string} */
            status: "shutting_down";
        };
        Ready: {
            /** @enum {string} */
            status: "ready";
            /** @description Seconds from process start to ready. */
            secondsToReady: number | null;
            costs: {
                calibrated: number;
                measured: number;
                saved: number;
                cluster: number;
                guessed: number;
            };
        };
        PoolView: {
            /** @description Tasks that may run at once */
            threads: number;
            /** @description Server wall-clock ms when answered */
            now: number;
            /** @description now − sinceMs */
            since: number;
            spans: components["schemas"]["PoolSpan"][];
            marks: components["schemas"]["PoolMark"][];
            /** @description Queue depth (tasks waiting, all scans) at each change; the first entry is the depth at `since` when known */
            queue: {
                at: number;
                depth: number;
            }[];
            costs: components["schemas"]["CostOrigins"] & unknown;
        };
        PoolSpan: {
            /** @description Node threadId; a replaced worker gets a new one (a new lane) */
            threadId: number;
            /** @description null for background work and for scans of other users */
            scanId: string | null;
            /** @description The caller's scan */
            own: boolean;
            strategy: string;
            /** @description wall-clock ms */
            startedAt: number;
            /** @description null while running */
            endedAt: number | null;
            /** @description The outcome once ended (succeeded, timed_out, failed, …) */
            status: string | null;
            /** @description Started although predicted to miss its deadline */
            speculative: boolean;
            /** @description Its worker was terminated */
            hardAborted: boolean;
            /** @description Which chunk of a chunked strategy the task ran (index from 0); absent for a strategy run whole */
            chunk?: {
                index: number;
                total: number;
            };
        };
        PoolMark: {
            /** @enum {string} */
            type: "hard_abort" | "preempted" | "worker_created" | "worker_destroyed";
            /** @description wall-clock ms */
            at: number;
            threadId: number | null;
            /** @description null for background work and for scans of other users */
            scanId: string | null;
            own: boolean;
            strategy?: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
