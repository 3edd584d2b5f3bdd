//! Small adapters over browser APIs (files, storage, clipboard, URL, selection), each a plain
//! function returning `Result` with a message a reader can act on. No application logic here.

pub mod files;
