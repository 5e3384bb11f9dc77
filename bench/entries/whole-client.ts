// What a worker that uses every group bundles from the client.
import { createClient } from "@actuallycare/shared/client/create-client";

export default {
  async fetch(_request: Request, env: { ACTUALLYCARE_API_KEY: string }): Promise<Response> {
    const client = await createClient({ baseUrl: "https://api.actuallycare.com/v1", apiKey: env.ACTUALLYCARE_API_KEY });
    return Response.json(Object.keys(client));
  },
};
