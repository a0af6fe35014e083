/** Moved to shared/palette.ts (imported by server, client and seed); kept so existing imports still resolve. */
export * from "../../shared/palette.ts";
