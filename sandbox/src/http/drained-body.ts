/**
 * Hands the app a copy of `request` whose body arrives through a pipe of the
 * sandbox's own, so that the app may stop reading early (a 413 at the cap, a
 * 401 that never reads) while the sender's upload is still consumed to its
 * end, chunk by chunk and discarded, before the answer goes out: wrangler dev
 * drops an answer sent while the client is still uploading, and reports the
 * late read as an uncaught error. Nothing past what the app reads is kept.
 */
export function withDrainedBody(request: Request): { request: Request; drain(): Promise<void> } {
  const source = request.body;
  if (!source) return { request, drain: async () => {} };
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  // preventCancel: when the app cancels its copy, the sender's stream stays open to be drained.
  const piped = source.pipeTo(writable, { preventCancel: true }).catch(() => undefined);
  return {
    request: new Request(request, { body: readable, duplex: "half" } as RequestInit),
    async drain() {
      if (!readable.locked) await readable.cancel().catch(() => undefined);
      await piped;
      const reader = source.getReader();
      try {
        while (!(await reader.read()).done) {
          // discarded
        }
      } catch {
        // The sender went away: nothing left to wait for.
      }
    },
  };
}
