// What a worker that only creates leads bundles from the client.
import { createTransport } from "@actuallycare/shared/client/create-transport";
import { leadsApi } from "@actuallycare/shared/client/groups/leads";

export default {
  async fetch(_request: Request, env: { ACTUALLYCARE_API_KEY: string }): Promise<Response> {
    const leads = leadsApi(
      await createTransport({ baseUrl: "https://api.actuallycare.com/v1", apiKey: env.ACTUALLYCARE_API_KEY }),
    );
    return Response.json(await leads.create({ name: "Bench" }));
  },
};
