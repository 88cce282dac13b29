//! The four tables of `keyhop export` (docs/export.md): their Arrow schemas and column
//! builders. A table is appended to row by row and hands out a [`RecordBatch`] every
//! [`super::sink::ROWS_PER_GROUP`] rows.

use arrow_array::builder::{
    BooleanBuilder, Float64Builder, ListBuilder, StringBuilder, TimestampMicrosecondBuilder,
    UInt16Builder, UInt32Builder, UInt64Builder, UInt8Builder,
};
use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, Schema, SchemaRef, TimeUnit};
use std::sync::Arc;

use super::sink::ROWS_PER_GROUP;
use crate::capture::Timestamp;

/// Version of the export schema (docs/export.md): raised on any change of a table's columns
/// or of the words in them.
pub const SCHEMA_VERSION: u32 = 8;

/// The tables, in the order docs/export.md lists them (`handovers_merged` is written by
/// `--merge` only).
pub const TABLES: [&str; 5] = [
    "messages",
    "handovers",
    "handovers_merged",
    "findings",
    "keys",
];

fn ts_type() -> DataType {
    DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
}

fn list_of(t: DataType) -> DataType {
    DataType::List(Arc::new(Field::new_list_field(t, true)))
}

/// Microseconds since the epoch of a capture time (sub-microsecond digits dropped, as
/// keyhop's text times do); a time beyond what 64 bits of microseconds hold (about 292,000
/// years from 1970, which only a damaged pcapng timestamp reaches) becomes the nearest one
/// they hold ([`micros_exact`] says whether it did).
pub fn micros(t: Timestamp) -> i64 {
    t.secs
        .saturating_mul(1_000_000)
        .saturating_add(i64::from(t.nanos / 1000))
}

/// Whether [`micros`] holds capture time `t` without clamping it.
pub fn micros_exact(t: Timestamp) -> bool {
    t.secs
        .checked_mul(1_000_000)
        .and_then(|us| us.checked_add(i64::from(t.nanos / 1000)))
        .is_some()
}

/// The note of a `messages` row whose capture time [`micros`] clamped, naming the time.
pub fn clamped_time_note(t: Timestamp) -> String {
    format!(
        "capture time {} is beyond the time column's range: the column holds the nearest time it can",
        t.rfc3339_micros()
    )
}

fn ts_builder() -> TimestampMicrosecondBuilder {
    TimestampMicrosecondBuilder::new().with_timezone("UTC")
}

fn schema(fields: Vec<Field>) -> SchemaRef {
    let meta: std::collections::HashMap<String, String> = [(
        "keyhop.schema_version".to_string(),
        SCHEMA_VERSION.to_string(),
    )]
    .into_iter()
    .collect();
    Arc::new(Schema::new_with_metadata(fields, meta))
}

fn batch(schema: &SchemaRef, cols: Vec<ArrayRef>) -> RecordBatch {
    RecordBatch::try_new(schema.clone(), cols).expect("the builders follow the schema")
}

/// One row of `messages`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct MessageRow<'a> {
    /// Input file (its name, as in the partition directory).
    pub file: &'a str,
    /// Frame number within the file.
    pub frame: u64,
    /// Capture time.
    pub time: Timestamp,
    /// Sender address.
    pub src_addr: &'a str,
    /// Sender port.
    pub src_port: u16,
    /// Receiver address.
    pub dst_addr: &'a str,
    /// Receiver port.
    pub dst_port: u16,
    /// Sender node name.
    pub src_node: Option<&'a str>,
    /// Receiver node name.
    pub dst_node: Option<&'a str>,
    /// The eNB a handover preparation names as its target (HandoverRequired's Target ID,
    /// Forward Relocation Request's Target Identification), named as nodes are.
    pub target_node: Option<&'a str>,
    /// `s1ap`, `x2ap`, `gtpv2`, `gtpv1`.
    pub protocol: &'static str,
    /// Message name (absent when the message did not decode).
    pub message: Option<&'a str>,
    /// S1AP/X2AP procedure code.
    pub procedure_code: Option<u8>,
    /// S1AP/X2AP PDU type.
    pub pdu_type: Option<&'a str>,
    /// GTP message type.
    pub message_type: Option<u8>,
    /// MME-UE-S1AP-ID.
    pub mme_ue_s1ap_id: Option<u32>,
    /// eNB-UE-S1AP-ID.
    pub enb_ue_s1ap_id: Option<u32>,
    /// Old eNB UE X2AP ID.
    pub old_enb_ue_x2ap_id: Option<u32>,
    /// New eNB UE X2AP ID.
    pub new_enb_ue_x2ap_id: Option<u32>,
    /// GTP header TEID.
    pub teid: Option<u32>,
    /// GTP sequence number.
    pub sequence: Option<u32>,
    /// IMSI digits, where the message carries one.
    pub imsi: Option<&'a str>,
    /// The message's UE as validate's findings name it, at that message.
    pub ue: Option<&'a str>,
    /// The number of validate's context of that UE within the input file: one number from
    /// the context's first message to its release, whatever `ue` calls it meanwhile.
    pub ue_ctx: Option<u32>,
    /// The message's own IMSI, else its UE's as known at that message.
    pub ue_imsi: Option<&'a str>,
    /// Cause, as its JSON text.
    pub cause: Option<&'a str>,
    /// NCC (S1AP SecurityContext, X2AP AS-SecurityInformation, MM Context).
    pub ncc: Option<u8>,
    /// Key material fields: (column, fingerprint or hex).
    pub keys: [Option<&'a str>; KEY_COLUMNS.len()],
    /// GTP-C response: its request's frame.
    pub response_to: Option<u64>,
    /// GTP-C response: seconds since the request.
    pub response_time: Option<f64>,
    /// What the message is to a UE's handovers ([`super::links::Links::ue_event`]).
    pub ue_event: Option<&'static str>,
    /// The handover kind it opens ([`super::links::Links::ho_kind`]).
    pub ho_kind: Option<&'static str>,
    /// Its UE correlation keys ([`super::links`]).
    pub ue_links: Vec<String>,
    /// A UE context release.
    pub ue_release: bool,
    /// Decoder notes.
    pub notes: Vec<String>,
    /// Why the message did not decode.
    pub error: Option<String>,
    /// The record `read --format jsonl` writes without its envelope (frame, time, addresses,
    /// protocol, node names, GTP answer), which the other columns hold
    /// ([`crate::output::Message::contents`]).
    pub json: &'a str,
}

/// The key-material columns of `messages` and the JSON names they are read from (the first
/// occurrence in the record).
pub const KEY_COLUMNS: [(&str, &str); 6] = [
    ("nh", "next_hop_parameter"),
    ("kenb_star", "key_enodeb_star"),
    ("security_key", "security_key"),
    ("kasme", "kasme"),
    ("ck", "ck"),
    ("ik", "ik"),
];

/// The `messages` table.
pub struct Messages {
    schema: SchemaRef,
    rows: usize,
    file: StringBuilder,
    frame: UInt64Builder,
    time: TimestampMicrosecondBuilder,
    src_addr: StringBuilder,
    src_port: UInt16Builder,
    dst_addr: StringBuilder,
    dst_port: UInt16Builder,
    src_node: StringBuilder,
    dst_node: StringBuilder,
    target_node: StringBuilder,
    protocol: StringBuilder,
    message: StringBuilder,
    procedure_code: UInt8Builder,
    pdu_type: StringBuilder,
    message_type: UInt8Builder,
    mme_ue_s1ap_id: UInt32Builder,
    enb_ue_s1ap_id: UInt32Builder,
    old_enb_ue_x2ap_id: UInt32Builder,
    new_enb_ue_x2ap_id: UInt32Builder,
    teid: UInt32Builder,
    sequence: UInt32Builder,
    imsi: StringBuilder,
    ue: StringBuilder,
    ue_ctx: UInt32Builder,
    ue_imsi: StringBuilder,
    cause: StringBuilder,
    ncc: UInt8Builder,
    keys: [StringBuilder; KEY_COLUMNS.len()],
    response_to: UInt64Builder,
    response_time: Float64Builder,
    ue_event: StringBuilder,
    ho_kind: StringBuilder,
    ue_links: ListBuilder<StringBuilder>,
    ue_release: BooleanBuilder,
    notes: ListBuilder<StringBuilder>,
    error: StringBuilder,
    json: StringBuilder,
    /// Octets of the `json` column of the last row group (the next one's capacity).
    json_hint: usize,
}

impl Default for Messages {
    fn default() -> Self {
        Self::new()
    }
}

impl Messages {
    /// The schema of `messages`.
    pub fn schema() -> SchemaRef {
        let s = |n: &str, null| Field::new(n, DataType::Utf8, null);
        let mut f = vec![
            s("file", false),
            Field::new("frame", DataType::UInt64, false),
            Field::new("time", ts_type(), false),
            s("src_addr", false),
            Field::new("src_port", DataType::UInt16, false),
            s("dst_addr", false),
            Field::new("dst_port", DataType::UInt16, false),
            s("src_node", true),
            s("dst_node", true),
            s("target_node", true),
            s("protocol", false),
            s("message", true),
            Field::new("procedure_code", DataType::UInt8, true),
            s("pdu_type", true),
            Field::new("message_type", DataType::UInt8, true),
            Field::new("mme_ue_s1ap_id", DataType::UInt32, true),
            Field::new("enb_ue_s1ap_id", DataType::UInt32, true),
            Field::new("old_enb_ue_x2ap_id", DataType::UInt32, true),
            Field::new("new_enb_ue_x2ap_id", DataType::UInt32, true),
            Field::new("teid", DataType::UInt32, true),
            Field::new("sequence", DataType::UInt32, true),
            s("imsi", true),
            s("ue", true),
            Field::new("ue_ctx", DataType::UInt32, true),
            s("ue_imsi", true),
            s("cause", true),
            Field::new("ncc", DataType::UInt8, true),
        ];
        f.extend(KEY_COLUMNS.iter().map(|(c, _)| s(c, true)));
        f.extend([
            Field::new("response_to", DataType::UInt64, true),
            Field::new("response_time", DataType::Float64, true),
            s("ue_event", true),
            s("ho_kind", true),
            Field::new("ue_links", list_of(DataType::Utf8), false),
            Field::new("ue_release", DataType::Boolean, false),
            Field::new("notes", list_of(DataType::Utf8), false),
            s("error", true),
            s("json", false),
        ]);
        schema(f)
    }

    /// An empty table.
    pub fn new() -> Self {
        Messages {
            schema: Self::schema(),
            rows: 0,
            file: StringBuilder::new(),
            frame: UInt64Builder::new(),
            time: ts_builder(),
            src_addr: StringBuilder::new(),
            src_port: UInt16Builder::new(),
            dst_addr: StringBuilder::new(),
            dst_port: UInt16Builder::new(),
            src_node: StringBuilder::new(),
            dst_node: StringBuilder::new(),
            target_node: StringBuilder::new(),
            protocol: StringBuilder::new(),
            message: StringBuilder::new(),
            procedure_code: UInt8Builder::new(),
            pdu_type: StringBuilder::new(),
            message_type: UInt8Builder::new(),
            mme_ue_s1ap_id: UInt32Builder::new(),
            enb_ue_s1ap_id: UInt32Builder::new(),
            old_enb_ue_x2ap_id: UInt32Builder::new(),
            new_enb_ue_x2ap_id: UInt32Builder::new(),
            teid: UInt32Builder::new(),
            sequence: UInt32Builder::new(),
            imsi: StringBuilder::new(),
            ue: StringBuilder::new(),
            ue_ctx: UInt32Builder::new(),
            ue_imsi: StringBuilder::new(),
            cause: StringBuilder::new(),
            ncc: UInt8Builder::new(),
            keys: std::array::from_fn(|_| StringBuilder::new()),
            response_to: UInt64Builder::new(),
            response_time: Float64Builder::new(),
            ue_event: StringBuilder::new(),
            ho_kind: StringBuilder::new(),
            ue_links: ListBuilder::new(StringBuilder::new()),
            ue_release: BooleanBuilder::new(),
            notes: ListBuilder::new(StringBuilder::new()),
            error: StringBuilder::new(),
            json: StringBuilder::new(),
            json_hint: 0,
        }
    }

    /// Rows not yet handed out.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// No rows pending.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends a row.
    pub fn push(&mut self, r: &MessageRow<'_>) {
        self.rows += 1;
        self.file.append_value(r.file);
        self.frame.append_value(r.frame);
        self.time.append_value(micros(r.time));
        self.src_addr.append_value(r.src_addr);
        self.src_port.append_value(r.src_port);
        self.dst_addr.append_value(r.dst_addr);
        self.dst_port.append_value(r.dst_port);
        self.src_node.append_option(r.src_node);
        self.dst_node.append_option(r.dst_node);
        self.target_node.append_option(r.target_node);
        self.protocol.append_value(r.protocol);
        self.message.append_option(r.message);
        self.procedure_code.append_option(r.procedure_code);
        self.pdu_type.append_option(r.pdu_type);
        self.message_type.append_option(r.message_type);
        self.mme_ue_s1ap_id.append_option(r.mme_ue_s1ap_id);
        self.enb_ue_s1ap_id.append_option(r.enb_ue_s1ap_id);
        self.old_enb_ue_x2ap_id.append_option(r.old_enb_ue_x2ap_id);
        self.new_enb_ue_x2ap_id.append_option(r.new_enb_ue_x2ap_id);
        self.teid.append_option(r.teid);
        self.sequence.append_option(r.sequence);
        self.imsi.append_option(r.imsi);
        self.ue.append_option(r.ue);
        self.ue_ctx.append_option(r.ue_ctx);
        self.ue_imsi.append_option(r.ue_imsi);
        self.cause.append_option(r.cause);
        self.ncc.append_option(r.ncc);
        for (b, v) in self.keys.iter_mut().zip(r.keys) {
            b.append_option(v);
        }
        self.response_to.append_option(r.response_to);
        self.response_time.append_option(r.response_time);
        self.ue_event.append_option(r.ue_event);
        self.ho_kind.append_option(r.ho_kind);
        for k in &r.ue_links {
            self.ue_links.values().append_value(k);
        }
        self.ue_links.append(true);
        self.ue_release.append_value(r.ue_release);
        for n in &r.notes {
            self.notes.values().append_value(n);
        }
        self.notes.append(true);
        self.error.append_option(r.error.as_deref());
        if self.rows == 1 && self.json_hint > 0 {
            let n = self.json_hint;
            self.json_hint = 0;
            self.json = StringBuilder::with_capacity(ROWS_PER_GROUP, n + n / 8);
        }
        self.json.append_value(r.json);
    }

    /// The pending rows as a batch (the table is empty afterwards).
    pub fn take(&mut self) -> RecordBatch {
        self.rows = 0;
        let mut cols: Vec<ArrayRef> = vec![
            Arc::new(self.file.finish()),
            Arc::new(self.frame.finish()),
            Arc::new(self.time.finish()),
            Arc::new(self.src_addr.finish()),
            Arc::new(self.src_port.finish()),
            Arc::new(self.dst_addr.finish()),
            Arc::new(self.dst_port.finish()),
            Arc::new(self.src_node.finish()),
            Arc::new(self.dst_node.finish()),
            Arc::new(self.target_node.finish()),
            Arc::new(self.protocol.finish()),
            Arc::new(self.message.finish()),
            Arc::new(self.procedure_code.finish()),
            Arc::new(self.pdu_type.finish()),
            Arc::new(self.message_type.finish()),
            Arc::new(self.mme_ue_s1ap_id.finish()),
            Arc::new(self.enb_ue_s1ap_id.finish()),
            Arc::new(self.old_enb_ue_x2ap_id.finish()),
            Arc::new(self.new_enb_ue_x2ap_id.finish()),
            Arc::new(self.teid.finish()),
            Arc::new(self.sequence.finish()),
            Arc::new(self.imsi.finish()),
            Arc::new(self.ue.finish()),
            Arc::new(self.ue_ctx.finish()),
            Arc::new(self.ue_imsi.finish()),
            Arc::new(self.cause.finish()),
            Arc::new(self.ncc.finish()),
        ];
        cols.extend(
            self.keys
                .iter_mut()
                .map(|b| Arc::new(b.finish()) as ArrayRef),
        );
        cols.extend([
            Arc::new(self.response_to.finish()) as ArrayRef,
            Arc::new(self.response_time.finish()),
            Arc::new(self.ue_event.finish()),
            Arc::new(self.ho_kind.finish()),
            Arc::new(self.ue_links.finish()),
            Arc::new(self.ue_release.finish()),
            Arc::new(self.notes.finish()),
            Arc::new(self.error.finish()),
            Arc::new(self.json.finish()),
        ]);
        // The next row group's records take about as much room: sized once (at its first
        // row, once this batch is written and freed) instead of doubled from empty.
        self.json_hint = cols
            .last()
            .map_or(0, |c| c.as_string::<i32>().value_data().len());
        batch(&self.schema, cols)
    }
}

/// A handover step as `steps` shows it: `Name@frame`, or `Name@file:frame` in
/// `handovers_merged`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepAt<'a> {
    /// The step's name ([`crate::validate::machine::Step::name`]).
    pub name: &'static str,
    /// The input file holding it (`handovers_merged`).
    pub file: Option<&'a str>,
    /// Its frame.
    pub frame: u64,
}

impl std::fmt::Display for StepAt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.file {
            Some(file) => write!(f, "{}@{file}:{}", self.name, self.frame),
            None => write!(f, "{}@{}", self.name, self.frame),
        }
    }
}

/// One row of `handovers`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct HandoverRow<'a> {
    /// Input file.
    pub file: &'a str,
    /// The UE as validate names it.
    pub ue: String,
    /// The number of validate's context of the UE within the input file (as `messages.ue_ctx`);
    /// `None` in `handovers_merged`, whose handovers span files.
    pub ue_ctx: Option<u32>,
    /// Handover type (validate's names: `s1-intra-mme`, `x2-makr`, ...).
    pub kind: &'static str,
    /// `complete`, `cancelled`, `incomplete`.
    pub outcome: &'static str,
    /// Source node.
    pub source_node: Option<String>,
    /// Target node.
    pub target_node: Option<String>,
    /// First frame of the handover.
    pub first_frame: u64,
    /// Last frame.
    pub last_frame: u64,
    /// Time of the first frame.
    pub first_time: Option<Timestamp>,
    /// Time of the last frame.
    pub last_time: Option<Timestamp>,
    /// Preparation latency in milliseconds (request to command / acknowledge).
    pub preparation_ms: Option<f64>,
    /// Execution latency in milliseconds (command to notify / path switch acknowledge).
    pub execution_ms: Option<f64>,
    /// The steps seen, in order.
    pub steps: Vec<StepAt<'a>>,
    /// Key-chain verdict: `ok`, `error` (a key rule failed) or `unchecked`.
    pub key_chain: &'static str,
    /// Complete with forward secrecy (key refresh).
    pub forward_secrecy: bool,
}

/// The `handovers` table.
pub struct Handovers {
    schema: SchemaRef,
    rows: usize,
    file: StringBuilder,
    ue: StringBuilder,
    ue_ctx: UInt32Builder,
    kind: StringBuilder,
    outcome: StringBuilder,
    source_node: StringBuilder,
    target_node: StringBuilder,
    first_frame: UInt64Builder,
    last_frame: UInt64Builder,
    first_time: TimestampMicrosecondBuilder,
    last_time: TimestampMicrosecondBuilder,
    preparation_ms: Float64Builder,
    execution_ms: Float64Builder,
    steps: ListBuilder<StringBuilder>,
    key_chain: StringBuilder,
    forward_secrecy: BooleanBuilder,
}

impl Default for Handovers {
    fn default() -> Self {
        Self::new()
    }
}

impl Handovers {
    /// The schema of `handovers`.
    pub fn schema() -> SchemaRef {
        let s = |n: &str, null| Field::new(n, DataType::Utf8, null);
        schema(vec![
            s("file", false),
            s("ue", false),
            Field::new("ue_ctx", DataType::UInt32, true),
            s("type", false),
            s("outcome", false),
            s("source_node", true),
            s("target_node", true),
            Field::new("first_frame", DataType::UInt64, false),
            Field::new("last_frame", DataType::UInt64, false),
            Field::new("first_time", ts_type(), true),
            Field::new("last_time", ts_type(), true),
            Field::new("preparation_ms", DataType::Float64, true),
            Field::new("execution_ms", DataType::Float64, true),
            Field::new("steps", list_of(DataType::Utf8), false),
            s("key_chain", false),
            Field::new("forward_secrecy", DataType::Boolean, false),
        ])
    }

    /// An empty table.
    pub fn new() -> Self {
        Handovers {
            schema: Self::schema(),
            rows: 0,
            file: StringBuilder::new(),
            ue: StringBuilder::new(),
            ue_ctx: UInt32Builder::new(),
            kind: StringBuilder::new(),
            outcome: StringBuilder::new(),
            source_node: StringBuilder::new(),
            target_node: StringBuilder::new(),
            first_frame: UInt64Builder::new(),
            last_frame: UInt64Builder::new(),
            first_time: ts_builder(),
            last_time: ts_builder(),
            preparation_ms: Float64Builder::new(),
            execution_ms: Float64Builder::new(),
            steps: ListBuilder::new(StringBuilder::new()),
            key_chain: StringBuilder::new(),
            forward_secrecy: BooleanBuilder::new(),
        }
    }

    /// Rows not yet handed out.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// No rows pending.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends a row.
    pub fn push(&mut self, r: &HandoverRow<'_>) {
        self.rows += 1;
        self.file.append_value(r.file);
        self.ue.append_value(&r.ue);
        self.ue_ctx.append_option(r.ue_ctx);
        self.kind.append_value(r.kind);
        self.outcome.append_value(r.outcome);
        self.source_node.append_option(r.source_node.as_deref());
        self.target_node.append_option(r.target_node.as_deref());
        self.first_frame.append_value(r.first_frame);
        self.last_frame.append_value(r.last_frame);
        self.first_time.append_option(r.first_time.map(micros));
        self.last_time.append_option(r.last_time.map(micros));
        self.preparation_ms.append_option(r.preparation_ms);
        self.execution_ms.append_option(r.execution_ms);
        for s in &r.steps {
            // Written into the builder: no String per step.
            use std::fmt::Write;
            let v = self.steps.values();
            let _ = write!(v, "{s}");
            v.append_value("");
        }
        self.steps.append(true);
        self.key_chain.append_value(r.key_chain);
        self.forward_secrecy.append_value(r.forward_secrecy);
    }

    /// The pending rows as a batch.
    pub fn take(&mut self) -> RecordBatch {
        self.rows = 0;
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.file.finish()),
            Arc::new(self.ue.finish()),
            Arc::new(self.ue_ctx.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.outcome.finish()),
            Arc::new(self.source_node.finish()),
            Arc::new(self.target_node.finish()),
            Arc::new(self.first_frame.finish()),
            Arc::new(self.last_frame.finish()),
            Arc::new(self.first_time.finish()),
            Arc::new(self.last_time.finish()),
            Arc::new(self.preparation_ms.finish()),
            Arc::new(self.execution_ms.finish()),
            Arc::new(self.steps.finish()),
            Arc::new(self.key_chain.finish()),
            Arc::new(self.forward_secrecy.finish()),
        ];
        batch(&self.schema, cols)
    }
}

/// The `handovers_merged` table of `keyhop export --merge`: the columns of `handovers`, with
/// `file` the file of the first step, each step as `Name@FILE:FRAME`, and `last_file`.
pub struct MergedHandovers {
    schema: SchemaRef,
    inner: Handovers,
    last_file: StringBuilder,
}

impl Default for MergedHandovers {
    fn default() -> Self {
        Self::new()
    }
}

impl MergedHandovers {
    /// The schema of `handovers_merged`.
    pub fn schema() -> SchemaRef {
        let mut f: Vec<Field> = Handovers::schema()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        f.push(Field::new("last_file", DataType::Utf8, false));
        schema(f)
    }

    /// An empty table.
    pub fn new() -> Self {
        MergedHandovers {
            schema: Self::schema(),
            inner: Handovers::new(),
            last_file: StringBuilder::new(),
        }
    }

    /// Rows not yet handed out.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// No rows pending.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Appends a row whose last step is in `last_file`.
    pub fn push(&mut self, r: &HandoverRow<'_>, last_file: &str) {
        self.inner.push(r);
        self.last_file.append_value(last_file);
    }

    /// The pending rows as a batch.
    pub fn take(&mut self) -> RecordBatch {
        let b = self.inner.take();
        let mut cols = b.columns().to_vec();
        cols.push(Arc::new(self.last_file.finish()));
        batch(&self.schema, cols)
    }
}

/// The `findings` table.
pub struct Findings {
    schema: SchemaRef,
    rows: usize,
    file: StringBuilder,
    rule: StringBuilder,
    severity: StringBuilder,
    ue: StringBuilder,
    ue_ctx: UInt32Builder,
    procedure: StringBuilder,
    frames: ListBuilder<UInt64Builder>,
    first_frame: UInt64Builder,
    text: StringBuilder,
}

impl Default for Findings {
    fn default() -> Self {
        Self::new()
    }
}

impl Findings {
    /// The schema of `findings`.
    pub fn schema() -> SchemaRef {
        let s = |n: &str, null| Field::new(n, DataType::Utf8, null);
        schema(vec![
            s("file", false),
            s("rule", false),
            s("severity", false),
            s("ue", true),
            Field::new("ue_ctx", DataType::UInt32, true),
            s("procedure", true),
            Field::new("frames", list_of(DataType::UInt64), false),
            Field::new("first_frame", DataType::UInt64, true),
            s("text", false),
        ])
    }

    /// An empty table.
    pub fn new() -> Self {
        Findings {
            schema: Self::schema(),
            rows: 0,
            file: StringBuilder::new(),
            rule: StringBuilder::new(),
            severity: StringBuilder::new(),
            ue: StringBuilder::new(),
            ue_ctx: UInt32Builder::new(),
            procedure: StringBuilder::new(),
            frames: ListBuilder::new(UInt64Builder::new()),
            first_frame: UInt64Builder::new(),
            text: StringBuilder::new(),
        }
    }

    /// Rows not yet handed out.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// No rows pending.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends a finding of `file`.
    pub fn push(&mut self, file: &str, f: &crate::validate::rules::Finding) {
        self.rows += 1;
        self.file.append_value(file);
        self.rule.append_value(f.rule.id());
        self.severity.append_value(f.severity.to_string());
        self.ue.append_option(f.ue.as_deref());
        self.ue_ctx.append_option(f.ue_ctx);
        self.procedure.append_option(f.procedure.map(|p| p.name()));
        for fr in &f.frames {
            self.frames.values().append_value(*fr);
        }
        self.frames.append(true);
        self.first_frame.append_option(f.frames.first().copied());
        self.text.append_value(&f.text);
    }

    /// The pending rows as a batch.
    pub fn take(&mut self) -> RecordBatch {
        self.rows = 0;
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.file.finish()),
            Arc::new(self.rule.finish()),
            Arc::new(self.severity.finish()),
            Arc::new(self.ue.finish()),
            Arc::new(self.ue_ctx.finish()),
            Arc::new(self.procedure.finish()),
            Arc::new(self.frames.finish()),
            Arc::new(self.first_frame.finish()),
            Arc::new(self.text.finish()),
        ];
        batch(&self.schema, cols)
    }
}

/// One row of `keys`.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct KeyRow<'a> {
    /// Input file.
    pub file: &'a str,
    /// Frame of the message.
    pub frame: u64,
    /// Its time.
    pub time: Timestamp,
    /// `learned`, `unwrapped`, `derived`, `refreshed`.
    pub event: &'static str,
    /// Which key (`kasme`, `nh`, `mme_enb_key`, `kenb`, `k_rrc_enc`, `h_key`, ...).
    pub key: String,
    /// The UE, when the key is one UE's: the message's `ue` in `messages`.
    pub ue: Option<String>,
    /// The UE's context in the file: the message's `ue_ctx`.
    pub ue_ctx: Option<u32>,
    /// The eNB, when the key is an eNB's or wrapped for one.
    pub enb: Option<String>,
    /// keyId (MME-eNB keys).
    pub key_id: Option<u8>,
    /// refreshCounter (key refresh).
    pub refresh_counter: Option<u16>,
    /// Fingerprint (`fp:` + 4 octets of SHA-256), or the key with `--show-keys`.
    pub value: String,
    /// Where in the message.
    pub item: String,
}

/// The `keys` table.
pub struct Keys {
    schema: SchemaRef,
    rows: usize,
    file: StringBuilder,
    frame: UInt64Builder,
    time: TimestampMicrosecondBuilder,
    event: StringBuilder,
    key: StringBuilder,
    ue: StringBuilder,
    ue_ctx: UInt32Builder,
    enb: StringBuilder,
    key_id: UInt8Builder,
    refresh_counter: UInt16Builder,
    value: StringBuilder,
    item: StringBuilder,
}

impl Default for Keys {
    fn default() -> Self {
        Self::new()
    }
}

impl Keys {
    /// The schema of `keys`.
    pub fn schema() -> SchemaRef {
        let s = |n: &str, null| Field::new(n, DataType::Utf8, null);
        schema(vec![
            s("file", false),
            Field::new("frame", DataType::UInt64, false),
            Field::new("time", ts_type(), false),
            s("event", false),
            s("key", false),
            s("ue", true),
            Field::new("ue_ctx", DataType::UInt32, true),
            s("enb", true),
            Field::new("key_id", DataType::UInt8, true),
            Field::new("refresh_counter", DataType::UInt16, true),
            s("value", false),
            s("item", false),
        ])
    }

    /// An empty table.
    pub fn new() -> Self {
        Keys {
            schema: Self::schema(),
            rows: 0,
            file: StringBuilder::new(),
            frame: UInt64Builder::new(),
            time: ts_builder(),
            event: StringBuilder::new(),
            key: StringBuilder::new(),
            ue: StringBuilder::new(),
            ue_ctx: UInt32Builder::new(),
            enb: StringBuilder::new(),
            key_id: UInt8Builder::new(),
            refresh_counter: UInt16Builder::new(),
            value: StringBuilder::new(),
            item: StringBuilder::new(),
        }
    }

    /// Rows not yet handed out.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// No rows pending.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Appends a row.
    pub fn push(&mut self, r: &KeyRow<'_>) {
        self.rows += 1;
        self.file.append_value(r.file);
        self.frame.append_value(r.frame);
        self.time.append_value(micros(r.time));
        self.event.append_value(r.event);
        self.key.append_value(&r.key);
        self.ue.append_option(r.ue.as_deref());
        self.ue_ctx.append_option(r.ue_ctx);
        self.enb.append_option(r.enb.as_deref());
        self.key_id.append_option(r.key_id);
        self.refresh_counter.append_option(r.refresh_counter);
        self.value.append_value(&r.value);
        self.item.append_value(&r.item);
    }

    /// The pending rows as a batch.
    pub fn take(&mut self) -> RecordBatch {
        self.rows = 0;
        let cols: Vec<ArrayRef> = vec![
            Arc::new(self.file.finish()),
            Arc::new(self.frame.finish()),
            Arc::new(self.time.finish()),
            Arc::new(self.event.finish()),
            Arc::new(self.key.finish()),
            Arc::new(self.ue.finish()),
            Arc::new(self.ue_ctx.finish()),
            Arc::new(self.enb.finish()),
            Arc::new(self.key_id.finish()),
            Arc::new(self.refresh_counter.finish()),
            Arc::new(self.value.finish()),
            Arc::new(self.item.finish()),
        ];
        batch(&self.schema, cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A type as docs/export.md spells it (`utf8?` for a nullable utf8).
    fn spelled(f: &Field) -> String {
        fn t(d: &DataType) -> String {
            match d {
                DataType::Utf8 => "utf8".into(),
                DataType::UInt8 => "uint8".into(),
                DataType::UInt16 => "uint16".into(),
                DataType::UInt32 => "uint32".into(),
                DataType::UInt64 => "uint64".into(),
                DataType::Float64 => "float64".into(),
                DataType::Boolean => "bool".into(),
                DataType::Timestamp(TimeUnit::Microsecond, Some(z)) => {
                    format!("timestamp[us, {z}]")
                }
                DataType::List(inner) => format!("list\\<{}\\>", t(inner.data_type())),
                other => panic!("docs/export.md has no spelling for {other:?}"),
            }
        }
        format!(
            "{}{}",
            t(f.data_type()),
            if f.is_nullable() { "?" } else { "" }
        )
    }

    /// The (column, type) rows of the table under `### name` in docs/export.md.
    fn documented(doc: &str, name: &str) -> Vec<(String, String)> {
        let start = doc
            .find(&format!("\n### {name}\n"))
            .unwrap_or_else(|| panic!("docs/export.md has no section for {name}"));
        doc[start + 1..]
            .lines()
            .skip(1)
            .skip_while(|l| !l.starts_with('|'))
            .take_while(|l| l.starts_with('|'))
            .skip(2)
            .map(|l| {
                let cells: Vec<&str> = l.split('|').map(str::trim).collect();
                (cells[1].to_owned(), cells[2].to_owned())
            })
            .collect()
    }

    /// The schema is the documented one, column by column, and carries its version.
    #[test]
    fn schema_is_documented() {
        let doc = include_str!("../../../docs/export.md");
        assert!(
            doc.contains(&format!("Schema version **{SCHEMA_VERSION}**")),
            "docs/export.md states another schema version"
        );
        let schemas = [
            ("messages", Messages::schema()),
            ("handovers", Handovers::schema()),
            ("handovers_merged", MergedHandovers::schema()),
            ("findings", Findings::schema()),
            ("keys", Keys::schema()),
        ];
        assert_eq!(schemas.clone().map(|s| s.0), TABLES);
        for (name, s) in schemas {
            let actual: Vec<(String, String)> = s
                .fields()
                .iter()
                .map(|f| (f.name().clone(), spelled(f)))
                .collect();
            assert_eq!(actual, documented(doc, name), "table {name}");
            assert_eq!(
                s.metadata().get("keyhop.schema_version"),
                Some(&SCHEMA_VERSION.to_string())
            );
        }
    }

    /// Every builder produces the columns its schema names (a batch of one row of each).
    #[test]
    fn batches_follow_the_schema() {
        let mut m = Messages::new();
        m.push(&MessageRow {
            file: "f",
            protocol: "s1ap",
            notes: vec!["n".into()],
            json: "{}",
            ..Default::default()
        });
        assert_eq!(m.take().num_rows(), 1);
        let mut h = Handovers::new();
        h.push(&HandoverRow {
            file: "f",
            kind: "x2-makr",
            outcome: "complete",
            key_chain: "ok",
            steps: vec![StepAt {
                name: "a",
                file: None,
                frame: 1,
            }],
            ..Default::default()
        });
        assert_eq!(h.take().num_rows(), 1);
        let mut k = Keys::new();
        k.push(&KeyRow {
            file: "f",
            event: "learned",
            ..Default::default()
        });
        assert_eq!(k.take().num_rows(), 1);
        let mut f = Findings::new();
        f.push(
            "f",
            &crate::validate::rules::Finding::new(
                crate::validate::rules::Rule::HoNcc,
                &[3, 4],
                "t",
            ),
        );
        let b = f.take();
        assert_eq!(b.num_rows(), 1);
        assert!(f.is_empty());
    }
}
