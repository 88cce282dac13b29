-- `keyhop export --merge` as Spark SQL: the views handovers-merge.sql reads, then it (at the
-- `@core` line), then the table. ${DS} is the dataset directory (a path or a URI on shared
-- storage: hdfs://, s3a://). Recursion depth: set spark.sql.cteRecursionLevelLimit above the
-- most handover messages of one UE.
-- A previous run's cached views, the dependent ones first.
UNCACHE TABLE IF EXISTS handovers_merged;
DROP VIEW IF EXISTS handovers_merged;
UNCACHE TABLE IF EXISTS step_verdicts;
DROP VIEW IF EXISTS step_verdicts;
UNCACHE TABLE IF EXISTS node_names;
DROP VIEW IF EXISTS node_names;
UNCACHE TABLE IF EXISTS row_links;
DROP VIEW IF EXISTS row_links;
UNCACHE TABLE IF EXISTS rows;
DROP VIEW IF EXISTS rows;

CREATE OR REPLACE TEMPORARY VIEW msgs USING parquet OPTIONS (path '${DS}/messages', recursiveFileLookup 'true');

CACHE TABLE rows AS
SELECT CAST(row_number() OVER (ORDER BY time, file, frame, json) AS BIGINT) AS rid,
       file, CAST(frame AS BIGINT) AS frame, time, unix_micros(time) AS time_us,
       CASE WHEN instr(src_addr, ':') > 0 THEN '[' || src_addr || ']' ELSE src_addr END
         || ':' || CAST(src_port AS STRING) AS src_ep,
       CASE WHEN instr(dst_addr, ':') > 0 THEN '[' || dst_addr || ']' ELSE dst_addr END
         || ':' || CAST(dst_port AS STRING) AS dst_ep,
       src_addr, dst_addr, src_node, dst_node, target_node, ue_event, ho_kind, ue_release, imsi,
       ue_links
FROM msgs
WHERE size(ue_links) > 0;

CACHE TABLE row_links AS
SELECT rid, explode(ue_links) AS k FROM rows;

CACHE TABLE node_names AS
SELECT CASE WHEN instr(src_addr, ':') > 0 THEN '[' || src_addr || ']' ELSE src_addr END
         || ':' || CAST(src_port AS STRING) AS ep, src_addr AS addr, src_node AS name, time
FROM msgs WHERE src_node IS NOT NULL
UNION ALL
SELECT CASE WHEN instr(dst_addr, ':') > 0 THEN '[' || dst_addr || ']' ELSE dst_addr END
         || ':' || CAST(dst_port AS STRING), dst_addr, dst_node, time
FROM msgs WHERE dst_node IS NOT NULL;

CREATE OR REPLACE TEMPORARY VIEW hos USING parquet OPTIONS (path '${DS}/handovers', recursiveFileLookup 'true');

CACHE TABLE step_verdicts AS
SELECT file, CAST(regexp_extract(s, '@([0-9]+)$', 1) AS BIGINT) AS frame, key_chain
FROM (SELECT file, explode(steps) AS s, key_chain FROM hos) x;

-- @core

CACHE TABLE handovers_merged AS
-- ue_ctx: null, as in `keyhop export --merge` (a context number is its file's own).
SELECT m.file, m.ue, CAST(NULL AS INT) AS ue_ctx, m.type, m.outcome, m.source_node,
       m.target_node, m.first_frame, m.last_frame, m.first_time, m.last_time, m.preparation_ms,
       m.execution_ms, coalesce(st.steps, array()) AS steps, m.key_chain, m.forward_secrecy, m.last_file
FROM merged_rows m
LEFT JOIN (SELECT ho, transform(array_sort(collect_list(struct(pos, step_text))), x -> x.step_text) AS steps
           FROM merged_steps GROUP BY ho) st
  ON st.ho = m.ho
ORDER BY m.ho;
