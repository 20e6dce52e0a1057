// Who asks, and what names a user or a scan: declared once, used by configuration, auth, the engine and the schemas.

/** Who asks. Every read and write is checked against it: another user's scan is the same "not found" as no scan. */
export interface Identity {
  userId: string;
}

/** A user id: 1–64 of [A-Za-z0-9_.-] (token map entries and X-User-Id alike). */
export const USER_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
export const USER_ID_RULE = '1–64 characters of [A-Za-z0-9_.-]';

/** Scan ids are nanoids; anything else cannot name a scan (and is answered like an unknown id). */
export const SCAN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
