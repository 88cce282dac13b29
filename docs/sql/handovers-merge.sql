-- The handovers table rebuilt across the files of a keyhop export dataset: the same rebuild as
-- `keyhop export --merge` (dissector/src/export/merge.rs), in SQL that DuckDB and Spark SQL both
-- run. docs/export.md explains it; duckdb.sql and spark.sql wrap it: they define the views this
-- file reads and turn its result into the table.
--
-- Reads (from the wrapper):
--   rows(rid, file, frame, time, src_ep, dst_ep, dst_addr, target_node, ue_event, ho_kind,
--        ue_release, imsi)
--       every message with UE links, rid numbering them in time order (ties: file, frame);
--       src_ep/dst_ep are `address:port` (`[v6]:port`) as the links spell endpoints;
--   row_links(rid, k)            one row per UE link of a message;
--   node_names(ep, addr, name, time)   the node names messages gave their endpoints;
--   step_verdicts(file, frame, key_chain)  the steps of the per-file handovers rows.
-- Defines merged_steps(ho, pos, step_text) and merged_rows (one row per handover). The steps
-- that later ones read more than once are tables (links_c ... sm_rows), so that an engine
-- computes each once: with Spark, in the session's warehouse directory.

-- Node names over the dataset (a setup seen in one file names the node in every file): per
-- endpoint the name that says most (a setup's name 3, an identity 2, a cell the eNB serves 1,
-- the address 0), the latest of those; where that is an identity, the best name of the
-- identity from any endpoint of the node; per address the identity of its node.
--
-- A HandoverRequired's Target ID (`target_node`) names the eNB that the HandoverRequest
-- carrying its container reaches, in whichever file each is.
CREATE OR REPLACE TEMPORARY VIEW node_sightings AS
SELECT ep, addr, name, time FROM node_names
UNION ALL
SELECT q.dst_ep, q.dst_addr, t.target_node, q.time
FROM rows q
JOIN row_links ql ON ql.rid = q.rid AND ql.k LIKE 'c|%'
JOIN row_links tl ON (tl.k LIKE 'c|%' OR tl.k LIKE 'c+|%')
                 AND substr(tl.k, instr(tl.k, '|') + 1) = substr(ql.k, 3)
JOIN rows t ON t.rid = tl.rid AND t.target_node IS NOT NULL
WHERE q.ue_event = 'HandoverRequest';

CREATE OR REPLACE TEMPORARY VIEW ep_best AS
SELECT ep, addr, name, rnk, time FROM (
  SELECT ep, addr, name, time, rnk,
         row_number() OVER (PARTITION BY ep ORDER BY rnk DESC, time DESC) AS k
  FROM (SELECT ep, addr, name, time,
               CASE WHEN name LIKE '% (%)' THEN 3 WHEN instr(name, addr) > 0 THEN 0
                    WHEN name LIKE '%:cell:%' THEN 1 ELSE 2 END AS rnk
        FROM node_sightings) n
) x WHERE k = 1;

CREATE OR REPLACE TEMPORARY VIEW id_best AS
SELECT idn, name FROM (
  SELECT split_part(name, ' (', 1) AS idn, name,
         row_number() OVER (PARTITION BY split_part(name, ' (', 1) ORDER BY rnk DESC, time DESC) AS k
  FROM ep_best WHERE rnk > 0
) x WHERE k = 1;

CREATE OR REPLACE TEMPORARY VIEW ip_id AS
SELECT addr, idn FROM (
  SELECT addr, split_part(name, ' (', 1) AS idn,
         row_number() OVER (PARTITION BY addr ORDER BY rnk DESC, time DESC) AS k
  FROM ep_best WHERE rnk > 0
) x WHERE k = 1;

CREATE OR REPLACE TEMPORARY VIEW best_name AS
SELECT e.ep, CASE WHEN e.rnk > 0 THEN coalesce(i.name, e.name) ELSE e.name END AS name
FROM ep_best e LEFT JOIN id_best i ON i.idn = split_part(e.name, ' (', 1);

-- The links that name a node by address (`em`) or endpoint (`mm`), with the node's identity
-- where known: a node with several addresses (IPv4 and IPv6, S1 and X2) is one node.
-- A `kind+|` key (an id its message allocates: docs/export.md) is the `kind|` key starting a
-- new epoch.
DROP TABLE IF EXISTS links_c;
CREATE TABLE links_c AS
SELECT l.rid,
       CASE WHEN i.idn IS NOT NULL
            THEN split_part(l.k, '|', 1) || '|' || i.idn || '|' || split_part(l.k, '|', 3)
            WHEN instr(l.k, '+|') > 0 THEN replace(l.k, '+|', '|')
            ELSE l.k END AS k,
       instr(l.k, '+|') > 0 AS starts
FROM (SELECT rid, k,
             CASE WHEN k LIKE 'em|%' THEN split_part(k, '|', 2)
                  WHEN k LIKE 'mm|%' THEN replace(replace(regexp_extract(split_part(k, '|', 2), '^(.*):[0-9]+$', 1), '[', ''), ']', '')
             END AS node_addr
      FROM row_links) l
LEFT JOIN ip_id i ON i.addr = l.node_addr;

-- A link's epoch: the UE context releases of its S1 association before it (a release ends
-- the association's ids; the MME-wide `mm` key goes on), and the starts of its container up
-- to it.
DROP TABLE IF EXISTS link_occ;
CREATE TABLE link_occ AS
SELECT l.rid, l.k,
       coalesce(sum(CASE WHEN r.ue_release
                          AND (l.k LIKE 's1m|%' OR l.k LIKE 's1e|%' OR l.k LIKE 'em|%')
                         THEN 1 ELSE 0 END)
                OVER (PARTITION BY l.k ORDER BY l.rid
                      ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)
       + sum(CASE WHEN l.starts THEN 1 ELSE 0 END)
           OVER (PARTITION BY l.k ORDER BY l.rid
                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS epoch
FROM links_c l JOIN rows r ON r.rid = l.rid;

-- A message's parent: the first message of any of its (link, epoch) pairs.
DROP TABLE IF EXISTS row_parent;
CREATE TABLE row_parent AS
SELECT rid, min(first_rid) AS parent
FROM (SELECT rid, min(rid) OVER (PARTITION BY k, epoch) AS first_rid FROM link_occ) f
GROUP BY rid;

-- Its UE: the root of its parents (each step goes to an earlier message, so the walk ends).
DROP TABLE IF EXISTS row_ue;
CREATE TABLE row_ue AS
WITH RECURSIVE up(rid, anc) AS (
  SELECT rid, parent FROM row_parent
  UNION ALL
  SELECT up.rid, p.parent FROM up JOIN row_parent p ON p.rid = up.anc WHERE p.parent < up.anc
)
SELECT rid, min(anc) AS ue FROM up GROUP BY rid;

-- The UE's handover events in order; a UE context release is the event `release`.
DROP TABLE IF EXISTS ev;
CREATE TABLE ev AS
SELECT u.ue, r.rid,
       coalesce(r.ue_event, CASE WHEN r.ue_release THEN 'release' END) AS ue_event,
       r.ho_kind, r.src_ep, r.dst_ep,
       CAST(row_number() OVER (PARTITION BY u.ue ORDER BY r.rid) AS BIGINT) AS n
FROM rows r JOIN row_ue u ON u.rid = r.rid
WHERE r.ue_event IS NOT NULL OR r.ue_release;

-- validate's handover machine, one event after the other per UE. State: the handover (rid of
-- the message that opened it), its kind, the steps seen (`|A|B|`), how it stands, the serving
-- and target eNB endpoints, the handover's source. `acc`: the event is a step of it.
DROP TABLE IF EXISTS sm_rows;
CREATE TABLE sm_rows AS
WITH RECURSIVE sm(ue, n, rid, ue_event, ho, kind, seen, fin, serving, target, source, acc) AS (
  SELECT DISTINCT ue, CAST(0 AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS STRING),
         CAST(NULL AS BIGINT), CAST(NULL AS STRING), '|', 'none',
         CAST(NULL AS STRING), CAST(NULL AS STRING), CAST(NULL AS STRING), false
  FROM ev
  UNION ALL
  SELECT ue, n, rid, ue_event,
         ho, kind1,
         CASE WHEN adv THEN seen0 || ue_event || '|' ELSE seen0 END,
         CASE WHEN cancels AND ue_event IN ('fail', 'x2-fail') THEN 'failed'
              WHEN cancels THEN 'cancelled'
              WHEN adv AND ue_event = last_step THEN 'complete'
              ELSE fin0 END,
         serving1, target1, source, adv OR rel
  FROM (
    SELECT b.*,
           -- a step of its kind's table, not seen yet, while the handover runs
           (fin0 = 'open' AND instr(seen0, '|' || ue_event || '|') = 0 AND NOT frreq_late
            AND CASE kind1
                  WHEN 's1-intra-mme' THEN ue_event IN ('HandoverRequired', 'HandoverRequest',
                       'HandoverRequestAcknowledge', 'HandoverCommand', 'HandoverNotify')
                  WHEN 's1-inter-mme' THEN ue_event IN ('HandoverRequired', 'ForwardRelocationRequest',
                       'HandoverRequest', 'HandoverRequestAcknowledge', 'ForwardRelocationResponse',
                       'HandoverCommand', 'HandoverNotify', 'ForwardRelocationComplete',
                       'ForwardRelocationCompleteAcknowledge')
                  WHEN 'utran-to-eutran' THEN ue_event IN ('ForwardRelocationRequest', 'HandoverRequest',
                       'HandoverRequestAcknowledge', 'ForwardRelocationResponse', 'HandoverNotify',
                       'ForwardRelocationComplete')
                  WHEN 'eutran-to-utran' THEN ue_event IN ('HandoverRequired', 'ForwardRelocationRequest',
                       'ForwardRelocationResponse', 'HandoverCommand')
                  WHEN 'x2-legacy' THEN ue_event IN ('X2 HandoverRequest', 'X2 HandoverRequestAcknowledge',
                       'PathSwitchRequest', 'PathSwitchRequestAcknowledge')
                  WHEN 'x2-makr' THEN ue_event IN ('X2 HandoverRequest', 'X2 HandoverRequestAcknowledge',
                       'PathSwitchRequest', 'PathSwitchRequestAcknowledge')
                  ELSE false END) AS adv,
           CASE kind1
             WHEN 's1-intra-mme' THEN 'HandoverNotify'
             WHEN 's1-inter-mme' THEN 'ForwardRelocationCompleteAcknowledge'
             WHEN 'utran-to-eutran' THEN 'ForwardRelocationComplete'
             WHEN 'eutran-to-utran' THEN 'HandoverCommand'
             ELSE 'PathSwitchRequestAcknowledge' END AS last_step,
           (fin0 = 'open'
            AND ((ue_event IN ('cancel', 'fail') AND kind1 NOT IN ('x2-legacy', 'x2-makr'))
              OR (ue_event IN ('x2-cancel', 'x2-fail') AND kind1 IN ('x2-legacy', 'x2-makr'))
              -- a UE context release at the eNB serving the UE (else at its target, if any)
              -- while the handover is in preparation: a side gave it up
              OR (ue_event = 'release'
                  AND instr(seen0, '|HandoverCommand|') = 0
                  AND instr(seen0, '|X2 HandoverRequestAcknowledge|') = 0
                  AND instr(seen0, '|HandoverNotify|') = 0
                  AND instr(seen0, '|PathSwitchRequest|') = 0
                  AND CASE WHEN serving1 IS NOT NULL THEN serving1 IN (src_ep, dst_ep)
                           ELSE target1 IS NULL OR target1 IN (src_ep, dst_ep) END))) AS cancels,
           (ue_event = 'X2 UEContextRelease' AND kind1 IN ('x2-legacy', 'x2-makr')) AS rel
    FROM (
      SELECT a.*,
             -- a ForwardRelocationRequest turns an intra-MME S1 handover into an inter-MME one,
             -- unless the HandoverRequest came first
             CASE WHEN ue_event = 'ForwardRelocationRequest' AND kind0 = 's1-intra-mme'
                       AND instr(seen0, '|HandoverRequest|') = 0 THEN 's1-inter-mme'
                  ELSE kind0 END AS kind1,
             (ue_event = 'ForwardRelocationRequest' AND kind0 = 's1-intra-mme'
              AND instr(seen0, '|HandoverRequest|') > 0) AS frreq_late
      FROM (
        SELECT o.ue, o.n, o.rid, o.ue_event, o.src_ep, o.dst_ep,
               CASE WHEN o.opens THEN o.rid ELSE o.ho END AS ho,
               CASE WHEN o.opens THEN o.ho_kind ELSE o.kind END AS kind0,
               CASE WHEN o.opens THEN '|' ELSE o.seen END AS seen0,
               CASE WHEN o.opens THEN 'open' ELSE o.fin END AS fin0,
               CASE WHEN o.opens THEN o.serving0 ELSE o.source END AS source,
               CASE o.ue_event
                 WHEN 'HandoverRequired' THEN CAST(NULL AS STRING)
                 WHEN 'HandoverRequest' THEN o.dst_ep
                 WHEN 'X2 HandoverRequest' THEN o.dst_ep
                 WHEN 'PathSwitchRequest' THEN o.src_ep
                 ELSE o.target END AS target1,
               CASE o.ue_event
                 WHEN 'HandoverNotify' THEN o.src_ep
                 WHEN 'PathSwitchRequestAcknowledge' THEN o.dst_ep
                 WHEN 'setup' THEN o.dst_ep
                 WHEN 'X2 HandoverRequest' THEN coalesce(o.serving0, o.src_ep)
                 ELSE o.serving0 END AS serving1
        FROM (
          SELECT e.ue, e.n, e.rid, e.ue_event, e.ho_kind, e.src_ep, e.dst_ep,
                 p.ho, p.kind, p.seen, p.fin, p.target, p.source,
                 CASE WHEN e.ue_event = 'HandoverRequired' THEN e.src_ep ELSE p.serving END AS serving0,
                 (e.ho_kind IS NOT NULL AND CASE e.ue_event
                    WHEN 'HandoverRequired' THEN true
                    WHEN 'X2 HandoverRequest' THEN true
                    WHEN 'ForwardRelocationRequest' THEN NOT (p.fin = 'open'
                         AND p.kind IN ('s1-intra-mme', 'eutran-to-utran')
                         AND instr(p.seen, '|ForwardRelocationRequest|') = 0)
                    WHEN 'HandoverRequest' THEN NOT (p.fin = 'open' AND p.kind NOT IN ('x2-legacy', 'x2-makr'))
                    WHEN 'PathSwitchRequest' THEN NOT (p.fin = 'open' AND p.kind IN ('x2-legacy', 'x2-makr'))
                    ELSE false END) AS opens
          FROM sm p JOIN ev e ON e.ue = p.ue AND e.n = p.n + 1
        ) o
      ) a
    ) b
  ) c
)
SELECT * FROM sm WHERE ho IS NOT NULL;

-- The steps of each handover.
CREATE OR REPLACE TEMPORARY VIEW merged_steps AS
SELECT s.ho, s.rid AS pos, r.file, r.frame, r.time, r.time_us, s.ue_event AS step,
       s.ue_event || '@' || r.file || ':' || CAST(r.frame AS STRING) AS step_text
FROM sm_rows s JOIN rows r ON r.rid = s.rid
WHERE s.acc;

-- Each handover as it stood when it was closed: at the next handover of its UE (whose opening
-- message is `close_rid`), or at the end.
CREATE OR REPLACE TEMPORARY VIEW ho_end AS
SELECT ho, ue, kind, fin, source, target,
       lead(ho) OVER (PARTITION BY ue ORDER BY ho) AS close_rid
FROM (
  SELECT s.*, row_number() OVER (PARTITION BY s.ho ORDER BY s.n DESC) AS back
  FROM sm_rows s
) x WHERE back = 1;

-- How validate names the UE when the handover closed: its IMSI, else its first
-- MME-UE-S1AP-ID at its MME.
CREATE OR REPLACE TEMPORARY VIEW ho_imsi AS
SELECT h.ho, min_by(r.imsi, r.rid) AS imsi
FROM ho_end h
JOIN row_ue u ON u.ue = h.ue
JOIN rows r ON r.rid = u.rid
WHERE r.imsi IS NOT NULL AND (h.close_rid IS NULL OR r.rid <= h.close_rid)
GROUP BY h.ho;

CREATE OR REPLACE TEMPORARY VIEW ue_alias AS
SELECT a.ue, split_part(a.k, '|', 4) AS id,
       coalesce(n.name, 'MME ' || replace(replace(regexp_extract(split_part(a.k, '|', 3), '^(.*):[0-9]+$', 1), '[', ''), ']', '')) AS mme
FROM (
  SELECT u.ue, min_by(l.k, l.rid) AS k
  FROM row_links l JOIN row_ue u ON u.rid = l.rid
  WHERE l.k LIKE 's1m|%'
  GROUP BY u.ue
) a LEFT JOIN best_name n ON n.ep = split_part(a.k, '|', 3);

CREATE OR REPLACE TEMPORARY VIEW ho_ue AS
SELECT h.ho,
       coalesce('imsi:' || i.imsi, 'mme-ue-s1ap-id:' || a.id || '@' || a.mme, 'unknown') AS ue
FROM ho_end h
LEFT JOIN ho_imsi i ON i.ho = h.ho
LEFT JOIN ue_alias a ON a.ue = h.ue;

-- The message that cancelled or failed a handover: its first event once it stood so. The
-- handover lasts until it.
CREATE OR REPLACE TEMPORARY VIEW ho_cut AS
SELECT c.ho, r.file, r.frame, r.time
FROM (SELECT ho, min_by(rid, n) AS rid FROM sm_rows
      WHERE fin IN ('cancelled', 'failed') GROUP BY ho) c
JOIN rows r ON r.rid = c.rid;

CREATE OR REPLACE TEMPORARY VIEW merged_rows AS
SELECT h.ho,
       coalesce(min_by(s.file, s.pos), max(o.file)) AS file,
       max(u.ue) AS ue,
       max(h.kind) AS type,
       max(CASE h.fin WHEN 'complete' THEN 'complete' WHEN 'cancelled' THEN 'cancelled'
                WHEN 'failed' THEN 'failed'
                ELSE 'incomplete' END) AS outcome,
       -- an eNB no message named is named as validate names a node it knows by role only
       max(coalesce(sn.name, 'eNB ' || replace(replace(regexp_extract(h.source, '^(.*):[0-9]+$', 1), '[', ''), ']', ''))) AS source_node,
       max(coalesce(tn.name, 'eNB ' || replace(replace(regexp_extract(h.target, '^(.*):[0-9]+$', 1), '[', ''), ']', ''))) AS target_node,
       coalesce(min_by(s.frame, s.pos), 0) AS first_frame,
       coalesce(max(c.frame), max_by(s.frame, s.pos), 0) AS last_frame,
       min_by(s.time, s.pos) AS first_time,
       coalesce(max(c.time), max_by(s.time, s.pos)) AS last_time,
       coalesce(
         (min(CASE WHEN s.step = 'HandoverCommand' THEN s.time_us END)
          - min(CASE WHEN s.step = 'HandoverRequired' THEN s.time_us END)) / 1000.0,
         (min(CASE WHEN s.step = 'X2 HandoverRequestAcknowledge' THEN s.time_us END)
          - min(CASE WHEN s.step = 'X2 HandoverRequest' THEN s.time_us END)) / 1000.0,
         (min(CASE WHEN s.step = 'ForwardRelocationResponse' THEN s.time_us END)
          - min(CASE WHEN s.step = 'ForwardRelocationRequest' THEN s.time_us END)) / 1000.0
       ) AS preparation_ms,
       coalesce(
         (min(CASE WHEN s.step IN ('HandoverNotify', 'ForwardRelocationComplete') THEN s.time_us END)
          - min(CASE WHEN s.step = 'HandoverCommand' THEN s.time_us END)) / 1000.0,
         (min(CASE WHEN s.step = 'PathSwitchRequestAcknowledge' THEN s.time_us END)
          - min(CASE WHEN s.step = 'X2 HandoverRequestAcknowledge' THEN s.time_us END)) / 1000.0
       ) AS execution_ms,
       CASE max(CASE v.key_chain WHEN 'error' THEN 2 WHEN 'ok' THEN 0 ELSE 1 END)
         WHEN 2 THEN 'error' WHEN 0 THEN 'ok' ELSE 'unchecked' END AS key_chain,
       (max(h.fin) = 'complete' AND max(h.kind) = 'x2-makr') AS forward_secrecy,
       coalesce(max(c.file), max_by(s.file, s.pos), max(o.file)) AS last_file
FROM ho_end h
JOIN ho_ue u ON u.ho = h.ho
JOIN rows o ON o.rid = h.ho
LEFT JOIN merged_steps s ON s.ho = h.ho
LEFT JOIN ho_cut c ON c.ho = h.ho
LEFT JOIN step_verdicts v ON v.file = s.file AND v.frame = s.frame
LEFT JOIN best_name sn ON sn.ep = h.source
LEFT JOIN best_name tn ON tn.ep = h.target
GROUP BY h.ho;
