//! Where a table's record batches go: a Parquet file or an Arrow IPC file, with row groups
//! (batches) written as they fill so memory stays bounded whatever the capture's size.

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
                // The `json` column of `messages` holds a distinct record per row: a
                // dictionary of it (tried until it overflows) and min/max statistics of it
                // cost time and help no reader.
                //
                // Statistics stay per column chunk (readers prune row groups by them) but not
                // per page, and no page index is written: the writer keeps every row group's
                // column index and offset index in memory until the file closes (they go
                // before the footer), so memory grew with the capture's length (7 MiB of 94
                // at 3M packets, docs/performance.md). A group is only ROWS_PER_GROUP rows
                // (few pages per column), so the page index let readers skip little more.
                let json = ColumnPath::from("json");
                let props = WriterProperties::builder()
                    .set_compression(compression.parquet())
                    .set_statistics_enabled(EnabledStatistics::Chunk)
                    .set_offset_index_disabled(true)
                    .set_column_dictionary_enabled(json.clone(), false)
                    .set_column_statistics_enabled(json, EnabledStatistics::None)
                    .set_max_row_group_row_count(Some(ROWS_PER_GROUP))
                    .set_created_by(format!("keyhop {}", env!("CARGO_PKG_VERSION")))
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
