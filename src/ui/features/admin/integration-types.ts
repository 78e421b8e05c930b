// What the hospital link's routes answer (src/server/routes/integration.routes.ts).
export type WorklistEndpoint = {
  scanner: string;
  host: string;
  port: number;
  callingAeTitle: string;
  calledAeTitle: string;
  stationAeTitle?: string;
  modality?: string;
  timeoutMs?: number;
};
export type EmrEndpoint = {
  url: string;
  accessionSystem: string;
  patientSystem: string;
  userSystem: string;
  codeSystem: string;
  timeoutMs?: number;
  headerNames?: string[];
};
export type IntegrationSettingsView = {
  worklist?: { intervalMs: number; scanners: WorklistEndpoint[] };
  emr?: EmrEndpoint;
  inbound: boolean;
  emrSince: number | null;
};
export type IntegrationStatus = {
  endpoints: {
    worklists: WorklistEndpoint[];
    worklistIntervalMs: number | null;
    emr: { url: string } | null;
    inbound: boolean;
  };
  exchanges: { endpoint: string; lastOkAt: number | null; lastErrorAt: number | null; lastError: string | null }[];
  outbox: {
    pending: number;
    failing: number;
    rejected: number;
    lastDeliveredAt?: number;
    lastError?: string;
    recent: {
      id: string;
      runId: string;
      state: string;
      attempts: number;
      lastError?: string | null;
      createdAt: number;
    }[];
  };
  bookings: {
    open: number;
    unmapped: { accessionNumber: string; code: string | null; modality: string | null; reason: string | null }[];
  };
};
export type CardMappingRow = { code: string; system?: string; modality?: string; cardId: string };
