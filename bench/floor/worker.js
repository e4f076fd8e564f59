/**
 * The floor of `npm run bench:customer`: the least a Telegram bot can do for a new customer. It
 * reads the update, stores it with one D1 insert, then sends one `sendMessage` to the Bot API
 * (TELEGRAM_API_ROOT, the fake on 127.0.0.1) before it answers, like a bare forwarder bot.
 */
export default {
  async fetch(request, env) {
    if (request.method !== "POST") return Response.json({ ok: true });
    const body = await request.text();
    const update = JSON.parse(body);
    const chatId = update.message?.chat?.id;
    await env.DB.prepare("INSERT INTO inbox (id, body, created_at) VALUES (?1, ?2, ?3)")
      .bind(crypto.randomUUID(), body, new Date().toISOString())
      .run();
    if (chatId !== undefined) {
      const res = await fetch(`${env.TELEGRAM_API_ROOT}/bot${env.TELEGRAM_BOT_TOKEN}/sendMessage`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ chat_id: chatId, text: "Thanks, we got your message." }),
      });
      await res.arrayBuffer();
    }
    return Response.json({ ok: true });
  },
};
