//! `keyhop._native`: the Rust half of the `keyhop` Python package (pysrc/keyhop).
//!
//! Decoders hand Python the JSON text of docs/json.md (the package turns it into dicts), the
//! encoder takes that text back (`keyhop_codec::json`), captures
//! come out as Arrow IPC streams of the `messages` table of docs/export.md (pyarrow and Polars
//! read them without a copy through JSON), and the TS 33.401 derivations take and give bytes.
//! Errors become `ValueError` (bad input: the text names the protocol, field and offset) or
//! `OSError` (files); no Rust panic crosses into Python (pyo3 turns one into an exception).
#![forbid(unsafe_code)]

use keyhop::capture::{AppProto, CaptureReader};
use keyhop::export::rows::Extractor;
use keyhop::export::tables::Messages;
use keyhop::export::Options;
use keyhop::keys::KeysFile;
use keyhop::validate::engine::{Engine, Limits};
use keyhop::validate::Validator;
use keyhop_codec::security::keys::{Key128, Key256};
use keyhop_codec::security::{kdf, makr};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

fn value_error(e: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Decodes one message of `protocol` (`s1ap`, `x2ap`, `gtpv2`, `gtpv1`, `nas`, or a MAKR type
/// `makr:KeyDistribution`...) to its JSON text; `show_keys` / `show_raw` print key material /
/// raw octets in full (what [`encode_json`] needs to give the octets back).
#[pyfunction]
#[pyo3(signature = (protocol, data, show_keys = false, show_raw = false))]
fn decode_json(protocol: &str, data: &[u8], show_keys: bool, show_raw: bool) -> PyResult<String> {
    let _show = keyhop_codec::redact::show_keys(show_keys);
    let _raw = keyhop_codec::redact::show_raw(show_raw);
    let app = match protocol {
        "s1ap" => AppProto::S1ap,
        "x2ap" => AppProto::X2ap,
        "gtpv2" => AppProto::Gtpv2c,
        "gtpv1" => AppProto::Gtpv1c,
        // The NAS view of docs/json.md (security header, then the plain message if readable);
        // a header cut short is an error naming the field and offset, as in the C ABI.
        "nas" => {
            keyhop_codec::nas::decode(data).map_err(value_error)?;
            return serde_json::to_string(&keyhop_codec::nas::msg::NasView::of(data, None))
                .map_err(value_error);
        }
        p if p.starts_with("makr:") => return makr_json(&p[5..], data),
        p => return Err(value_error(format!("unknown protocol {p:?}"))),
    };
    let d = keyhop::decoded::Decoded::decode(app, data).map_err(value_error)?;
    serde_json::to_string(&d).map_err(value_error)
}

/// Encodes one message of `protocol` from its JSON text (docs/json.md, as [`decode_json`]
/// gives it with keys and raw octets shown): the octets it was decoded from, or the edited
/// message. Errors name the protocol and the field, never a value's octets.
#[pyfunction]
fn encode_json<'py>(py: Python<'py>, protocol: &str, json: &str) -> PyResult<Bound<'py, PyBytes>> {
    let b = keyhop_codec::json::encode(protocol, json).map_err(value_error)?;
    Ok(PyBytes::new(py, &b))
}

/// The application messages of a capture as `(frame, protocol, octets)` (protocol as
/// [`decode_json`] names it), in capture order; frames that do not read end the list with an
/// `OSError` naming the frame.
#[pyfunction]
fn capture_payloads<'py>(
    py: Python<'py>,
    path: &str,
) -> PyResult<Vec<(u64, &'static str, Bound<'py, PyBytes>)>> {
    let mut r =
        CaptureReader::open(path).map_err(|e| PyOSError::new_err(format!("{path}: {e}")))?;
    let mut out = Vec::new();
    while let Some(frame) = r.next_frame() {
        let frame = frame.map_err(|e| PyOSError::new_err(format!("{path}: {e}")))?;
        for p in frame.payloads() {
            let proto = match p.app {
                AppProto::S1ap => "s1ap",
                AppProto::X2ap => "x2ap",
                AppProto::Gtpv2c => "gtpv2",
                AppProto::Gtpv1c => "gtpv1",
            };
            out.push((frame.number, proto, PyBytes::new(py, p.data)));
        }
    }
    Ok(out)
}

fn makr_json(ty: &str, data: &[u8]) -> PyResult<String> {
    use keyhop_codec::makr::*;
    macro_rules! go {
        ($t:ty) => {
            serde_json::to_string(&<$t>::from_aper(data).map_err(value_error)?).map_err(value_error)
        };
    }
    match ty {
        "KeyDistribution" => go!(KeyDistribution),
        "NeighbourKeyRequest" => go!(NeighbourKeyRequest),
        "NeighbourKeyResponse" => go!(NeighbourKeyResponse),
        "WrappedKeNB" => go!(WrappedKeNB),
        t => Err(value_error(format!("unknown MAKR type {t:?}"))),
    }
}

/// A capture's `messages` rows as Arrow IPC streams, one per batch of `batch_rows` rows.
#[pyclass(unsendable)]
struct CaptureBatches {
    reader: CaptureReader<std::fs::File>,
    ex: Extractor,
    /// validate's engine, for each message's event and UE (as `keyhop export`).
    engine: Engine,
    table: Messages,
    name: String,
    batch_rows: usize,
    show_keys: bool,
    show_raw: bool,
    done: bool,
    /// Why the capture ended early, raised once the rows read before it are handed out.
    failed: Option<String>,
    /// The damaged frames were said (a warning as the iteration ends: they are no messages).
    warned: bool,
}

impl CaptureBatches {
    /// The next batch's rows, or `None` at the end.
    fn fill(&mut self) -> PyResult<Option<arrow_ipc_bytes::Batch>> {
        let _show = keyhop_codec::redact::show_keys(self.show_keys);
        let _raw = keyhop_codec::redact::show_raw(self.show_raw);
        let CaptureBatches {
            reader,
            ex,
            engine,
            table,
            name,
            ..
        } = self;
        let mut val = Validator::new(engine);
        while table.len() < self.batch_rows && !self.done {
            match reader.next_frame() {
                None => {
                    self.done = true;
                    ex.end(reader.end_of_capture());
                }
                Some(Err(e)) => {
                    // The rows of the whole records before the damage go out first.
                    self.done = true;
                    ex.end(reader.end_of_capture());
                    self.failed = Some(format!("{name}: {e}"));
                }
                Some(Ok(frame)) => {
                    ex.frame(&frame, &mut val);
                    for p in frame.payloads() {
                        let rec = ex.message(name, &frame, &p, &mut val);
                        table.push(&rec.row);
                    }
                    // Findings are export's business, not this table's: dropped each frame.
                    val.end_frame(&mut ());
                }
            }
        }
        if table.is_empty() {
            return match self.failed.take() {
                Some(e) => Err(value_error(e)),
                None => Ok(None),
            };
        }
        Ok(Some(table.take()))
    }
}

/// Arrow IPC stream encoding of one batch.
mod arrow_ipc_bytes {
    /// A record batch.
    pub type Batch = arrow_array::RecordBatch;

    /// The batch as a complete IPC stream (schema, batch, end of stream).
    pub fn encode(b: &Batch) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut w = arrow_ipc::writer::StreamWriter::try_new(&mut out, &b.schema())
            .map_err(|e| e.to_string())?;
        w.write(b).map_err(|e| e.to_string())?;
        w.finish().map_err(|e| e.to_string())?;
        drop(w);
        Ok(out)
    }
}

#[pymethods]
impl CaptureBatches {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(mut slf: PyRefMut<'_, Self>, py: Python<'_>) -> PyResult<Option<Py<PyBytes>>> {
        let next = slf.fill();
        let damaged = slf.ex.damaged_frames();
        if slf.done && damaged > 0 && !slf.warned && !matches!(next, Ok(Some(_))) {
            // Said once, as the iteration ends (as `keyhop read` says it in its closing lines).
            slf.warned = true;
            let text = format!(
                "{}: {damaged} frames damaged (not messages: `keyhop read` shows them, `keyhop export` lists them as MALFORMED findings)",
                slf.name
            );
            let text = std::ffi::CString::new(text).map_err(value_error)?;
            let category = py.get_type::<pyo3::exceptions::PyUserWarning>();
            PyErr::warn(py, &category, &text, 1)?;
        }
        match next? {
            None => Ok(None),
            Some(b) => {
                let bytes = arrow_ipc_bytes::encode(&b).map_err(value_error)?;
                Ok(Some(PyBytes::new(py, &bytes).unbind()))
            }
        }
    }
}

/// Opens a capture for [`CaptureBatches`].
#[pyfunction]
#[pyo3(signature = (path, batch_rows = 8192, show_keys = false, show_raw = false))]
fn read_capture_ipc(
    path: &str,
    batch_rows: usize,
    show_keys: bool,
    show_raw: bool,
) -> PyResult<CaptureBatches> {
    let reader =
        CaptureReader::open(path).map_err(|e| PyOSError::new_err(format!("{path}: {e}")))?;
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
    Ok(CaptureBatches {
        reader,
        ex: Extractor::new(&Options::default()),
        engine: Engine::new(&KeysFile::default(), Limits::default()),
        table: Messages::new(),
        name,
        batch_rows: batch_rows.max(1),
        show_keys,
        show_raw,
        done: false,
        failed: None,
        warned: false,
    })
}

fn key256(what: &'static str, b: &[u8]) -> PyResult<Key256> {
    Key256::from_slice(what, b).map_err(value_error)
}

fn key128(what: &'static str, b: &[u8]) -> PyResult<Key128> {
    Key128::from_slice(what, b).map_err(value_error)
}

fn out<'py>(py: Python<'py>, b: &[u8]) -> Bound<'py, PyBytes> {
    PyBytes::new(py, b)
}

/// KeNB = KDF(KASME, uplink NAS COUNT) (TS 33.401 A.3).
#[pyfunction]
fn kenb<'py>(
    py: Python<'py>,
    kasme: &[u8],
    uplink_nas_count: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    Ok(out(
        py,
        kdf::kenb(&key256("KASME", kasme)?, uplink_nas_count).expose(),
    ))
}

/// NH = KDF(KASME, SYNC-input) (TS 33.401 A.4).
#[pyfunction]
fn nh<'py>(py: Python<'py>, kasme: &[u8], sync_input: &[u8]) -> PyResult<Bound<'py, PyBytes>> {
    let k = key256("KASME", kasme)?;
    let s = key256("SYNC-input", sync_input)?;
    Ok(out(py, kdf::nh(&k, &s).expose()))
}

/// The NH of chaining count `ncc` from KASME and the initial KeNB (TS 33.401 A.4, 7.2.8).
#[pyfunction]
fn nh_chain<'py>(
    py: Python<'py>,
    kasme: &[u8],
    initial_kenb: &[u8],
    ncc: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let k = key256("KASME", kasme)?;
    let e = key256("KeNB", initial_kenb)?;
    Ok(out(py, kdf::nh_chain(&k, &e, ncc).expose()))
}

/// KeNB* = KDF(K, target PCI, target EARFCN-DL) (TS 33.401 A.5); K is KeNB or NH.
#[pyfunction]
fn kenb_star<'py>(
    py: Python<'py>,
    key: &[u8],
    pci: u16,
    earfcn_dl: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let k = key256("KeNB/NH", key)?;
    let ks =
        kdf::kenb_star(&k, pci, earfcn_dl, kdf::EarfcnEncoding::ByValue).map_err(value_error)?;
    Ok(out(py, ks.expose()))
}

/// K'ASME at UTRAN to E-UTRAN handover from CK, IK and NONCE_MME (TS 33.401 A.10).
#[pyfunction]
fn kasme_prime<'py>(
    py: Python<'py>,
    ck: &[u8],
    ik: &[u8],
    nonce_mme: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let (c, i) = (key128("CK", ck)?, key128("IK", ik)?);
    Ok(out(
        py,
        kdf::kasme_prime_handover(&c, &i, nonce_mme).expose(),
    ))
}

/// (K_NASenc, K_NASint) from KASME for EEA `eea` and EIA `eia` (TS 33.401 A.7).
#[pyfunction]
fn nas_keys<'py>(
    py: Python<'py>,
    kasme: &[u8],
    eea: u8,
    eia: u8,
) -> PyResult<(Bound<'py, PyBytes>, Bound<'py, PyBytes>)> {
    let (enc, int) = kdf::nas_keys(&key256("KASME", kasme)?, eea, eia);
    Ok((out(py, enc.expose()), out(py, int.expose())))
}

/// Unwraps a MAKR wrapped KeNB under `kek` with `algorithm` (`aes-kw`, `aes-ctr-cmac`,
/// `aes-ecb`; key-refresh.md section 5). `aes-ctr-cmac` checks the binding: the target's
/// 8-octet ident, the MME-UE-S1AP-ID and the refreshCounter.
#[pyfunction]
#[pyo3(signature = (kek, wrapped, algorithm, target_ident = None, mme_ue_s1ap_id = 0, refresh_counter = 0))]
fn makr_unwrap<'py>(
    py: Python<'py>,
    kek: &[u8],
    wrapped: &[u8],
    algorithm: &str,
    target_ident: Option<&[u8]>,
    mme_ue_s1ap_id: u32,
    refresh_counter: u16,
) -> PyResult<Bound<'py, PyBytes>> {
    let alg = makr::WrapAlgorithm::from_name(algorithm)
        .ok_or_else(|| value_error(format!("unknown wrap algorithm {algorithm:?}")))?;
    let target_ident: [u8; 8] = match target_ident {
        None => [0; 8],
        Some(t) => t
            .try_into()
            .map_err(|_| value_error("target_ident must be 8 octets"))?,
    };
    let binding = makr::WrapBinding {
        target_ident,
        mme_ue_s1ap_id,
        refresh_counter,
    };
    let k = makr::unwrap_kenb(alg, kek, wrapped, &binding).map_err(value_error)?;
    Ok(out(py, k.expose()))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(decode_json, m)?)?;
    m.add_function(wrap_pyfunction!(encode_json, m)?)?;
    m.add_function(wrap_pyfunction!(capture_payloads, m)?)?;
    m.add_function(wrap_pyfunction!(read_capture_ipc, m)?)?;
    m.add_function(wrap_pyfunction!(kenb, m)?)?;
    m.add_function(wrap_pyfunction!(nh, m)?)?;
    m.add_function(wrap_pyfunction!(nh_chain, m)?)?;
    m.add_function(wrap_pyfunction!(kenb_star, m)?)?;
    m.add_function(wrap_pyfunction!(kasme_prime, m)?)?;
    m.add_function(wrap_pyfunction!(nas_keys, m)?)?;
    m.add_function(wrap_pyfunction!(makr_unwrap, m)?)?;
    m.add_class::<CaptureBatches>()?;
    Ok(())
}
