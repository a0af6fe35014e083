/** Moved to shared/model.ts (imported by server, client and seed); kept so existing imports still resolve. */
export * from "../../shared/model.ts";
