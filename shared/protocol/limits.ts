/** Limits enforced on both ends. Anything beyond is rejected with a logged reason. */
export const LIMITS = {
  /** Longest string field (names, titles, notes, ids). */
  maxStringLength: 512,
  maxIdLength: 64,
  /** Most entities in one snapshot. */
  maxSnapshotEntities: 50_000,
  /** Most upserts or removes in one delta. */
  maxDeltaItems: 5_000,
  /** Most records in one binary unit-position frame. */
  maxPositionRecords: 20_000,
  /** Most records in the incident history block of a snapshot. */
  maxHistoryRecords: 2_000_000,
  /** Largest message a client may send to the server, bytes (socket.io maxHttpBufferSize). */
  maxClientMessageBytes: 64 * 1024,
  /** Commands a client may send per second (token bucket, burst of the same size). */
  maxCommandsPerSecond: 20,
  /** Most units in one dispatch command. */
  maxDispatchUnits: 20,
} as const;
