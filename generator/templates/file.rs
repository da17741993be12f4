//! Files: the bytes of a schema of `format: binary` (a part of a multipart body), with the file
//! name and content type to send them under.

use std::fmt;

/// A file to upload, or one received: its bytes, and optionally a file name and content type.
///
/// In a multipart body it is a file part. Where a JSON schema has `format: binary` (a text
/// format, in JSON), it is written and read as a string of its bytes.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file of `bytes`, without a name or content type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name to send (`Content-Disposition`'s `filename`).
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The content type to send, e.g. `image/png`.
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes, by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The file name, if set.
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The content type, if set.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("File")
            .field("bytes", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}
