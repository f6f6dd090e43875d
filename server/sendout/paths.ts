/** The one route the CSRF guard lets through cross-site: mail providers POST it by design (RFC 8058). */
export const UNSUBSCRIBE_PATH = /^\/api\/v1\/sendout\/unsubscribe\/[^/]+$/;
