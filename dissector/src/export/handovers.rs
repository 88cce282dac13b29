//! The `handovers` table of one input: a row per handover as validate ends it, its source and
//! target eNB named as the whole input knows them.
//!
//! validate records a handover when it ends, naming its nodes as the node map knows them then.
//! A node's identity may show later in the capture (a later HandoverRequired's Target ID, a
//! setup): `--merge` names nodes by what the whole dataset says, and an analyst grouping by
//! `source_node` wants one name per eNB. So the rows keep their nodes' ids, and the names are
//! written once the input is read. Memory stays bounded: a full row group goes to a staging
//! file (Arrow IPC, with the ids as two more columns) under `OUT/_staging/`, read back one row
//! group at a time at the end and removed.

use super::sink::{Parts, ROWS_PER_GROUP};
use super::tables::Handovers;
use crate::analysis::nodes::{NodeId, NodeMap};
use crate::validate::engine::HoRecord;
use arrow_array::builder::StringBuilder;
use arrow_array::cast::AsArray;
use arrow_array::types::UInt32Type;
use arrow_array::{Array, ArrayRef, RecordBatch, UInt32Array};
use arrow_schema::{DataType, Field, Schema, SchemaRef};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The `handovers` rows of one input, named at the end.
pub struct HandoverRows {
    rows: Handovers,
    /// The source and target node of each pending row.
    nodes: Vec<(Option<NodeId>, Option<NodeId>)>,
    /// Where full row groups wait for their names.
    stage_path: PathBuf,
    stage: Option<arrow_ipc::writer::FileWriter<std::fs::File>>,
    /// The staging schema, built once.
    schema: SchemaRef,
    /// Rows handed in.
    pub count: u64,
}

/// The staging schema: `handovers` with the nodes' ids.
fn staged_schema() -> SchemaRef {
    let mut f: Vec<Field> = Handovers::schema()
        .fields()
        .iter()
        .map(|f| f.as_ref().clone())
        .collect();
    f.push(Field::new("source_id", DataType::UInt32, true));
    f.push(Field::new("target_id", DataType::UInt32, true));
    Arc::new(Schema::new(f))
}

fn other(p: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::other(format!("{}: {e}", p.display()))
}

impl HandoverRows {
    /// Rows of input `name` exported under `out` (the staging file, if needed, is
    /// `out/_staging/handovers-NAME.arrow`).
    pub fn new(out: &Path, name: &str) -> Self {
        HandoverRows {
            rows: Handovers::new(),
            nodes: Vec::new(),
            stage_path: out.join("_staging").join(format!("handovers-{name}.arrow")),
            stage: None,
            schema: staged_schema(),
            count: 0,
        }
    }

    /// Adds the row of handover `h` of input `file`; a full row group goes to staging.
    pub fn push(&mut self, file: &str, h: &HoRecord) -> io::Result<()> {
        self.count += 1;
        self.rows.push(&super::rows::handover_row(file, h));
        self.nodes.push(h.nodes);
        if self.rows.len() >= ROWS_PER_GROUP {
            self.stage()?;
        }
        Ok(())
    }

    /// Writes the pending rows, with their nodes' ids, to the staging file.
    fn stage(&mut self) -> io::Result<()> {
        let batch = self.take_with_ids();
        let p = &self.stage_path;
        if self.stage.is_none() {
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let f = std::fs::File::create(p)?;
            let w =
                arrow_ipc::writer::FileWriter::try_new(f, &self.schema).map_err(|e| other(p, e))?;
            self.stage = Some(w);
        }
        let w = self.stage.as_mut().expect("opened");
        w.write(&batch).map_err(|e| other(p, e))
    }

    /// The pending rows and their ids as one staging batch.
    fn take_with_ids(&mut self) -> RecordBatch {
        let b = self.rows.take();
        let ids = std::mem::take(&mut self.nodes);
        let mut cols: Vec<ArrayRef> = b.columns().to_vec();
        cols.push(Arc::new(ids.iter().map(|n| n.0).collect::<UInt32Array>()));
        cols.push(Arc::new(ids.iter().map(|n| n.1).collect::<UInt32Array>()));
        RecordBatch::try_new(self.schema.clone(), cols).expect("the staging schema")
    }

    /// Writes every row to `sink`, its nodes named as `nodes` names them now, and removes the
    /// staging file.
    pub fn finish(mut self, nodes: &NodeMap, sink: &mut Parts) -> io::Result<()> {
        if let Some(mut w) = self.stage.take() {
            let p = self.stage_path.clone();
            w.finish().map_err(|e| other(&p, e))?;
            drop(w);
            let f = std::fs::File::open(&p)?;
            let r = arrow_ipc::reader::FileReader::try_new(f, None).map_err(|e| other(&p, e))?;
            for b in r {
                sink.write(&named(&b.map_err(|e| other(&p, e))?, nodes))?;
            }
            std::fs::remove_file(&p)?;
            // The directory goes once no other input stages there.
            if let Some(dir) = p.parent() {
                let _ = std::fs::remove_dir(dir);
            }
        }
        if !self.rows.is_empty() {
            let b = self.take_with_ids();
            sink.write(&named(&b, nodes))?;
        }
        Ok(())
    }
}

/// A staging batch as `handovers` rows: `source_node` and `target_node` the names of the
/// rows' nodes (kept where a row has no node), the id columns dropped.
fn named(b: &RecordBatch, nodes: &NodeMap) -> RecordBatch {
    let schema = Handovers::schema();
    let n = schema.fields().len();
    let mut cols: Vec<ArrayRef> = b.columns()[..n].to_vec();
    for (col, ids) in [("source_node", n), ("target_node", n + 1)] {
        let i = schema.index_of(col).expect("a handovers column");
        let old = b.column(i).as_string::<i32>();
        let ids = b.column(ids).as_primitive::<UInt32Type>();
        let mut s = StringBuilder::new();
        for r in 0..b.num_rows() {
            if ids.is_valid(r) {
                s.append_value(nodes.name(ids.value(r)));
            } else {
                s.append_option(old.is_valid(r).then(|| old.value(r)));
            }
        }
        cols[i] = Arc::new(s.finish());
    }
    RecordBatch::try_new(schema, cols).expect("the handovers schema")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::nodes::{Plane, Role};
    use crate::export::sink::{Compression, FileFormat};
    use crate::validate::machine::{End, Step};
    use crate::validate::rules::ProcKind;
    use keyhop_codec::security::makr::{EnbIdentity, EnbKind};

    fn record(source: Option<NodeId>, target: Option<NodeId>, frame: u64) -> HoRecord {
        HoRecord {
            kind: ProcKind::S1IntraMme,
            end: End::Complete,
            ue: format!("imsi:{frame}"),
            ue_ctx: 0,
            steps: vec![(Step::Required, frame, None)],
            ended_at: None,
            source: Some("as recorded".into()),
            target: None,
            nodes: (source, target),
            key_error: false,
            key_unchecked: false,
        }
    }

    /// More handovers than a row group: the first group is staged and named at the end like
    /// the rest, in order; a row without a node keeps its recorded name; the staging file is
    /// gone afterwards.
    #[test]
    fn names_every_row_as_the_whole_input_knows_its_nodes() {
        let dir = std::env::temp_dir().join(format!("keyhop-handover-rows-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut nodes = NodeMap::default();
        let a = nodes.node("10.0.0.1".parse().unwrap(), Plane::S1, Role::Enb);
        let b = nodes.node("10.0.0.2".parse().unwrap(), Plane::S1, Role::Enb);
        let mut rows = HandoverRows::new(&dir, "in");
        let n = ROWS_PER_GROUP as u64 + 3;
        for f in 0..n {
            let src = (f % 2 == 0).then_some(a);
            rows.push("in", &record(src, Some(b), f)).unwrap();
        }
        assert!(rows.stage_path.is_file(), "a full row group is staged");
        // Identities that show after the handovers ended.
        let plmn = [0x00, 0xf1, 0x10];
        nodes.set_enb(a, EnbIdentity::new(plmn, EnbKind::Macro, 0xa).unwrap());
        nodes.set_enb(b, EnbIdentity::new(plmn, EnbKind::Home, 0xb).unwrap());
        let out = dir.join("out");
        let mut sink = Parts::new(
            &out,
            "part",
            Handovers::schema(),
            FileFormat::Arrow,
            Compression::None,
            u64::MAX,
        )
        .unwrap();
        let stage = rows.stage_path.clone();
        assert_eq!(rows.count, n);
        rows.finish(&nodes, &mut sink).unwrap();
        sink.close().unwrap();
        assert!(!stage.exists() && !dir.join("_staging").exists());
        let f = std::fs::File::open(super::super::sink::part_path(
            &out,
            "part",
            0,
            FileFormat::Arrow,
        ))
        .unwrap();
        let mut got = Vec::new();
        for b in arrow_ipc::reader::FileReader::try_new(f, None).unwrap() {
            let b = b.unwrap();
            let col = |c: &str| b.column_by_name(c).unwrap().as_string::<i32>().clone();
            let (ue, s, t) = (col("ue"), col("source_node"), col("target_node"));
            for i in 0..b.num_rows() {
                got.push((
                    ue.value(i).to_owned(),
                    s.value(i).to_owned(),
                    t.value(i).to_owned(),
                ));
            }
        }
        assert_eq!(got.len() as u64, n);
        for (f, (ue, s, t)) in got.iter().enumerate() {
            assert_eq!(ue, &format!("imsi:{f}"));
            let want = if f % 2 == 0 {
                "eNB 001-01:macro:a"
            } else {
                "as recorded"
            };
            assert_eq!(s, want);
            assert_eq!(t, "eNB 001-01:home:b");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
