//! tierbook turns a financial advisor's client workbook into a tiered
//! service plan.
//!
//! Data flows one way, one module per stage:
//! [`read`] (calamine: any workbook or a CSV list, sheets located by name and
//! key header) → [`validate`] (typed [`model::Book`], every problem and issue
//! collected) → [`segment`] (scores and tiers; pure) → [`totals`] (per-tier
//! figures and warnings; pure) → [`write`] (rust_xlsxwriter, saved
//! atomically). The [`cmd`] modules run the stages for each subcommand.

pub mod adopt;
pub mod analysis;
pub mod batch;
pub mod capacity;
pub mod cli;
pub mod cmd;
pub mod dates;
pub mod error;
pub mod location;
pub mod lock;
pub mod model;
pub mod names;
pub mod plan;
/// The coach's roll-up figures, also computed by `run` for each book.
pub use batch::portfolio;
pub mod read;
pub mod review;
pub mod schema;
pub mod segment;
pub mod send;
pub mod template;
pub mod totals;
pub mod validate;
pub mod value;
pub mod write;

pub use error::{Error, Issue, Problem};
