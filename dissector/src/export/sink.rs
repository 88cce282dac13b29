//! Where a table's record batches go: a Parquet file or an Arrow IPC file, with row groups
//! (batches) written as they fill, and a table rolled over to a new part file every
//! [`Options::rows_per_file`](super::Options::rows_per_file) rows ([`Parts`]), so memory
//! stays bounded whatever the capture's size.

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::file::properties::{EnabledStatistics, WriterProperties};
use parquet::schema::types::ColumnPath;
use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The file format of `keyhop export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// Apache Parquet (zstd by default, `--compression`), read by DuckDB, Polars, Spark, pandas.
    Parquet,
    /// Arrow IPC file (Feather v2), for zero-copy readers.
    Arrow,
}

impl FileFormat {
    /// The file name extension.
    pub fn extension(self) -> &'static str {
        match self {
            FileFormat::Parquet => "parquet",
            FileFormat::Arrow => "arrow",
        }
    }
}

/// The compression of Parquet pages (Arrow IPC files are written uncompressed, for
/// zero-copy readers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Compression {
    /// Zstandard at level 1: on keyhop's records it compresses about twice as fast as snappy
    /// and to a sixth of snappy's size (the JSON of one message repeats the field names of
    /// the page's other records, which zstd's window sees and snappy's does not).
    #[default]
    Zstd,
    /// Snappy, for readers that predate Zstandard.
    Snappy,
    /// None.
    None,
}

impl Compression {
    fn parquet(self) -> parquet::basic::Compression {
        use parquet::basic::Compression as C;
        match self {
            // Level 1 is ZstdLevel's default: the speed of snappy and more.
            Compression::Zstd => C::ZSTD(parquet::basic::ZstdLevel::default()),
            Compression::Snappy => C::SNAPPY,
            Compression::None => C::UNCOMPRESSED,
        }
    }
}

/// Rows per Parquet row group and per Arrow batch: small enough that a table's buffered rows
/// (the `messages` JSON column dominates) stay in the tens of MiB.
pub const ROWS_PER_GROUP: usize = 8192;

/// One open output file of one table.
pub struct Sink {
    path: PathBuf,
    inner: Inner,
}

enum Inner {
    Parquet(Box<ArrowWriter<File>>),
    Arrow(Box<arrow_ipc::writer::FileWriter<File>>),
}

fn other(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

impl Sink {
    /// Creates `path` (and its directory) for batches of `schema`; `compression` applies to
    /// Parquet.
    pub fn create(
        path: &Path,
        schema: SchemaRef,
        format: FileFormat,
        compression: Compression,
    ) -> io::Result<Sink> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let file = File::create(path)?;
        let inner = match format {
            FileFormat::Parquet => {
                let props = WriterProperties::builder()
                    .set_compression(compression.parquet())
                    // No dictionaries: zstd finds the repeats of the few-valued string columns
                    // on its own (the 1M-packet `messages` table was 4% smaller without them),
                    // and the frame, time and id columns would fill a dictionary of distinct
                    // values per row group only to abandon it. Hashing every value into a
                    // dictionary cost about 4% of export's time.
                    .set_dictionary_enabled(false)
                    // Statistics on the columns readers filter by range (frame, time, ids):
                    // min/max of every string value cost about 4% more and prune nothing, as
                    // a row group holds every protocol and message type.
                    //
                    // Per column chunk (readers prune row groups by them) but not per page, and
                    // no page index: the writer keeps every row group's column index and offset
                    // index in memory until the file closes (they go before the footer), so
                    // memory grew with the capture's length (7 MiB of 94 at 3M packets,
                    // docs/performance.md). A group is only ROWS_PER_GROUP rows (few pages
                    // per column), so the page index let readers skip little more.
                    .set_statistics_enabled(EnabledStatistics::None)
                    .set_offset_index_disabled(true)
                    .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
                    .set_created_by(format!("keyhop {}", env!("CARGO_PKG_VERSION")));
                let props = schema
                    .fields()
                    .iter()
                    .filter(|f| f.data_type().is_primitive())
                    .fold(props, |p, f| {
                        p.set_column_statistics_enabled(
                            ColumnPath::from(f.name().as_str()),
                            EnabledStatistics::Chunk,
                        )
                    })
                    .build();
                Inner::Parquet(Box::new(
                    ArrowWriter::try_new(file, schema, Some(props)).map_err(other)?,
                ))
            }
            FileFormat::Arrow => Inner::Arrow(Box::new(
                arrow_ipc::writer::FileWriter::try_new(file, &schema).map_err(other)?,
            )),
        };
        Ok(Sink {
            path: path.to_owned(),
            inner,
        })
    }

    /// Writes one batch.
    pub fn write(&mut self, batch: &RecordBatch) -> io::Result<()> {
        let r = match &mut self.inner {
            Inner::Parquet(w) => w.write(batch).map_err(other),
            Inner::Arrow(w) => w.write(batch).map_err(other),
        };
        r.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", self.path.display())))
    }

    /// Finishes the file (footer, metadata).
    pub fn close(self) -> io::Result<()> {
        let path = self.path;
        let r = match self.inner {
            Inner::Parquet(w) => w.close().map(|_| ()).map_err(other),
            Inner::Arrow(mut w) => w.finish().map_err(other),
        };
        r.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }
}

/// Rows per part file by default: 16 row groups of [`ROWS_PER_GROUP`]. A Parquet writer
/// holds the metadata of every row group and column chunk it wrote until the file closes
/// (the footer), so a file per table per input made memory grow with the capture's length;
/// with 128 groups per file memory still rose from 3M to 6M packets (+11 MiB, four tables
/// filling their first files), with 16 it is flat from 3M on (docs/performance.md). A
/// `messages` part is then about 10 MB of zstd Parquet.
pub const ROWS_PER_FILE: u64 = 16 * ROWS_PER_GROUP as u64;

/// The file of part `k` of a table: `dir/STEM-K.EXT` (`part-0.parquet`, `a.pcapng-3.arrow`).
pub fn part_path(dir: &Path, stem: &str, k: u32, format: FileFormat) -> PathBuf {
    dir.join(format!("{stem}-{k}.{}", format.extension()))
}

/// The part number of `file_name` if it is a part of `stem` (`STEM-K.parquet` or
/// `STEM-K.arrow`, K decimal digits).
pub fn part_number(file_name: &str, stem: &str) -> Option<u32> {
    let rest = file_name.strip_prefix(stem)?.strip_prefix('-')?;
    let (k, ext) = rest.split_once('.')?;
    let known = ext == FileFormat::Parquet.extension() || ext == FileFormat::Arrow.extension();
    (known && !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
        .then(|| k.parse().ok())
        .flatten()
}

/// Removes the parts of `stem` in `dir` (of either format) that an earlier export left, so
/// that a dataset read back by glob holds this export's parts only (a shorter table now has
/// fewer parts). Other files are left alone.
pub fn remove_parts(dir: &Path, stem: &str) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for e in entries {
        let e = e?;
        let name = e.file_name();
        if name
            .to_str()
            .is_some_and(|n| part_number(n, stem).is_some())
            && e.file_type()?.is_file()
        {
            std::fs::remove_file(e.path())?;
        }
    }
    Ok(())
}

/// One table written as part files `dir/STEM-0.EXT`, `dir/STEM-1.EXT`, ... of at most
/// `rows_per_file` rows each: a file is closed (its footer written) as soon as it holds
/// `rows_per_file` rows, and the next rows open the next part; a batch that does not fit is
/// cut ([`RecordBatch::slice`], no copy). Reading the parts in part order gives the rows in
/// the order they were written.
///
/// A file can also be ended early ([`Parts::end_file`], `--partition hour` does it to bound
/// its open files): the part counter lives here, so the next file never reuses a name.
pub struct Parts {
    dir: PathBuf,
    stem: String,
    schema: SchemaRef,
    format: FileFormat,
    compression: Compression,
    rows_per_file: u64,
    /// The next part's number.
    next: u32,
    /// The open part and its rows.
    open: Option<(Sink, u64)>,
}

impl Parts {
    /// Parts of `stem` in `dir` for batches of `schema`, at most `rows_per_file` rows each
    /// (at least 1 is used). The parts an earlier export left there are removed; no file is
    /// created until a batch is written or [`Parts::open_file`] is called.
    pub fn new(
        dir: &Path,
        stem: &str,
        schema: SchemaRef,
        format: FileFormat,
        compression: Compression,
        rows_per_file: u64,
    ) -> io::Result<Parts> {
        remove_parts(dir, stem)
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", dir.display())))?;
        Ok(Parts {
            dir: dir.to_owned(),
            stem: stem.to_owned(),
            schema,
            format,
            compression,
            rows_per_file: rows_per_file.max(1),
            next: 0,
            open: None,
        })
    }

    /// Opens the next part unless one is open: a table with no rows still gets its (empty)
    /// file, with the schema.
    pub fn open_file(&mut self) -> io::Result<()> {
        if self.open.is_none() {
            let path = part_path(&self.dir, &self.stem, self.next, self.format);
            let sink = Sink::create(&path, self.schema.clone(), self.format, self.compression)?;
            self.next += 1;
            self.open = Some((sink, 0));
        }
        Ok(())
    }

    /// Writes `batch`, cut where a part fills.
    pub fn write(&mut self, batch: &RecordBatch) -> io::Result<()> {
        let mut at = 0;
        while at < batch.num_rows() {
            self.open_file()?;
            let (sink, rows) = self.open.as_mut().expect("opened");
            let room = usize::try_from(self.rows_per_file - *rows).unwrap_or(usize::MAX);
            let n = room.min(batch.num_rows() - at);
            if at == 0 && n == batch.num_rows() {
                sink.write(batch)?;
            } else {
                sink.write(&batch.slice(at, n))?;
            }
            *rows += n as u64;
            at += n;
            if *rows >= self.rows_per_file {
                self.end_file()?;
            }
        }
        Ok(())
    }

    /// Closes the open part, if any; the next write opens the next part.
    pub fn end_file(&mut self) -> io::Result<()> {
        match self.open.take() {
            Some((sink, _)) => sink.close(),
            None => Ok(()),
        }
    }

    /// Parts opened so far.
    pub fn files(&self) -> u32 {
        self.next
    }

    /// Closes the open part.
    pub fn close(mut self) -> io::Result<()> {
        self.end_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::{Array, UInt64Array};
    use arrow_schema::{DataType, Field, Schema};
    use std::sync::Arc;

    #[test]
    fn part_names() {
        assert_eq!(part_number("part-0.parquet", "part"), Some(0));
        assert_eq!(part_number("part-12.arrow", "part"), Some(12));
        assert_eq!(part_number("a.pcapng-2-0.parquet", "a.pcapng"), None);
        assert_eq!(part_number("a.pcapng-2-0.parquet", "a.pcapng-2"), Some(0));
        assert_eq!(part_number("part-.parquet", "part"), None);
        assert_eq!(part_number("part-1.csv", "part"), None);
        assert_eq!(part_number("part-1x.parquet", "part"), None);
        assert_eq!(
            part_path(Path::new("d"), "part", 3, FileFormat::Arrow),
            Path::new("d/part-3.arrow")
        );
    }

    fn read(p: &Path) -> Vec<u64> {
        let f = File::open(p).unwrap();
        parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(f)
            .unwrap()
            .build()
            .unwrap()
            .flat_map(|b| {
                let b = b.unwrap();
                let c = b.column(0).as_any().downcast_ref::<UInt64Array>().unwrap();
                c.values().to_vec()
            })
            .collect()
    }

    /// Batches of 5 into parts of 7 rows: cut batches, every part but the last exactly
    /// full, the rows in order; an early end opens the next number; stale parts removed.
    #[test]
    fn rolls_at_the_row_limit() {
        let dir = std::env::temp_dir().join(format!("keyhop-parts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("part-40.parquet"), b"stale").unwrap();
        std::fs::write(dir.join("other.txt"), b"kept").unwrap();
        let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::UInt64, false)]));
        let mut p = Parts::new(
            &dir,
            "part",
            schema.clone(),
            FileFormat::Parquet,
            Compression::None,
            7,
        )
        .unwrap();
        assert!(!dir.join("part-40.parquet").exists());
        assert!(dir.join("other.txt").exists());
        let mut n = 0u64;
        for _ in 0..6 {
            let b = RecordBatch::try_new(
                schema.clone(),
                vec![Arc::new(UInt64Array::from_iter_values(n..n + 5))],
            )
            .unwrap();
            n += 5;
            p.write(&b).unwrap();
        }
        // 30 rows: 7 + 7 + 7 + 7 + 2, the last still open; then ended early and 3 more.
        p.end_file().unwrap();
        let b = RecordBatch::try_new(
            schema.clone(),
            vec![Arc::new(UInt64Array::from_iter_values(30..33))],
        )
        .unwrap();
        p.write(&b).unwrap();
        assert_eq!(p.files(), 6);
        p.close().unwrap();
        let sizes: Vec<usize> = (0..6)
            .map(|k| read(&part_path(&dir, "part", k, FileFormat::Parquet)).len())
            .collect();
        assert_eq!(sizes, [7, 7, 7, 7, 2, 3]);
        let all: Vec<u64> = (0..6)
            .flat_map(|k| read(&part_path(&dir, "part", k, FileFormat::Parquet)))
            .collect();
        assert_eq!(all, (0..33).collect::<Vec<_>>());
        assert!(!part_path(&dir, "part", 6, FileFormat::Parquet).exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
