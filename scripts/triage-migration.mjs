#!/usr/bin/env node
/**
 * Writes migrations/0012_triage.sql from the default rules (src/core/triage-rules.ts) and the seed
 * of migration 0005: run it after changing the defaults' shape only if a new migration is not
 * due instead (a unit test checks the file matches). `node scripts/triage-migration.mjs`
 */
import { readFileSync, writeFileSync } from "node:fs";
import { importTs } from "../bench/load-ts.mjs";

const ROOT = new URL("../", import.meta.url).pathname;
const { DEFAULT_TRIAGE_RULES } = await importTs("src/core/triage-rules.ts");
const { COMPROMISE_NEGATIONS, COMPROMISE_RULES } = await importTs("src/core/triage-rules-compromise.ts");

const seed = /INSERT INTO triage_rules[^']*'((?:[^']|'')*)'/.exec(
  readFileSync(`${ROOT}migrations/0005_intelligence.sql`, "utf8"),
);
if (!seed) throw new Error("no seed in migration 0005");
const oldJson = seed[1].replace(/''/g, "'");
const oldUrgent = JSON.parse(oldJson).priorities.find((p) => p.priority === "urgent");
const sql = (value) => `'${(typeof value === "string" ? value : JSON.stringify(value)).replace(/'/g, "''")}'`;

const text = `-- Relaydesk schema v12: triage rules for "urgent means urgent" (src/core/triage-rules.ts and
-- triage-rules-compromise.ts, written by scripts/triage-migration.mjs, a unit test keeps them equal).
-- A desk still on the rules migration 0005 seeded gets the new defaults whole. A desk whose admin
-- edited the rules keeps every edit: it only gains the stolen-account rules (before its own priority
-- rules, the old default urgent rule goes unless the admin changed it) and the negations they use.
-- Its categories stay as the admin left them (GET /api/staff/triage/rules/defaults shows the new ones).

UPDATE triage_rules
SET rules = ${sql(DEFAULT_TRIAGE_RULES)},
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE id = 1 AND rules = ${sql(oldJson)};

UPDATE triage_rules
SET rules = json_set(
      rules,
      '$.priorities',
      (SELECT json_group_array(json(v)) FROM (
         SELECT 0 AS part, c.key AS i, c.value AS v
           FROM json_each(${sql(COMPROMISE_RULES)}) AS c
          WHERE json_extract(c.value, '$.name') NOT IN
                (SELECT ifnull(json_extract(p.value, '$.name'), '') FROM json_each(triage_rules.rules, '$.priorities') AS p)
         UNION ALL
         SELECT 1, p.key, p.value
           FROM json_each(triage_rules.rules, '$.priorities') AS p
          WHERE json(p.value) <> json(${sql(oldUrgent)})
         ORDER BY 1, 2)),
      '$.negations',
      json(${sql(COMPROMISE_NEGATIONS)})),
    updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE id = 1 AND json_extract(rules, '$.negations') IS NULL;
`;
writeFileSync(`${ROOT}migrations/0012_triage.sql`, text);
console.log(`migrations/0012_triage.sql: ${text.length} characters`);
