-- `keyhop export --merge` as SQL on DuckDB: the views handovers-merge.sql reads, then it (at the
-- `@core` line), then the table. ${DS} is the dataset directory. With the duckdb CLI:
--   sed -e "s|\${DS}|ds|g" -e "/-- @core/r docs/sql/handovers-merge.sql" docs/sql/duckdb.sql | duckdb
CREATE OR REPLACE TEMPORARY TABLE rows AS
SELECT CAST(row_number() OVER (ORDER BY time, file, frame, json) AS BIGINT) AS rid,
       file, CAST(frame AS BIGINT) AS frame, time, epoch_us(time) AS time_us,
       CASE WHEN instr(src_addr, ':') > 0 THEN '[' || src_addr || ']' ELSE src_addr END
         || ':' || CAST(src_port AS VARCHAR) AS src_ep,
       CASE WHEN instr(dst_addr, ':') > 0 THEN '[' || dst_addr || ']' ELSE dst_addr END
         || ':' || CAST(dst_port AS VARCHAR) AS dst_ep,
       src_addr, dst_addr, src_node, dst_node, target_node, ue_event, ho_kind, ue_release, imsi,
       ue_links
FROM read_parquet('${DS}/messages/**/*.parquet')
WHERE len(ue_links) > 0;

CREATE OR REPLACE TEMPORARY TABLE row_links AS
SELECT rid, unnest(ue_links) AS k FROM rows;

CREATE OR REPLACE TEMPORARY TABLE node_names AS
SELECT CASE WHEN instr(src_addr, ':') > 0 THEN '[' || src_addr || ']' ELSE src_addr END
         || ':' || CAST(src_port AS VARCHAR) AS ep, src_addr AS addr, src_node AS name, time
FROM read_parquet('${DS}/messages/**/*.parquet') WHERE src_node IS NOT NULL
UNION ALL
SELECT CASE WHEN instr(dst_addr, ':') > 0 THEN '[' || dst_addr || ']' ELSE dst_addr END
         || ':' || CAST(dst_port AS VARCHAR), dst_addr, dst_node, time
FROM read_parquet('${DS}/messages/**/*.parquet') WHERE dst_node IS NOT NULL;

CREATE OR REPLACE TEMPORARY TABLE step_verdicts AS
SELECT file, CAST(regexp_extract(s, '@([0-9]+)$', 1) AS BIGINT) AS frame, key_chain
FROM (SELECT file, unnest(steps) AS s, key_chain
      FROM read_parquet('${DS}/handovers/**/*.parquet')) x;

-- @core

CREATE OR REPLACE TEMPORARY TABLE handovers_merged AS
-- ue_ctx: null, as in `keyhop export --merge` (a context number is its file's own).
SELECT m.file, m.ue, CAST(NULL AS UINTEGER) AS ue_ctx, m.type, m.outcome, m.source_node,
       m.target_node, m.first_frame, m.last_frame, m.first_time, m.last_time, m.preparation_ms,
       m.execution_ms, coalesce(st.steps, []) AS steps, m.key_chain, m.forward_secrecy, m.last_file
FROM merged_rows m
LEFT JOIN (SELECT ho, list(step_text ORDER BY pos) AS steps FROM merged_steps GROUP BY ho) st
  ON st.ho = m.ho
ORDER BY m.ho;
