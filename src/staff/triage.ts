/** Staff API for triage rules and the knowledge base: everyone reads, admins write. Mounted under /api/staff. */
import { Hono } from "hono";
import * as z from "zod";
import { NotFoundError, ValidationError } from "../core/errors";
import { newId } from "../core/ids";
import { LANGUAGES } from "../core/inbound";
import { PRIORITIES } from "../core/ticket";
import { ruleProblems, type TriageRules } from "../core/triage";
import { previewTriage } from "../core/triage-preview";
import { DEFAULT_TRIAGE_RULES } from "../core/triage-rules";
import type { AppEnv } from "../env";
import { deleteArticle, getArticle, listArticles, saveArticle } from "../store/kb";
import { getTriageRules, putTriageRules } from "../store/triage";
import { jsonBody, params, query } from "../web/validate";
import { requireAdmin } from "./auth";

const Words = z.array(z.string().trim().min(1).max(100)).max(300);
const Matcher = {
  en: Words.optional(),
  zh: Words.optional(),
  patterns: z.array(z.string().min(1).max(2000)).max(50).optional(),
  fuzzy: z.boolean().optional(),
};
const MatcherObject = z.object(Matcher).strict();
const TriageRulesBody = z
  .object({
    categories: z
      .array(z.object({ category: z.string(), weight: z.number().min(0).max(100).optional(), ...Matcher }).strict())
      .max(100),
    priorities: z
      .array(
        z
          .object({
            priority: z.enum(PRIORITIES),
            name: z.string().trim().min(1).max(100),
            categories: z.array(z.string()).max(20).optional(),
            entities: z
              .array(z.enum(["txid", "address", "uid", "order_id", "amount"]))
              .max(5)
              .optional(),
            with: MatcherObject.optional(),
            unless: MatcherObject.optional(),
            negatable: z.boolean().optional(),
            setCategory: z.string().optional(),
            ...Matcher,
          })
          .strict(),
      )
      .max(100),
    negations: MatcherObject.optional(),
  })
  .strict();

/** A message to try, against the posted (unsaved) rules or, without `rules`, the stored ones. */
const TriagePreviewBody = z
  .object({ text: z.string().trim().min(1, "text must not be empty").max(10_000), rules: TriageRulesBody.optional() })
  .strict();

const ArticleBody = z
  .object({
    language: z.enum(LANGUAGES),
    title: z.string().trim().min(1).max(200),
    body: z.string().trim().min(1).max(4000),
    keywords: Words.max(50),
    enabled: z.boolean().default(true),
  })
  .strict();

const ArticleQuery = z.object({ language: z.enum(LANGUAGES).optional() });
const ArticleId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** An article id in the path; a malformed one names no article (404). */
const articleParam = params({ id: ArticleId }, "Article");

/** /triage/rules (with /triage/preview, admins only) and /kb/articles. */
export function triageApi() {
  return (
    new Hono<AppEnv>()
      .on(["PUT", "POST", "PATCH", "DELETE"], ["/triage/rules", "/kb/articles", "/kb/articles/*"], requireAdmin)
      .get("/triage/rules", async (c) => c.json(await getTriageRules(c.env.DB)))
      /** The rules a fresh install starts with: what an admin who edited the rules can adopt. */
      .get("/triage/rules/defaults", (c) => c.json({ rules: DEFAULT_TRIAGE_RULES }))
      /** Replaces the whole rule set; patterns must compile and categories must exist. */
      .put("/triage/rules", jsonBody(TriageRulesBody), async (c) => {
        const rules = c.req.valid("json") as TriageRules;
        const problems = ruleProblems(rules);
        if (problems.length) throw new ValidationError("The rules are not valid", problems);
        await putTriageRules(c.env.DB, {
          rules,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json(await getTriageRules(c.env.DB));
      })
      /** "Try a message": what triage decides for a text and which rules matched; nothing is stored. */
      .post("/triage/preview", requireAdmin, jsonBody(TriagePreviewBody), async (c) => {
        const body = c.req.valid("json");
        const rules = (body.rules as TriageRules | undefined) ?? (await getTriageRules(c.env.DB)).rules;
        const problems = ruleProblems(rules);
        if (problems.length) throw new ValidationError("The rules are not valid", problems);
        return c.json({ preview: previewTriage(rules, body.text) });
      })
      .get("/kb/articles", query(ArticleQuery), async (c) => {
        const q = c.req.valid("query");
        return c.json({ articles: await listArticles(c.env.DB, q.language) });
      })
      .get("/kb/articles/:id", articleParam, async (c) => {
        const article = await getArticle(c.env.DB, c.req.valid("param").id);
        if (!article) throw new NotFoundError("Article");
        return c.json({ article });
      })
      .post("/kb/articles", jsonBody(ArticleBody), async (c) => {
        const input = c.req.valid("json");
        const article = await saveArticle(c.env.DB, {
          id: newId("kba"),
          input,
          create: true,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json({ article }, 201);
      })
      .put("/kb/articles/:id", articleParam, jsonBody(ArticleBody), async (c) => {
        const id = c.req.valid("param").id;
        const input = c.req.valid("json");
        if (!(await getArticle(c.env.DB, id))) throw new NotFoundError("Article");
        const article = await saveArticle(c.env.DB, {
          id,
          input,
          create: false,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.json({ article });
      })
      .delete("/kb/articles/:id", articleParam, async (c) => {
        const id = c.req.valid("param").id;
        if (!(await getArticle(c.env.DB, id))) throw new NotFoundError("Article");
        await deleteArticle(c.env.DB, {
          id,
          actorId: c.get("staff").staffId,
          auditId: newId("aud"),
          now: new Date().toISOString(),
        });
        return c.body(null, 204);
      })
  );
}
