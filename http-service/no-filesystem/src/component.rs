//! The export glue: `wasi:filesystem/preopens` with no directory and
//! `wasi:filesystem/types` with resources that cannot exist.

#![allow(unsafe_code)] // The generated bindings are canonical-ABI glue.

/// Generated at build time from `../../wit`; the lints are for our code only.
#[allow(clippy::all, clippy::pedantic, missing_docs)]
mod bindings {
    wit_bindgen::generate!({
        path: "../../wit",
        world: "no-filesystem-component",
        // The WASI interfaces the exports use (io streams and errors,
        // wall-clock datetimes) too: no wasi crate is shared with other code.
        generate_all,
    });
}

use bindings::exports::wasi::filesystem::{preopens, types as fs};
use bindings::wasi::io::error::Error as StreamError;

/// A `descriptor`: an enum with no variants, so no value of it exists, and
/// the methods below need no body but `match *self {}`.
enum Descriptor {}

/// A `directory-entry-stream`: only `read-directory` on a descriptor makes
/// one, so there is none either.
enum DirectoryEntryStream {}

struct NoFilesystem;

impl preopens::Guest for NoFilesystem {
    /// No preopened directory: the one place descriptors come from.
    fn get_directories() -> Vec<(fs::Descriptor, String)> {
        Vec::new()
    }
}

impl fs::Guest for NoFilesystem {
    type Descriptor = Descriptor;
    type DirectoryEntryStream = DirectoryEntryStream;

    /// The adapter asks this of every failed stdout/stderr write: those
    /// streams are not files, so there is no filesystem error to name (the
    /// adapter then reports `EIO`).
    fn filesystem_error_code(_: &StreamError) -> Option<fs::ErrorCode> {
        None
    }
}

impl fs::GuestDirectoryEntryStream for DirectoryEntryStream {
    fn read_directory_entry(&self) -> Result<Option<fs::DirectoryEntry>, fs::ErrorCode> {
        match *self {}
    }
}

impl fs::GuestDescriptor for Descriptor {
    fn read_via_stream(&self, _: fs::Filesize) -> Result<fs::InputStream, fs::ErrorCode> {
        match *self {}
    }

    fn write_via_stream(&self, _: fs::Filesize) -> Result<fs::OutputStream, fs::ErrorCode> {
        match *self {}
    }

    fn append_via_stream(&self) -> Result<fs::OutputStream, fs::ErrorCode> {
        match *self {}
    }

    fn advise(&self, _: fs::Filesize, _: fs::Filesize, _: fs::Advice) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn sync_data(&self) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn get_flags(&self) -> Result<fs::DescriptorFlags, fs::ErrorCode> {
        match *self {}
    }

    fn get_type(&self) -> Result<fs::DescriptorType, fs::ErrorCode> {
        match *self {}
    }

    fn set_size(&self, _: fs::Filesize) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn set_times(&self, _: fs::NewTimestamp, _: fs::NewTimestamp) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn read(&self, _: fs::Filesize, _: fs::Filesize) -> Result<(Vec<u8>, bool), fs::ErrorCode> {
        match *self {}
    }

    fn write(&self, _: Vec<u8>, _: fs::Filesize) -> Result<fs::Filesize, fs::ErrorCode> {
        match *self {}
    }

    fn read_directory(&self) -> Result<fs::DirectoryEntryStream, fs::ErrorCode> {
        match *self {}
    }

    fn sync(&self) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn create_directory_at(&self, _: String) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn stat(&self) -> Result<fs::DescriptorStat, fs::ErrorCode> {
        match *self {}
    }

    fn stat_at(&self, _: fs::PathFlags, _: String) -> Result<fs::DescriptorStat, fs::ErrorCode> {
        match *self {}
    }

    fn set_times_at(
        &self,
        _: fs::PathFlags,
        _: String,
        _: fs::NewTimestamp,
        _: fs::NewTimestamp,
    ) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn link_at(
        &self,
        _: fs::PathFlags,
        _: String,
        _: fs::DescriptorBorrow<'_>,
        _: String,
    ) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn open_at(
        &self,
        _: fs::PathFlags,
        _: String,
        _: fs::OpenFlags,
        _: fs::DescriptorFlags,
    ) -> Result<fs::Descriptor, fs::ErrorCode> {
        match *self {}
    }

    fn readlink_at(&self, _: String) -> Result<String, fs::ErrorCode> {
        match *self {}
    }

    fn remove_directory_at(&self, _: String) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn rename_at(
        &self,
        _: String,
        _: fs::DescriptorBorrow<'_>,
        _: String,
    ) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn symlink_at(&self, _: String, _: String) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn unlink_file_at(&self, _: String) -> Result<(), fs::ErrorCode> {
        match *self {}
    }

    fn is_same_object(&self, _: fs::DescriptorBorrow<'_>) -> bool {
        match *self {}
    }

    fn metadata_hash(&self) -> Result<fs::MetadataHashValue, fs::ErrorCode> {
        match *self {}
    }

    fn metadata_hash_at(
        &self,
        _: fs::PathFlags,
        _: String,
    ) -> Result<fs::MetadataHashValue, fs::ErrorCode> {
        match *self {}
    }
}

bindings::export!(NoFilesystem with_types_in bindings);
