//! Article Annotator's command-line side: the evaluation of the engines against gold data
//! (exactly as `../shared/data/README.md` scores them) and what the tools share. The tools are
//! the binaries: `annotate`, `evaluate`, `train-entities`, `train-speakers`, and `engine-wasm`
//! (the engines built for Node, for the benchmarks); the command-line parser they share is
//! [`args`].

pub mod args;
pub mod evaluation;

/// The entity model the page ships (`assets/entity-model.bin`, written by `train-entities`),
/// compiled into the tools.
pub const ENTITY_MODEL: &[u8] = include_bytes!("../../../assets/entity-model.bin");
