// The baseline: a worker with no client at all.
export default {
  async fetch(): Promise<Response> {
    return Response.json({ ok: true });
  },
};
