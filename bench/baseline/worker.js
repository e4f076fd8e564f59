/**
 * Baseline for `npm run bench` (figure 1): reads the JSON body a webhook would carry and does
 * exactly one D1 insert, then answers. The floor any ingest path on the same local stack has.
 */
export default {
  async fetch(request, env) {
    if (request.method !== "POST") return Response.json({ ok: true });
    const body = await request.text();
    JSON.parse(body);
    await env.DB.prepare("INSERT INTO inbox (id, body, created_at) VALUES (?1, ?2, ?3)")
      .bind(crypto.randomUUID(), body, new Date().toISOString())
      .run();
    return Response.json({ ok: true });
  },
};
