// What the tablet signs for a device session: its id and the challenge, under a fixed purpose string.
// Its own module (no zod) because the tablet signs before anyone signs in, on the start-up path.
export const sessionProof = (deviceId: string, challenge: string) =>
  `scancard device session v1\n${deviceId}\n${challenge}`;
